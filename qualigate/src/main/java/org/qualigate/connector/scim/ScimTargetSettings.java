package org.qualigate.connector.scim;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qualigate.policy.RoleName;

/**
 * How to reach one SCIM 2.0 server and which of its groups stand for which roles.
 *
 * @param name the configured name of the target, e.g. {@code mes}
 * @param baseUrl the SCIM base, e.g. {@code https://mes.example.com/scim/v2}; a trailing slash is dropped
 * @param bearerToken sent as {@code Authorization: Bearer}; blank sends no authorisation header
 * @param matchAttribute {@code userName}, {@code externalId} or {@code employeeNumber} (of the enterprise user
 *     extension, RFC 7643 §4.3): the user attribute that holds the employee ID
 * @param groupDisplayNames role → display name of the SCIM group that grants it
 * @param defaultGroupsByRoleName when true every role is managed and a role without an entry in
 *     {@code groupDisplayNames} is the group whose display name is the role name
 * @param connectTimeout the longest wait to open a connection
 * @param requestTimeout the longest wait for an answer to one request
 */
public record ScimTargetSettings(
        String name,
        URI baseUrl,
        String bearerToken,
        String matchAttribute,
        Map<RoleName, String> groupDisplayNames,
        boolean defaultGroupsByRoleName,
        Duration connectTimeout,
        Duration requestTimeout) {

    public static final String USER_NAME = "userName";
    public static final String EXTERNAL_ID = "externalId";
    public static final String EMPLOYEE_NUMBER = "employeeNumber";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public ScimTargetSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a SCIM target needs a name");
        }
        if (baseUrl == null
                || !baseUrl.isAbsolute()
                || baseUrl.getHost() == null
                || !("http".equalsIgnoreCase(baseUrl.getScheme()) || "https".equalsIgnoreCase(baseUrl.getScheme()))) {
            throw new IllegalArgumentException(
                    "SCIM target '" + name + "' needs an absolute http(s) base URL, not " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "SCIM target '" + name + "': the base URL must not carry a query or fragment: " + baseUrl);
        }
        baseUrl = withoutTrailingSlash(baseUrl);
        if (bearerToken == null) {
            throw new IllegalArgumentException("SCIM target '" + name + "' needs a bearer token (blank for none)");
        }
        if (matchAttribute == null || matchAttribute.isBlank()) {
            matchAttribute = USER_NAME;
        } else if (USER_NAME.equalsIgnoreCase(matchAttribute.strip())) {
            matchAttribute = USER_NAME;
        } else if (EXTERNAL_ID.equalsIgnoreCase(matchAttribute.strip())) {
            matchAttribute = EXTERNAL_ID;
        } else if (EMPLOYEE_NUMBER.equalsIgnoreCase(matchAttribute.strip())
                || (ENTERPRISE_USER + ":" + EMPLOYEE_NUMBER).equalsIgnoreCase(matchAttribute.strip())) {
            matchAttribute = EMPLOYEE_NUMBER;
        } else {
            throw new IllegalArgumentException("SCIM target '" + name + "' matches users by '" + USER_NAME + "', '"
                    + EXTERNAL_ID + "' or '" + EMPLOYEE_NUMBER + "', not '" + matchAttribute + "'");
        }
        if (groupDisplayNames == null) {
            throw new IllegalArgumentException("SCIM target '" + name + "' needs a group per role map (may be empty)");
        }
        Map<String, RoleName> seen = new HashMap<>();
        for (Map.Entry<RoleName, String> entry : groupDisplayNames.entrySet()) {
            if (entry.getKey() == null
                    || entry.getValue() == null
                    || entry.getValue().isBlank()) {
                throw new IllegalArgumentException(
                        "SCIM target '" + name + "': role " + entry.getKey() + " needs a group display name");
            }
            // Group display names compare without case in SCIM (RFC 7643 §4.2), so two roles on names
            // that differ only in case would be the same group and could not be told apart on read.
            RoleName earlier = seen.put(fold(entry.getValue()), entry.getKey());
            if (earlier != null) {
                throw new IllegalArgumentException("SCIM target '" + name + "': roles " + earlier + " and "
                        + entry.getKey() + " both map to group '" + entry.getValue() + "'");
            }
        }
        groupDisplayNames = Map.copyOf(groupDisplayNames);
        connectTimeout = positive(name, "connect timeout", connectTimeout);
        requestTimeout = positive(name, "request timeout", requestTimeout);
    }

    /** Settings matching by {@code userName}, groups from the map only, and default timeouts. */
    public static ScimTargetSettings of(
            String name, URI baseUrl, String bearerToken, Map<RoleName, String> groupDisplayNames) {
        return new ScimTargetSettings(
                name,
                baseUrl,
                bearerToken,
                USER_NAME,
                groupDisplayNames,
                false,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public ScimTargetSettings withMatchAttribute(String attribute) {
        return new ScimTargetSettings(
                name,
                baseUrl,
                bearerToken,
                attribute,
                groupDisplayNames,
                defaultGroupsByRoleName,
                connectTimeout,
                requestTimeout);
    }

    public ScimTargetSettings withDefaultGroupsByRoleName(boolean enabled) {
        return new ScimTargetSettings(
                name, baseUrl, bearerToken, matchAttribute, groupDisplayNames, enabled, connectTimeout, requestTimeout);
    }

    public ScimTargetSettings withTimeouts(Duration connect, Duration request) {
        return new ScimTargetSettings(
                name,
                baseUrl,
                bearerToken,
                matchAttribute,
                groupDisplayNames,
                defaultGroupsByRoleName,
                connect,
                request);
    }

    /** The attribute path a user filter names: the enterprise extension's is fully qualified (RFC 7644 §3.10). */
    public String filterAttribute() {
        return matchAttribute.equals(EMPLOYEE_NUMBER) ? ENTERPRISE_USER + ":" + EMPLOYEE_NUMBER : matchAttribute;
    }

    /** Whether the role has a group in this target. */
    public boolean manages(RoleName role) {
        return defaultGroupsByRoleName || groupDisplayNames.containsKey(role);
    }

    /** The display name of the group that grants the role, if the role is managed. */
    public Optional<String> groupDisplayName(RoleName role) {
        String mapped = groupDisplayNames.get(role);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        return defaultGroupsByRoleName ? Optional.of(role.value()) : Optional.empty();
    }

    /** The managed role a group stands for, or empty when the group is not one of ours. */
    public Optional<RoleName> roleOfGroup(String displayName) {
        String folded = fold(displayName);
        for (Map.Entry<RoleName, String> entry : groupDisplayNames.entrySet()) {
            if (fold(entry.getValue()).equals(folded)) {
                return Optional.of(entry.getKey());
            }
        }
        if (!defaultGroupsByRoleName || !isRoleName(displayName)) {
            return Optional.empty();
        }
        RoleName byName = RoleName.of(displayName);
        // A role with its own entry is granted only through that entry's group, never through a
        // group that happens to carry the role's name.
        return groupDisplayNames.containsKey(byName) ? Optional.empty() : Optional.of(byName);
    }

    @Override
    public String toString() {
        return "ScimTargetSettings[name=" + name + ", baseUrl=" + baseUrl + ", bearerToken="
                + (bearerToken.isBlank() ? "(none)" : "(redacted)") + ", matchAttribute=" + matchAttribute
                + ", groupDisplayNames=" + groupDisplayNames + ", defaultGroupsByRoleName=" + defaultGroupsByRoleName
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    static String fold(String displayName) {
        return displayName.strip().toLowerCase(Locale.ROOT);
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static Duration positive(String name, String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "SCIM target '" + name + "' needs a positive " + what + ", not " + value);
        }
        return value;
    }

    private static boolean isRoleName(String candidate) {
        try {
            RoleName.of(candidate);
            return true;
        } catch (IllegalArgumentException notARole) {
            return false;
        }
    }
}
