package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * An inspector shown an answer at one time must get the same answer later for the same question: a
 * record that arrives late changes what is known now, visibly, not what was known then.
 */
class PointInTimeIT extends QualigateIT {

    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";

    @Verifies("URS-SEQ-010")
    @Test
    void aLateRecordDoesNotRewriteWhatWasKnownButShowsTheRevision() {
        Instant monday = Instant.parse("2026-11-23T08:00:00Z");
        clock.set(monday);
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        Instant asked = monday.plus(Duration.ofMinutes(30));

        // An hour later the HRIS sends a batch-review completion dated the week before.
        clock.set(monday.plus(Duration.ofHours(1)));
        hook(certification(person, "WD-CERT-6001").completed("2026-11-16").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(REVIEWER));

        JsonNode thenAnswer = json(get("/api/v1/people/" + person + "/access?at=" + asked));
        assertThat(thenAnswer.get("asKnownAt").asString()).isEqualTo(asked.toString());
        assertThat(thenAnswer.get("roles")).isEmpty();
        assertThat(thenAnswer.get("revisedSince").asBoolean()).isTrue();
        assertThat(thenAnswer.get("asKnownNow").get("roles").findValuesAsString("role"))
                .containsExactly(REVIEWER);
        assertThat(thenAnswer.get("revisions").findValuesAsString("code")).contains("BATCH-REVIEW");

        JsonNode nowAnswer =
                json(get("/api/v1/people/" + person + "/access?at=" + asked + "&knownAt=" + clock.instant()));
        assertThat(nowAnswer.get("roles").findValuesAsString("role")).containsExactly(REVIEWER);
        assertThat(nowAnswer.get("revisedSince").asBoolean()).isFalse();

        JsonNode explained = json(get("/api/v1/explain?employeeId=" + person + "&role=" + REVIEWER + "&at=" + asked));
        assertThat(explained.get("held").asBoolean()).isFalse();
        assertThat(explained.get("summary").asString()).contains("BATCH-REVIEW");
        assertThat(explained.get("revisedSince").asBoolean()).isTrue();
        assertThat(explained.get("asKnownNow").get("held").asBoolean()).isTrue();
    }

    @Verifies("URS-SEQ-010")
    @Test
    void aLaterVersionOfARecordLeavesTheEarlierAnswerAsItWas() {
        Instant start = Instant.parse("2026-11-24T08:00:00Z");
        clock.set(start);
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        var review = certification(person, "WD-CERT-6001");
        hook(review.json());
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(REVIEWER));
        Instant shown = start.plus(Duration.ofMinutes(10));

        // The record is later corrected by its source: revoked from the start.
        clock.set(start.plus(Duration.ofHours(2)));
        hook(review.version(2).type("certification.revoked").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> !mesGroupsOf(person).contains(REVIEWER));

        JsonNode asShown = json(get("/api/v1/people/" + person + "/access?at=" + shown));
        assertThat(asShown.get("roles").findValuesAsString("role")).containsExactly(REVIEWER);
        assertThat(asShown.get("revisedSince").asBoolean()).isTrue();
        assertThat(asShown.get("asKnownNow").get("roles")).isEmpty();
    }

    @Verifies({"URS-SEQ-010", "URS-TIM-003"})
    @Test
    void knownAtInTheFutureIsRefused() {
        String person = newPerson("SGP");
        var response = get("/api/v1/people/" + person + "/access?knownAt=2999-01-01T00:00:00Z");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("knownAt");
    }
}
