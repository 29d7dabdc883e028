package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Accounts through the API and the identity service: a reset password opens nothing until its owner replaced it,
 * role changes and resets carry their reason into the audit trail, an OIDC account's signing password is changed by
 * its owner with the current one and never signs in, and events set aside are processed again or acknowledged
 * only with a reason.
 */
class AccountsIT extends QualigateIT {

    @Autowired
    Users users;

    @Autowired
    PasswordCheck passwords;

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-SEC-091", "URS-AUD-001"})
    @Test
    void aResetPasswordOpensNothingUntilItsOwnerReplacedItAndBothReasonsAreAudited() throws Exception {
        String name = "api-" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> made = postAs(
                "admin",
                "/api/v1/users",
                JSON.writeValueAsString(Map.of(
                        "username",
                        name,
                        "displayName",
                        "Api Person",
                        "roles",
                        List.of("AUDITOR"),
                        "password",
                        "api-first-password-26")));
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(basicGet(name, "api-first-password-26").statusCode()).isEqualTo(200);

        HttpResponse<String> roles = postAs(
                "admin",
                "/api/v1/users/" + name + "/roles",
                JSON.writeValueAsString(
                        Map.of("roles", List.of("AUDITOR", "PLANT_MANAGER"), "reason", "covers FILL-1")));
        assertThat(roles.statusCode()).isEqualTo(200);

        assertThat(postAs(
                                "admin",
                                "/api/v1/users/" + name + "/password-reset",
                                "{\"password\":\"api-temp-password-26\"}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> reset = postAs(
                "admin",
                "/api/v1/users/" + name + "/password-reset",
                JSON.writeValueAsString(Map.of("password", "api-temp-password-26", "reason", "locked out, checked")));
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json(reset).get("mustChangePassword").asBoolean()).isTrue();
        // the temporary password neither calls the API nor signs; at sign-in it is found right but expired
        assertThat(basicGet(name, "api-temp-password-26").statusCode()).isEqualTo(401);
        assertThat(passwords.signIn(name, "api-temp-password-26")).isEqualTo(PasswordCheck.Outcome.EXPIRED);
        assertThat(passwords.signIn(name, "not-the-password-26")).isEqualTo(PasswordCheck.Outcome.REFUSED);
        assertThat(users.changeOwnPassword(name, "api-own-password-2026", "replaced at sign-in")
                        .refused())
                .isFalse();
        assertThat(basicGet(name, "api-own-password-2026").statusCode()).isEqualTo(200);
        assertThat(users.find(name).orElseThrow().mustChangePassword()).isFalse();

        sealAuditTrail();
        assertThat(jdbc.sql("SELECT action || ': ' || reason FROM audit_event WHERE entity_type = 'user' "
                                + "AND entity_id = ? ORDER BY seq")
                        .param(name)
                        .query(String.class)
                        .list())
                .contains("user.roles-changed: covers FILL-1", "user.password-reset: locked out, checked")
                .anyMatch(a -> a.startsWith("user.password-changed"));
        // an administrator resets another's password, never their own
        assertThat(users.resetPassword("admin", "admin-temp-password-26", "test", "admin")
                        .field())
                .isEqualTo("username");
    }

    @Verifies("URS-SEC-091")
    @Test
    void anOidcAccountsSigningPasswordIsChangedByItsOwnerAndNeverSignsIn() {
        String subject = UUID.randomUUID().toString();
        String name = "oidc-" + subject.substring(0, 6);
        Users.Result<UserAccount> account = users.signedInWithOidc(
                "https://idp.example", subject, name, "Olga Idp", null, Set.of(Role.QA_APPROVER));
        assertThat(account.refused()).isFalse();
        assertThat(users.setPassword(name, "first-signing-2026", "admin").refused())
                .isFalse();

        assertThat(passwords.signing(name, "first-signing-2026")).isEqualTo(PasswordCheck.Outcome.ACCEPTED);
        assertThat(passwords.signIn(name, "first-signing-2026")).isEqualTo(PasswordCheck.Outcome.REFUSED);
        assertThat(users.changeOwnPassword(name, "next-signing-2026", "signing password changed by its owner")
                        .refused())
                .isFalse();
        assertThat(passwords.signing(name, "next-signing-2026")).isEqualTo(PasswordCheck.Outcome.ACCEPTED);
        assertThat(passwords.signing(name, "first-signing-2026")).isEqualTo(PasswordCheck.Outcome.REFUSED);
    }

    @Verifies({"URS-REP-096", "URS-AUD-001"})
    @Test
    void anEventSetAsideIsAcknowledgedOnlyWithAReasonAndOnlyOnce() {
        String person = newPerson("BSL");
        HttpResponse<String> bad =
                hook(certification(person, "WD-CERT-1001").completed("someday").json());
        String id = json(bad).path("eventId").asString(null);
        if (id == null) {
            id = jdbc.sql("SELECT id::text FROM inbound_event WHERE employee_id = ? AND outcome = 'REJECTED'")
                    .param(person)
                    .query(String.class)
                    .single();
        }
        assertThat(postAs("hr-editor", "/api/v1/review/events/" + id + "/acknowledge", "{\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(postAs("qa-approver", "/api/v1/review/events/" + id + "/reprocess", "")
                        .statusCode())
                .as("a rejected event is read the same way again: acknowledge it")
                .isEqualTo(409);
        HttpResponse<String> noReason = postAs("qa-approver", "/api/v1/review/events/" + id + "/acknowledge", "{}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        HttpResponse<String> done = postAs(
                "qa-approver", "/api/v1/review/events/" + id + "/acknowledge", "{\"reason\":\"resent by HR as TR-7\"}");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(postAs("admin", "/api/v1/review/events/" + id + "/acknowledge", "{\"reason\":\"twice\"}")
                        .statusCode())
                .isEqualTo(409);
        JsonNode listed = json(get("/api/v1/review/events?limit=10000"));
        String open = listed.get("events").toString();
        assertThat(open).doesNotContain(id);
        assertThat(jdbc.sql("SELECT resolution || ': ' || resolution_reason FROM inbound_event WHERE id = ?::uuid")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("ACKNOWLEDGED: resent by HR as TR-7");
        sealAuditTrail();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'event.acknowledged' AND entity_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private HttpResponse<String> basicGet(String user, String password) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/account"))
                        .header(
                                "authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
