package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * Users in the database: created by an administrator under the password policy, locked after repeated
 * failures (with an alert at once), never reused, disabled rather than deleted.
 */
class IdentityIT extends QualigateIT {

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate users;

    private static final String STRONG = "correct-horse-battery-9";

    @Verifies("URS-SEC-004")
    @Test
    void locksAnAccountAfterFiveFailuresAlertsAtOnceAndAnAdministratorEnablesItAgain() {
        String user = newUser("HR_MAPPING_EDITOR");
        assertThat(getAs(user, STRONG, "/api/v1/account").statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(getAs(user, "wrong-password-" + i, "/api/v1/account").statusCode())
                    .isEqualTo(401);
        }
        assertThat(getAs(user, STRONG, "/api/v1/account").statusCode())
                .as("locked")
                .isEqualTo(401);
        assertThat(json(getAs("admin", PASSWORD, "/api/v1/users/" + user))
                        .get("locked")
                        .asBoolean())
                .isTrue();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo("security-officer@plant.example").stream()
                        .anyMatch(s -> s.contains("account locked: " + user)));
        assertThat(auditEntries("entityType=user&entityId=" + user + "&action=user.locked"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).startsWith("locked after 5 consecutive failed"));

        assertThat(postAs("admin", "/api/v1/users/" + user + "/enable", "{\"reason\":\"Typing error confirmed\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(getAs(user, STRONG, "/api/v1/account").statusCode()).isEqualTo(200);
    }

    @Verifies("URS-ESG-003")
    @Test
    void aWrongPasswordOnASignatureCountsTowardLockout() {
        String user = newUser("HR_MAPPING_EDITOR");
        String drafted = postAsUser(
                        user,
                        "/api/v1/dictionary",
                        "{\"system\":\"workday\",\"sourceCode\":\"WD-ID-" + UUID.randomUUID()
                                + "\",\"code\":\"GMP-BASIC\"}")
                .body();
        long id = JSON.readTree(drafted).get("id").asLong();
        HttpResponse<String> wrong = postAsUser(
                user,
                "/api/v1/change-sets/" + id + "/sign",
                "{\"userId\":\"" + user + "\",\"password\":\"nope-nope-nope\"}");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(json(getAs("admin", PASSWORD, "/api/v1/users/" + user))
                        .get("failedAttempts")
                        .asInt())
                .isEqualTo(1);
    }

    @Verifies({"URS-SEC-004", "URS-SEC-005"})
    @Test
    void refusesWeakPasswordsReusedNamesAndSharedRoleMixes() {
        String name = "weak-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> weak = postAs(
                "admin",
                "/api/v1/users",
                "{\"username\":\"" + name + "\",\"displayName\":\"W\",\"roles\":[\"AUDITOR\"],\"password\":\"short\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(json(weak).get("errors").get(0).get("field").asString()).isEqualTo("password");

        String user = newUser("AUDITOR");
        assertThat(postAs("admin", "/api/v1/users/" + user + "/disable", "{\"reason\":\"Left the company\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(getAs(user, STRONG, "/api/v1/account").statusCode()).isEqualTo(401);
        HttpResponse<String> again = postAs(
                "admin",
                "/api/v1/users",
                "{\"username\":\"" + user + "\",\"displayName\":\"New\",\"roles\":[\"AUDITOR\"],\"password\":\""
                        + STRONG + "\"}");
        assertThat(json(again).get("errors").get(0).get("field").asString()).isEqualTo("username");

        HttpResponse<String> serviceAsPerson = postAs(
                "admin",
                "/api/v1/users",
                "{\"username\":\"svc-" + user
                        + "\",\"displayName\":\"MES\",\"kind\":\"SERVICE\",\"roles\":[\"AUDITOR\"]}");
        assertThat(json(serviceAsPerson).get("errors").get(0).get("field").asString())
                .isEqualTo("roles");

        HttpResponse<String> reused = postAsUser(user, "/api/v1/account/password", "{\"password\":\"" + STRONG + "\"}");
        assertThat(reused.statusCode()).as("disabled").isEqualTo(401);
    }

    @Verifies("URS-SEC-004")
    @Test
    void aPasswordSetThroughTheApiAgesOutAfterNinetyDaysUntilAnAdministratorSetsANewOne() {
        String user = newUser("AUDITOR");
        JsonNode account = json(getAs("admin", PASSWORD, "/api/v1/users/" + user));
        java.time.Instant expires =
                java.time.Instant.parse(account.get("passwordExpiresAt").asString());
        assertThat(java.time.Duration.between(clock.instant(), expires))
                .isBetween(java.time.Duration.ofDays(90).minusMinutes(1), java.time.Duration.ofDays(90));

        // ninety days on (the account's own expiry moved, not the shared clock): sign-in is refused
        users.update(
                "UPDATE app_user SET password_expires_at = ? WHERE username = ?",
                java.sql.Timestamp.from(clock.instant().minusSeconds(1)),
                user);
        assertThat(getAs(user, STRONG, "/api/v1/account").statusCode()).isEqualTo(401);

        String renewed = "another-horse-battery-10";
        assertThat(postAs("admin", "/api/v1/users/" + user + "/password", "{\"password\":\"" + renewed + "\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(getAs(user, renewed, "/api/v1/account").statusCode()).isEqualTo(200);
    }

    private String newUser(String role) {
        String name = "u-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = postAs(
                "admin",
                "/api/v1/users",
                "{\"username\":\"" + name + "\",\"displayName\":\"Test " + name + "\",\"roles\":[\"" + role
                        + "\"],\"password\":\"" + STRONG + "\",\"timeZone\":\"Europe/Zurich\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private HttpResponse<String> postAsUser(String user, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic(user, STRONG))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> getAs(String user, String password, String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("authorization", basic(user, password))
                .GET()
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
