package org.qualigate.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OAuth 2.0 token endpoint for the sandbox's SCIM server (RFC 6749 §4.4, client credentials), at
 * {@code /scim-oauth/token}: the client authenticates with HTTP Basic (or {@code client_id}/{@code client_secret} in
 * the form); the token it gets is accepted by the SCIM server as a bearer token until it is expired by the test.
 */
public final class ScimTokenEndpoint {

    public static final String PATH = "/scim-oauth/token";
    public static final String CLIENT_ID = "qualigate-scim";
    public static final String CLIENT_SECRET = "sandbox-scim-client-secret";
    public static final String SCOPE = "scim.groups";

    private final JsonMapper json;
    private final ScimServer scim;
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    ScimTokenEndpoint(JsonMapper json, ScimServer scim) {
        this.json = json;
        this.scim = scim;
    }

    /** How many tokens were issued. */
    public int tokensIssued() {
        return count.get();
    }

    /** Every token issued so far expires: the SCIM server refuses it with 401. */
    public void expireTokens() {
        issued.forEach(t -> scim.refuseAuthorization("Bearer " + t));
        issued.clear();
    }

    HttpReply handle(HttpCall call) {
        if (!call.method().equals("POST")) {
            return error(405, "invalid_request", "use POST");
        }
        Map<String, String> form = form(new String(call.body(), StandardCharsets.UTF_8));
        String client = null;
        String secret = null;
        String authorization = call.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    client = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                    secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                client = null;
            }
        } else {
            client = form.get("client_id");
            secret = form.get("client_secret");
        }
        if (!CLIENT_ID.equals(client) || !CLIENT_SECRET.equals(secret)) {
            return error(401, "invalid_client", "client authentication failed");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "only client_credentials");
        }
        String token = "scim-oauth-" + UUID.randomUUID();
        issued.add(token);
        count.incrementAndGet();
        scim.acceptAuthorization("Bearer " + token);
        ObjectNode answer = json.createObjectNode();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 3600);
        answer.put("scope", SCOPE);
        return HttpReply.of(200, HttpReply.JSON, json.writeValueAsBytes(answer));
    }

    private HttpReply error(int status, String code, String description) {
        ObjectNode answer = json.createObjectNode();
        answer.put("error", code);
        answer.put("error_description", description);
        return HttpReply.of(status, HttpReply.JSON, json.writeValueAsBytes(answer));
    }

    private static Map<String, String> form(@Nullable String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
