package org.qualigate.sandbox;

import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * An OpenID Connect provider in the manner of Keycloak or Entra ID, for the authorization code flow
 * (OpenID Connect Core 1.0 §3.1): discovery at {@code /oidc/.well-known/openid-configuration}, the JWKS, an
 * authorization endpoint that signs in the user the test configured without a login page, a token endpoint
 * that issues RS256-signed ID tokens (with {@code nonce}, {@code auth_time} and a roles claim), and userinfo.
 * A {@code prompt=login} or {@code max_age=0} request counts as a fresh sign-in ({@code auth_time} now).
 */
public final class OidcProvider {

    /** Where the provider lives on the sandbox's port; the issuer is the base URI plus this path. */
    public static final String PATH = "/oidc";

    public static final String CLIENT_ID = "qualigate";
    public static final String CLIENT_SECRET = "sandbox-oidc-secret";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final Supplier<URI> baseUri;
    private final ObjectMapper json;
    // ID tokens carry real time, as a real provider's do: the relying party checks them against its own clock.
    private final Clock clock = Clock.systemUTC();
    private final KeyPair keys;
    private final String keyId = "sandbox-" + UUID.randomUUID();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> accessTokens = new ConcurrentHashMap<>();
    private volatile @Nullable User signedIn;
    private volatile int authorizations;

    OidcProvider(Supplier<URI> baseUri, ObjectMapper json) {
        this.baseUri = baseUri;
        this.json = json;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key pair", e);
        }
    }

    /** A user of the provider: subject, user name, display name, e-mail and the roles claim's values. */
    public record User(
            String subject,
            String username,
            String name,
            @Nullable String email,
            List<String> roles) {

        public User {
            roles = List.copyOf(roles);
        }
    }

    /** The user the authorization endpoint signs in from now on (as if they had typed their password). */
    public void signInAs(User user) {
        this.signedIn = user;
    }

    /** No one is signed in: the authorization endpoint answers {@code access_denied}. */
    public void signOut() {
        this.signedIn = null;
    }

    /** How many authorization requests were answered with a code (a fresh sign-in each). */
    public int authorizations() {
        return authorizations;
    }

    public URI issuer() {
        return URI.create(baseUri.get() + PATH);
    }

    HttpReply handle(HttpCall call, String relative) {
        return switch (relative) {
            case "/.well-known/openid-configuration" -> discovery();
            case "/jwks" -> jsonReply(200, Map.of("keys", List.of(jwk())));
            case "/authorize" -> authorize(call);
            case "/token" -> call.method().equals("POST") ? token(call) : error(405, "invalid_request", "use POST");
            case "/userinfo" -> userinfo(call);
            default -> HttpReply.text(404, "no OIDC endpoint at " + relative);
        };
    }

    private HttpReply discovery() {
        String issuer = issuer().toString();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", issuer + "/authorize");
        d.put("token_endpoint", issuer + "/token");
        d.put("userinfo_endpoint", issuer + "/userinfo");
        d.put("jwks_uri", issuer + "/jwks");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("scopes_supported", List.of("openid", "profile", "email"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        d.put("grant_types_supported", List.of("authorization_code"));
        d.put("claims_supported", List.of("sub", "name", "preferred_username", "email", "roles", "auth_time"));
        return jsonReply(200, d);
    }

    private Map<String, Object> jwk() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("kty", "RSA");
        k.put("use", "sig");
        k.put("alg", "RS256");
        k.put("kid", keyId);
        k.put("n", B64URL.encodeToString(unsigned(key.getModulus())));
        k.put("e", B64URL.encodeToString(unsigned(key.getPublicExponent())));
        return k;
    }

    /** Core §3.1.2.1: errors before the redirect URI is trusted are shown, later ones are redirected. */
    private HttpReply authorize(HttpCall call) {
        String clientId = call.param("client_id");
        String redirectUri = call.param("redirect_uri");
        if (!CLIENT_ID.equals(clientId)) {
            return HttpReply.text(400, "unknown client_id");
        }
        if (redirectUri == null || !redirectUri.startsWith("http")) {
            return HttpReply.text(400, "redirect_uri is required");
        }
        String state = call.param("state");
        if (!"code".equals(call.param("response_type"))) {
            return redirect(redirectUri, Map.of("error", "unsupported_response_type"), state);
        }
        String scope = call.param("scope");
        if (scope == null || !Set.of(scope.split(" ")).contains("openid")) {
            return redirect(redirectUri, Map.of("error", "invalid_scope"), state);
        }
        User user = signedIn;
        if (user == null) {
            return redirect(
                    redirectUri,
                    Map.of("error", "prompt".equals(call.param("prompt")) ? "login_required" : "access_denied"),
                    state);
        }
        String code = token();
        codes.put(code, new Grant(clientId, redirectUri, call.param("nonce"), user, clock.instant(), scope));
        authorizations++;
        return redirect(redirectUri, Map.of("code", code), state);
    }

    private HttpReply token(HttpCall call) {
        Map<String, String> form = HttpCall.parseQuery(new String(call.body(), StandardCharsets.UTF_8));
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = call.header("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            clientId = java.net.URLDecoder.decode(pair.substring(0, Math.max(colon, 0)), StandardCharsets.UTF_8);
            secret = java.net.URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
        }
        if (!CLIENT_ID.equals(clientId)
                || secret == null
                || !MessageDigest.isEqual(
                        CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            return error(401, "invalid_client", "client authentication failed");
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "only authorization_code");
        }
        String code = form.get("code");
        Grant grant = code == null ? null : codes.remove(code);
        if (grant == null
                || !grant.clientId().equals(clientId)
                || clock.instant().isAfter(grant.at().plus(CODE_LIFETIME))) {
            return error(400, "invalid_grant", "unknown, used or expired code");
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            return error(400, "invalid_grant", "redirect_uri differs from the authorization request's");
        }
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer().toString());
        claims.put("sub", grant.user().subject());
        claims.put("aud", clientId);
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("auth_time", grant.at().getEpochSecond());
        if (grant.nonce() != null) {
            claims.put("nonce", grant.nonce());
        }
        claims.putAll(profile(grant.user()));
        String accessToken = token();
        accessTokens.put(accessToken, profileWithSubject(grant.user()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
        answer.put("scope", grant.scope());
        answer.put("id_token", sign(claims));
        return jsonReply(200, answer).header("Cache-Control", "no-store");
    }

    private HttpReply userinfo(HttpCall call) {
        String auth = call.header("Authorization");
        Map<String, Object> claims =
                auth != null && auth.startsWith("Bearer ") ? accessTokens.get(auth.substring(7)) : null;
        if (claims == null) {
            return HttpReply.empty(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        return jsonReply(200, claims);
    }

    private static Map<String, Object> profile(User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preferred_username", user.username());
        m.put("name", user.name());
        if (user.email() != null) {
            m.put("email", user.email());
        }
        m.put("roles", user.roles());
        return m;
    }

    private static Map<String, Object> profileWithSubject(User user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub", user.subject());
        m.putAll(profile(user));
        return m;
    }

    /** A compact JWS (RFC 7515) with RS256 over {@code base64url(header).base64url(claims)}. */
    private String sign(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId);
        String input = B64URL.encodeToString(json.writeValueAsBytes(header)) + "."
                + B64URL.encodeToString(json.writeValueAsBytes(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    private HttpReply redirect(String redirectUri, Map<String, String> params, @Nullable String state) {
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        Map<String, String> all = new LinkedHashMap<>(params);
        if (state != null) {
            all.put("state", state);
        }
        location.append(String.join(
                "&",
                all.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .toList()));
        return HttpReply.empty(302).header("Location", location.toString());
    }

    private HttpReply error(int status, String error, String description) {
        return jsonReply(status, Map.of("error", error, "error_description", description));
    }

    private HttpReply jsonReply(int status, Object body) {
        return HttpReply.of(status, HttpReply.JSON, json.writeValueAsBytes(body));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private record Grant(
            String clientId, String redirectUri, @Nullable String nonce, User user, Instant at, String scope) {}
}
