package org.qualigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** An operator replays failed deliveries, one or many at a time, after fixing their cause. */
class DeadLetterReplayIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-BCP-003")
    @Test
    void aChangeTheMesRefusesIsDeadLetteredAndAfterTheCauseIsFixedAReplayAppliesTheRoleOnce() {
        String p = refusedPerson();
        hook(certification(p, "WD-CERT-1001").json());
        hook(certification(p, "WD-CERT-1002").json());
        hook(certification(p, "WD-CERT-6001").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> openLetterFor(p) != null);
        JsonNode letter = openLetterFor(p);
        assertThat(letter.get("reason").asString()).contains("permanent failure");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(letter.get("lastError").asString()).contains("cannot be a member");

        sandbox().scim().acceptMembership(p);
        long before = sandbox().sideEffects().latestSeq();
        String id = letter.get("id").asString();
        var replay = postAs("admin", "/api/v1/dead-letters/replay", "{\"ids\": [\"" + id + "\"]}");

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json(replay).get("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(p).contains("BSL.QA.BATCH_REVIEWER"));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlogFor(List.of(p)) == 0);

        var again = postAs("admin", "/api/v1/dead-letters/replay", "{\"ids\": [\"" + id + "\"]}");
        assertThat(json(again).get("replayed").asInt()).isZero();
        assertThat(json(again).get("alreadyReplayed").asInt()).isEqualTo(1);
        assertThat(json(again).get("results").get(0).get("outcome").asString()).isEqualTo("already-replayed");
        assertThat(sandbox().sideEffects().since(before).stream()
                        .filter(e -> e.operation().equals("group.member.add")
                                && e.detail().equals(p))
                        .map(SideEffect::resource))
                .containsExactly("BSL.QA.BATCH_REVIEWER");
        assertThat(replaysAudited(id)).isEqualTo(1);
    }

    @Verifies({"URS-BCP-003", "URS-AUD-001"})
    @Test
    void replayingEveryOpenLetterOfATargetReplaysEachOnceAndAuditsEach() {
        String a = refusedPerson();
        String b = refusedPerson();
        for (String p : List.of(a, b)) {
            hook(certification(p, "WD-CERT-1001").json());
            hook(certification(p, "WD-CERT-1002").json());
            hook(certification(p, "WD-CERT-6001").json());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> openLetterFor(a) != null && openLetterFor(b) != null);
        String idA = openLetterFor(a).get("id").asString();
        String idB = openLetterFor(b).get("id").asString();
        sandbox().scim().acceptMembership(a);
        sandbox().scim().acceptMembership(b);

        var replay = postAs("admin", "/api/v1/dead-letters/replay", "{\"target\": \"mes\"}");

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json(replay).get("replayed").asInt()).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mesGroupsOf(a).contains("BSL.QA.BATCH_REVIEWER")
                        && mesGroupsOf(b).contains("BSL.QA.BATCH_REVIEWER"));
        assertThat(openLetterFor(a)).isNull();
        assertThat(replaysAudited(idA)).isEqualTo(1);
        assertThat(replaysAudited(idB)).isEqualTo(1);
        var twice = postAs("admin", "/api/v1/dead-letters/replay", "{\"ids\": [\"" + idA + "\", \"" + idB + "\"]}");
        assertThat(json(twice).get("alreadyReplayed").asInt()).isEqualTo(2);
    }

    @Verifies("URS-BCP-003")
    @Test
    void aReplayWithoutIdsOrTargetOrWithABadIdIsAProblemNamingTheField() {
        var neither = postAs("admin", "/api/v1/dead-letters/replay", "{}");
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(neither.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(neither).get("errors").get(0).get("field").asString()).isEqualTo("ids");

        var badId = postAs(
                "admin", "/api/v1/dead-letters/replay", "{\"ids\": [\"" + java.util.UUID.randomUUID() + "\", \"x\"]}");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).get("errors").get(0).get("field").asString()).isEqualTo("ids[1]");

        var unknownTarget = postAs("admin", "/api/v1/dead-letters/replay", "{\"target\": \"erp\"}");
        assertThat(unknownTarget.statusCode()).isEqualTo(400);
        assertThat(json(unknownTarget).get("errors").get(0).get("field").asString())
                .isEqualTo("target");

        var unknownId =
                postAs("admin", "/api/v1/dead-letters/replay", "{\"ids\": [\"" + java.util.UUID.randomUUID() + "\"]}");
        assertThat(unknownId.statusCode()).isEqualTo(200);
        assertThat(json(unknownId).get("notFound").asInt()).isEqualTo(1);
    }

    /** A person whose addition to any group the MES refuses (a permanent failure) until it is accepted. */
    private String refusedPerson() {
        String p = newPerson("BSL");
        sandbox().scim().refuseMembership(p);
        return p;
    }

    private JsonNode openLetterFor(String employeeId) {
        for (JsonNode l : json(get("/api/v1/dead-letters")).get("deadLetters")) {
            if (l.get("employeeId").asString().equals(employeeId)) {
                return l;
            }
        }
        return null;
    }

    private long replaysAudited(String id) {
        sealAuditTrail();
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'delivery.replayed' AND entity_id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }
}
