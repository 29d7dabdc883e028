package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.OidcProvider;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedSandbox;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Signing in through an OpenID Connect provider (the sandbox's, in the manner of Keycloak or Entra ID): the
 * authorization code flow with an RS256 ID token, an account bound to the provider's subject and created on
 * the first sign-in (audited once), roles from the provider's claim, and signatures by that account with its
 * own signing password, which never opens a session by itself.
 */
@TestPropertySource(
        properties = {
            "qualigate.identity.oidc.client-id=" + OidcProvider.CLIENT_ID,
            "qualigate.identity.oidc.client-secret=" + OidcProvider.CLIENT_SECRET,
            "qualigate.identity.oidc-roles-claim=roles",
            "qualigate.identity.oidc.role-mapping[qualigate-qa]=QA_APPROVER",
            "qualigate.identity.oidc.role-mapping[qualigate-audit]=AUDITOR"
        })
class OidcLoginIT extends QualigateIT {

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add(
                "qualigate.identity.oidc.issuer",
                () -> SharedSandbox.get().oidc().issuer().toString());
    }

    @Autowired
    ElectronicSignatures signatures;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Verifies("URS-SEC-005")
    @Test
    void aProviderUserSignsInGetsAnAccountOnFirstSignInAndRolesFromTheClaim() {
        String username = "oidc-" + run;
        OidcProvider.User user = new OidcProvider.User(
                "subject-" + run, username, "Olivia Idp", username + "@plant.example", List.of("qualigate-qa"));
        sandbox().oidc().signInAs(user);

        HttpResponse<String> session = signIn();
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        JsonNode me = JSON.readTree(session.body());
        assertThat(me.get("username").asString()).isEqualTo(username);
        assertThat(me.get("displayName").asString()).isEqualTo("Olivia Idp");
        assertThat(me.get("origin").asString()).isEqualTo("OIDC");
        assertThat(me.get("signedInWith").asString()).isEqualTo("OIDC");
        assertThat(me.get("roles").toString()).isEqualTo("[\"QA_APPROVER\"]");
        long id = me.get("id").asLong();

        // A second sign-in finds the same account; the provider's roles change, and so do the account's.
        sandbox()
                .oidc()
                .signInAs(new OidcProvider.User(
                        user.subject(),
                        username,
                        user.name(),
                        user.email(),
                        List.of("qualigate-audit", "offline_access")));
        JsonNode again = JSON.readTree(signIn().body());
        assertThat(again.get("id").asLong()).isEqualTo(id);
        assertThat(again.get("roles").toString()).isEqualTo("[\"AUDITOR\"]");

        JsonNode audit = json(get("/api/v1/audit?entityType=user&entityId=" + username));
        assertThat(audit.get("entries").findValuesAsString("action"))
                .containsOnlyOnce("user.first-sign-in", "user.created")
                .contains("user.roles-changed");
    }

    @Verifies("URS-ESG-003")
    @Test
    void anOidcUserSignsWithTheirSigningPasswordWhichNeverOpensASession() {
        String username = "oidc-signer-" + run;
        sandbox()
                .oidc()
                .signInAs(new OidcProvider.User(
                        "subject-signer-" + run, username, "Sam Signer", null, List.of("qualigate-qa")));
        assertThat(signIn().statusCode()).isEqualTo(200);

        String signingPassword = "a-signing-passphrase-" + run;
        HttpResponse<String> set = postAs(
                "admin", "/api/v1/users/" + username + "/password", "{\"password\":\"" + signingPassword + "\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        // the local password does not sign in: the provider does
        assertThat(basic(username, signingPassword).statusCode()).isEqualTo(401);

        SignedRecord record = new SignedRecord("test-record", "oidc-" + run, "{\"what\":\"a record\"}");
        SignatureOutcome wrong = signatures.sign(
                record, new SignatureRequest(username, username, "not-the-password", Meaning.APPROVED, null, false));
        assertThat(wrong.applied()).isEmpty();
        assertThat(wrong.field()).isEqualTo("password");

        SignatureOutcome signed = signatures.sign(
                record, new SignatureRequest(username, username, signingPassword, Meaning.APPROVED, null, false));
        assertThat(signed.applied()).hasValueSatisfying(s -> {
            assertThat(s.signerUsername()).isEqualTo(username);
            assertThat(s.printedName()).isEqualTo("Sam Signer");
            assertThat(s.meaning()).isEqualTo(Meaning.APPROVED);
        });
        assertThat(signatures
                        .verify(signed.applied().orElseThrow().id(), record)
                        .valid())
                .isTrue();
    }

    @Verifies("URS-SEC-005")
    @Test
    void aProviderUserNamedLikeALocalAccountCannotTakeItOver() {
        sandbox()
                .oidc()
                .signInAs(new OidcProvider.User(
                        "subject-taker-" + run, "admin", "Not The Admin", null, List.of("qualigate-qa")));
        HttpResponse<String> refused = signIn();
        // Refused sign-ins end on the sign-in page with an error, never on the signed-in account.
        assertThat(refused.uri().getPath()).isEqualTo("/login");
        assertThat(refused.uri().getQuery()).contains("error");
        JsonNode admin = json(getAs("admin", "/api/v1/users/admin"));
        assertThat(admin.get("origin").asString()).isEqualTo("CONFIGURATION");
        assertThat(admin.get("displayName").asString()).isNotEqualTo("Not The Admin");
    }

    @Verifies("URS-SEC-031")
    @Test
    void aSignInTheProviderVouchedForButQualigateRefusesIsAuditedWithTheSourceAddress() {
        sandbox()
                .oidc()
                .signInAs(new OidcProvider.User(
                        "subject-roleless-" + run, "roleless-" + run, "No Roles", null, List.of("nothing-here")));
        HttpResponse<String> refused = signIn();
        assertThat(refused.uri().getPath()).isEqualTo("/login");

        JsonNode entries = json(getAs(
                        "admin", "/api/v1/audit?entityType=user&action=user.sign-in-refused&entityId=roleless-" + run))
                .get("entries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("new").get("via").asString()).isEqualTo("OIDC");
        assertThat(entries.get(0).get("new").get("source").asString()).isEqualTo("127.0.0.1");
        assertThat(entries.get(0).get("reason").asString()).contains("roles claim gives no Qualigate role");
    }

    @Verifies("URS-SEC-005")
    @Test
    void aPersonSentToTheSignInPageUsesSingleSignOnAndLandsOnThePageTheyAskedFor() throws Exception {
        String username = "oidc-page-" + run;
        sandbox()
                .oidc()
                .signInAs(new OidcProvider.User(
                        "subject-page-" + run, username, "Paula Page", null, List.of("qualigate-audit")));
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        HttpResponse<String> signInPage = browser.send(
                HttpRequest.newBuilder(uri("/people")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signInPage.uri().getPath()).isEqualTo("/login");
        assertThat(signInPage.body()).contains("/oauth2/authorization/oidc").contains("company account");

        HttpResponse<String> page = browser.send(
                HttpRequest.newBuilder(uri("/oauth2/authorization/oidc")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/people");
        assertThat(page.body()).contains(username);
    }

    /** Follows the whole authorization code flow from the protected page, with cookies, as a browser would. */
    private HttpResponse<String> signIn() {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        try {
            return browser.send(
                    HttpRequest.newBuilder(uri("/api/v1/session"))
                            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> basic(String user, String password) {
        try {
            return http.send(
                    HttpRequest.newBuilder(uri("/api/v1/account"))
                            .header(
                                    "authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString(
                                                            (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> getAs(String user, String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(uri(path).toString()))
                            .header(
                                    "authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString(
                                                            (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
