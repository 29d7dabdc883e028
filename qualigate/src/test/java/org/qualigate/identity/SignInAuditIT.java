package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.FormSession;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every failed sign-in leaves an audit entry with the way in and the source address, whether the user name
 * exists or not: the API's Basic authentication, the log-in form, a signature's re-authentication, and a
 * refused account. A lockout's alert e-mail leaves through the durable outbox, queued in the lockout's own
 * transaction, even when the lockout happens inside a signer's transaction that rolls back.
 */
class SignInAuditIT extends QualigateIT {

    private static final String STRONG = "correct-horse-battery-9";

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-SEC-031")
    @Test
    void aFailedSignInWithAnUnknownNameIsAuditedOnEveryPathWithTheSourceAddress() {
        String stranger = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(getAs(stranger, "whatever-password", "/api/v1/account").statusCode())
                .isEqualTo(401);
        HttpResponse<String> form = FormSession.atTheSignInPage(uri("/")).submitSignIn(stranger + "-form", "whatever");
        assertThat(form.headers().firstValue("location"))
                .hasValueSatisfying(l -> assertThat(l).isEqualTo("/login?error"));
        // a name made of control characters is audited printable, never stored raw
        assertThat(getAs("evil\u0001" + stranger, "x", "/api/v1/account").statusCode())
                .isEqualTo(401);

        JsonNode basic = failure(stranger);
        assertThat(basic.get("action").asString()).isEqualTo("user.sign-in-failed");
        assertThat(basic.get("actor").asString()).isEqualTo("anonymous");
        assertThat(basic.get("new").get("via").asString()).isEqualTo("BASIC");
        assertThat(basic.get("new").get("source").asString()).isEqualTo("127.0.0.1");
        assertThat(basic.get("new").get("knownUser").asBoolean()).isFalse();
        assertThat(basic.get("reason").asString()).contains("unknown user name").contains("127.0.0.1");

        JsonNode viaForm = failure(stranger + "-form");
        assertThat(viaForm.get("new").get("via").asString()).isEqualTo("FORM");
        assertThat(viaForm.get("new").get("source").asString()).isEqualTo("127.0.0.1");

        assertThat(failure("evil\\u0001" + stranger)).as("escaped name").isNotNull();
    }

    @Verifies({"URS-SEC-031", "URS-ESG-003"})
    @Test
    void aWrongSignaturePasswordAndASignInToALockedAccountAreAuditedWithTheWayIn() {
        String user = newUser();
        assertThat(sign(user, "nope-nope-nope").statusCode()).isEqualTo(422);
        JsonNode signature = failure(user);
        assertThat(signature.get("actor").asString()).isEqualTo(user);
        assertThat(signature.get("new").get("via").asString()).isEqualTo("SIGNATURE");
        assertThat(signature.get("new").get("failedAttempts").asInt()).isEqualTo(1);
        assertThat(signature.get("new").get("source").asString()).isEqualTo("127.0.0.1");

        for (int i = 0; i < 4; i++) {
            getAs(user, "wrong-password-" + i, "/api/v1/account");
        }
        assertThat(getAs(user, STRONG, "/api/v1/account").statusCode())
                .as("locked")
                .isEqualTo(401);
        JsonNode refused = entries("user.sign-in-refused", user).get(0);
        assertThat(refused.get("reason").asString()).contains("locked");
        assertThat(refused.get("new").get("via").asString()).isEqualTo("BASIC");
    }

    @Verifies({"URS-SEC-033", "URS-SEC-004"})
    @Test
    void aLockoutInsideASignersTransactionQueuesItsAlertInTheLockoutsOwnTransactionAndTheOutboxSendsIt() {
        String user = newUser();
        long changeSet = draft(user);
        // signing on the page: the session signed in once, so each wrong signature password counts on
        FormSession page = FormSession.signedIn(uri("/"), user, STRONG);
        for (int i = 0; i < 5; i++) {
            // each refused signature rolls the signer's transaction back; the count and the lockout stand
            HttpResponse<String> refused = page.send(HttpRequest.newBuilder(uri("/change-sets/" + changeSet + "/sign"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("X-CSRF-TOKEN", page.csrfToken())
                    .POST(HttpRequest.BodyPublishers.ofString("userId=" + user + "&password=nope-nope-nope-" + i)));
            assertThat(refused.statusCode()).as(refused.body()).isIn(200, 302, 422);
        }
        JsonNode locked = entries("user.locked", user).get(0);
        assertThat(locked.get("new").get("via").asString()).isEqualTo("SIGNATURE");

        List<Map<String, Object>> notices = jdbc.sql(
                        "SELECT id, kind, status, recipients, subject FROM notice WHERE dedupe_key LIKE ?")
                .param("lockout/" + user + "/%")
                .query((rs, n) -> Map.<String, Object>of(
                        "id", rs.getString(1),
                        "kind", rs.getString(2),
                        "recipients", rs.getString(4),
                        "subject", rs.getString(5)))
                .list();
        assertThat(notices).hasSize(1);
        assertThat(notices.getFirst())
                .containsEntry("kind", "LOCKOUT")
                .containsEntry("recipients", "security-officer@plant.example")
                .containsEntry("subject", "[Qualigate] account locked: " + user);
        // queued with the lockout: its audit entry is chained in the same commit as the lockout's
        JsonNode queued = json(get("/api/v1/audit?entityType=notice&action=notice.queued&entityId="
                        + notices.getFirst().get("id")))
                .get("entries");
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).get("seq").asLong())
                .isEqualTo(locked.get("seq").asLong() + 1);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo("security-officer@plant.example")
                        .contains("[Qualigate] account locked: " + user));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "SENT"
                        .equals(jdbc.sql("SELECT status FROM notice WHERE id = ?::uuid")
                                .param(notices.getFirst().get("id"))
                                .query(String.class)
                                .single()));
    }

    private JsonNode failure(String name) {
        JsonNode found = null;
        for (JsonNode e : entries("user.sign-in-failed", name)) {
            found = e;
        }
        return found;
    }

    private JsonNode entries(String action, String entityId) {
        return json(get("/api/v1/audit?entityType=user&action=" + action + "&entityId="
                        + java.net.URLEncoder.encode(entityId, StandardCharsets.UTF_8)))
                .get("entries");
    }

    private String newUser() {
        String name = "s-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = postAs(
                "admin",
                "/api/v1/users",
                "{\"username\":\"" + name + "\",\"displayName\":\"Sam Signer\",\"roles\":[\"HR_MAPPING_EDITOR\"],"
                        + "\"password\":\"" + STRONG + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    /** Drafts a mapping change set as the user; its id. */
    private long draft(String user) {
        String drafted = postAsUser(
                        user,
                        "/api/v1/dictionary",
                        "{\"system\":\"workday\",\"sourceCode\":\"WD-ID-" + UUID.randomUUID()
                                + "\",\"code\":\"GMP-BASIC\"}")
                .body();
        return JSON.readTree(drafted).get("id").asLong();
    }

    /** Drafts a mapping change set as the user and signs it through the API with the given password. */
    private HttpResponse<String> sign(String user, String password) {
        long id = draft(user);
        return postAsUser(
                user,
                "/api/v1/change-sets/" + id + "/sign",
                "{\"userId\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    private HttpResponse<String> getAs(String user, String password, String path) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic(user, password))
                .GET()
                .build());
    }

    private HttpResponse<String> postAsUser(String user, String path, String body) {
        return exchange(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic(user, STRONG))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
