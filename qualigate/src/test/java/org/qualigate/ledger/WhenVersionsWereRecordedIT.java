package org.qualigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.policy.QualificationCode;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The planner's read of a group's records says when each person's versions were recorded as the versions themselves
 * say: the latest instant and the latest before it, for records of several sources, a record's versions recorded
 * between another record's, an older version that never wins, a clock set back between two versions of a record, a
 * person with one version and a person without versions; and the migration that filled the records stored before it
 * gives the same. (The test clock runs on from where it is set, so versions recorded at one instant are left to
 * {@link LatestRecordedTest}.)
 */
class WhenVersionsWereRecordedIT extends QualigateIT {

    private static final String BACKFILL = "db/migration/V63__qualification_keeps_when_its_versions_were_recorded.sql";

    @Autowired
    private Qualifications qualifications;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate tx;

    @Verifies("URS-INT-535")
    @Test
    void theGroupsRecordsSayWhenEachPersonsVersionsWereRecordedAsTheVersionsDo() throws Exception {
        Instant t = afterEverythingKnown(Instant.parse("2027-04-01T07:00:00Z"));
        String several = newPerson("BSL");
        String setBack = newPerson("BSL");
        String once = newPerson("BSL");
        String none = newPerson("BSL");

        // two sources; the HRIS record's second version recorded after the QMS record's first; an older version
        // of it and the same version again recorded nothing
        assertThat(apply(t, several, "hris", "R1", 1)).isEqualTo(LedgerOutcome.APPLIED);
        assertThat(apply(hours(t, 1), several, "qms", "Q1", 1)).isEqualTo(LedgerOutcome.APPLIED);
        assertThat(apply(hours(t, 2), several, "hris", "R1", 3)).isEqualTo(LedgerOutcome.APPLIED);
        assertThat(apply(hours(t, 3), several, "hris", "R1", 2)).isEqualTo(LedgerOutcome.STALE);
        assertThat(apply(hours(t, 3), several, "hris", "R1", 3)).isEqualTo(LedgerOutcome.DUPLICATE);
        // the clock set back between a record's two versions, then a second record before both
        assertThat(apply(hours(t, 5), setBack, "hris", "R2", 1)).isEqualTo(LedgerOutcome.APPLIED);
        assertThat(apply(hours(t, 4), setBack, "hris", "R2", 2)).isEqualTo(LedgerOutcome.APPLIED);
        assertThat(apply(hours(t, 3), setBack, "qms", "Q2", 1)).isEqualTo(LedgerOutcome.APPLIED);
        // one version
        assertThat(apply(hours(t, 6), once, "hris", "R3", 1)).isEqualTo(LedgerOutcome.APPLIED);

        List<EmployeeId> group =
                List.of(EmployeeId.of(several), EmployeeId.of(setBack), EmployeeId.of(once), EmployeeId.of(none));
        Map<EmployeeId, Qualifications.LatestRecorded> expected = fromTheVersions(group);
        // to the minute: the clock runs on from each instant set, a few milliseconds per event
        assertThat(toTheMinute(expected))
                .containsEntry(EmployeeId.of(several), new Qualifications.LatestRecorded(hours(t, 2), hours(t, 1)))
                .containsEntry(EmployeeId.of(setBack), new Qualifications.LatestRecorded(hours(t, 5), hours(t, 4)))
                .containsEntry(EmployeeId.of(once), new Qualifications.LatestRecorded(hours(t, 6), null))
                .doesNotContainKey(EmployeeId.of(none));

        Qualifications.Group read = qualifications.group(group);
        assertThat(read.recorded()).isEqualTo(expected);
        for (EmployeeId id : group) {
            assertThat(read.records().getOrDefault(id, List.of())).isEqualTo(qualifications.of(id));
        }
        assertThat(read.records().get(EmployeeId.of(several))).hasSize(2);
        assertThat(read.records()).doesNotContainKey(EmployeeId.of(none));

        // whether another version was recorded since the person was last planned, as the versions say
        Qualifications.LatestRecorded sev = read.recorded().get(EmployeeId.of(several));
        assertThat(sev.anotherSince(null)).isTrue();
        assertThat(sev.anotherSince(minutes(t, -30))).isTrue();
        assertThat(sev.anotherSince(minutes(t, 30))).isTrue();
        assertThat(sev.anotherSince(minutes(t, 90))).isFalse();
        assertThat(read.recorded().get(EmployeeId.of(setBack)).anotherSince(minutes(t, 210)))
                .isTrue();
        assertThat(read.recorded().get(EmployeeId.of(setBack)).anotherSince(minutes(t, 270)))
                .isFalse();
        assertThat(read.recorded().get(EmployeeId.of(once)).anotherSince(null)).isFalse();
        for (int half = -1; half < 14; half++) {
            Instant since = minutes(t, 30L * half);
            for (EmployeeId id : List.of(EmployeeId.of(several), EmployeeId.of(setBack), EmployeeId.of(once))) {
                assertThat(read.recorded().get(id).anotherSince(since))
                        .as("%s since %s", id, since)
                        .isEqualTo(anyBetween(id, since, read.recorded().get(id).at()));
            }
        }

        // the migration's backfill, run on these records emptied, gives what the writes kept (rolled back)
        String migration = new ClassPathResource(BACKFILL).getContentAsString(StandardCharsets.UTF_8);
        String backfill = migration.substring(migration.indexOf("UPDATE qualification q"));
        tx.executeWithoutResult(status -> {
            jdbc.sql("UPDATE qualification SET latest_version_at = NULL, earlier_version_at = NULL"
                            + " WHERE employee_id = ANY(?)")
                    .param(group.stream().map(EmployeeId::value).toArray(String[]::new))
                    .update();
            assertThat(qualifications.group(group).recorded()).isEmpty();
            jdbc.sql(backfill).update();
            assertThat(qualifications.group(group).recorded()).isEqualTo(expected);
            status.setRollbackOnly();
        });
    }

    private static Instant hours(Instant t, long h) {
        return t.plus(Duration.ofHours(h));
    }

    private static Instant minutes(Instant t, long m) {
        return t.plus(Duration.ofMinutes(m));
    }

    private static Map<EmployeeId, Qualifications.LatestRecorded> toTheMinute(
            Map<EmployeeId, Qualifications.LatestRecorded> recorded) {
        Map<EmployeeId, Qualifications.LatestRecorded> out = new HashMap<>();
        recorded.forEach((id, l) -> out.put(
                id,
                new Qualifications.LatestRecorded(
                        l.at().truncatedTo(ChronoUnit.MINUTES),
                        l.before() == null ? null : l.before().truncatedTo(ChronoUnit.MINUTES))));
        return out;
    }

    /** An event of the record applied to the ledger with the clock at {@code at}, as intake applies it. */
    private LedgerOutcome apply(Instant at, String employee, String source, String record, long version) {
        clock.set(at);
        UUID eventId = UUID.randomUUID();
        return tx.execute(s -> {
            jdbc.sql("INSERT INTO inbound_event (id, source, webhook_id, received_at, body, body_sha256, outcome)"
                            + " VALUES (?, ?, ?, ?, ?, 'test', 'APPLIED')")
                    .params(
                            eventId,
                            source,
                            "versions-" + eventId,
                            Timestamp.from(at),
                            "{}".getBytes(StandardCharsets.UTF_8))
                    .update();
            return qualifications.apply(
                    new QualificationEvent(
                            eventId,
                            version == 1 ? QualificationEvent.Kind.COMPLETED : QualificationEvent.Kind.UPDATED,
                            EmployeeId.of(employee),
                            QualificationCode.of("GMP-BASIC"),
                            1,
                            Instant.parse("2027-03-01T00:00:00Z"),
                            null,
                            "2027-03-01",
                            null,
                            source.equals("qms") ? Qualification.Authority.QMS : Qualification.Authority.HRIS,
                            source,
                            employee + "-" + record,
                            version,
                            "TC-" + record,
                            null,
                            null,
                            null),
                    "test",
                    "versions-" + eventId);
        });
    }

    /** Each person's latest instant and the latest before it, worked out in Java from their versions read one by one. */
    private Map<EmployeeId, Qualifications.LatestRecorded> fromTheVersions(List<EmployeeId> group) {
        Map<EmployeeId, Qualifications.LatestRecorded> out = new HashMap<>();
        for (EmployeeId id : group) {
            List<Instant> at = recorded(id);
            if (at.isEmpty()) {
                continue;
            }
            Instant latest = at.getLast();
            Instant before = at.stream()
                    .filter(i -> i.isBefore(latest))
                    .max(Instant::compareTo)
                    .orElse(null);
            out.put(id, new Qualifications.LatestRecorded(latest, before));
        }
        return out;
    }

    /** Whether one of the person's versions was recorded after {@code since} and before {@code latest}. */
    private boolean anyBetween(EmployeeId id, Instant since, Instant latest) {
        return recorded(id).stream().anyMatch(i -> i.isAfter(since) && i.isBefore(latest));
    }

    private List<Instant> recorded(EmployeeId id) {
        return jdbc.sql("SELECT v.recorded_at FROM qualification_version v JOIN qualification q"
                        + " ON q.id = v.qualification_id WHERE q.employee_id = ? ORDER BY v.recorded_at")
                .param(id.value())
                .query((rs, n) ->
                        rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                .list();
    }
}
