package org.qualigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The planner's read of a group's records and of when each person's versions were recorded gives the same
 * answers whether PostgreSQL keeps one plan for every array of people (a generic plan) or plans for the array it is
 * given (a custom plan), and the same as the ledger's versions read one by one.
 */
class GroupReadsAtBothPlanModesIT extends QualigateIT {

    @Autowired
    private Qualifications qualifications;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate tx;

    @Verifies("URS-INT-510")
    @Test
    void theGroupReadsAnswerAlikeUnderAGenericAndACustomPlanAndAsTheVersionsSay() {
        Instant start = afterEverythingKnown(Instant.parse("2027-03-01T07:00:00Z"));
        LocalDate day = LocalDate.ofInstant(start, java.time.ZoneOffset.UTC);
        String twice = newPerson("BSL");
        String once = newPerson("BSL");
        String never = newPerson("BSL");
        clock.set(start);
        send(certification(twice, "WD-CERT-1001").completed(day.minusDays(3).toString()));
        send(certification(once, "WD-CERT-1001").completed(day.minusDays(3).toString()));
        clock.set(start.plus(Duration.ofHours(2)));
        send(certification(twice, "WD-CERT-1002").completed(day.minusDays(1).toString()));
        List<EmployeeId> group = List.of(EmployeeId.of(twice), EmployeeId.of(once), EmployeeId.of(never));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> versionsRecorded(group)
                                        .getOrDefault(twice, List.of())
                                        .size()
                                == 2
                        && versionsRecorded(group).getOrDefault(once, List.of()).size() == 1);

        // since: between the person's two versions, before both, and none
        Map<EmployeeId, Instant> since = new HashMap<>();
        since.put(EmployeeId.of(twice), start.plus(Duration.ofHours(1)));
        since.put(EmployeeId.of(once), start.minus(Duration.ofDays(1)));
        Map<EmployeeId, Qualifications.LatestRecorded> expected = expected(group);
        assertThat(expected.get(EmployeeId.of(twice)).anotherSince(since.get(EmployeeId.of(twice))))
                .isFalse();
        assertThat(expected.get(EmployeeId.of(twice)).anotherSince(null)).isTrue();
        assertThat(expected.get(EmployeeId.of(once)).anotherSince(since.get(EmployeeId.of(once))))
                .isFalse();
        assertThat(expected).doesNotContainKey(EmployeeId.of(never));

        for (String mode : List.of("force_generic_plan", "force_custom_plan", "auto")) {
            tx.executeWithoutResult(s -> {
                jdbc.sql("SET LOCAL plan_cache_mode = " + mode).update();
                // more executions than the driver's and the server's thresholds, so a kept plan would be used
                for (int i = 0; i < 7; i++) {
                    assertThat(qualifications.group(group).recorded()).as(mode).isEqualTo(expected);
                    Map<EmployeeId, List<Qualification>> held = qualifications.of(group);
                    assertThat(held.get(EmployeeId.of(twice))).as(mode).hasSize(2);
                    assertThat(held.get(EmployeeId.of(once))).as(mode).hasSize(1);
                    assertThat(held).as(mode).doesNotContainKey(EmployeeId.of(never));
                    assertThat(held.get(EmployeeId.of(twice)))
                            .as(mode)
                            .isEqualTo(qualifications.of(EmployeeId.of(twice)));
                }
            });
        }
    }

    private void send(QualigateIT.Event event) {
        assertThat(hook(event.json()).statusCode()).isIn(200, 202);
    }

    /** Each person's versions' recording instants, read one by one without the group queries. */
    private Map<String, List<Instant>> versionsRecorded(List<EmployeeId> group) {
        Map<String, List<Instant>> out = new TreeMap<>();
        for (EmployeeId id : group) {
            List<Instant> at = jdbc.sql("SELECT v.recorded_at FROM qualification_version v"
                            + " JOIN qualification q ON q.id = v.qualification_id WHERE q.employee_id = ?"
                            + " ORDER BY v.recorded_at")
                    .param(id.value())
                    .query((rs, n) ->
                            rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                    .list();
            if (!at.isEmpty()) {
                out.put(id.value(), at);
            }
        }
        return out;
    }

    /** What the answer must be, worked out in Java from the versions. */
    private Map<EmployeeId, Qualifications.LatestRecorded> expected(List<EmployeeId> group) {
        Map<EmployeeId, Qualifications.LatestRecorded> out = new HashMap<>();
        versionsRecorded(group).forEach((id, at) -> {
            Instant latest = at.getLast();
            Instant before = at.stream()
                    .filter(t -> t.isBefore(latest))
                    .max(Instant::compareTo)
                    .orElse(null);
            out.put(EmployeeId.of(id), new Qualifications.LatestRecorded(latest, before));
        });
        return out;
    }
}
