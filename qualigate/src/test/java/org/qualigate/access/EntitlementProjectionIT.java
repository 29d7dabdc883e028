package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.SetOutcome;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The entitlement projection the planner writes answers like the policy, both ways: random people receive random
 * certifications, renewals, corrections and revocations over two months of a moving clock; then, at random
 * instants as known at random later instants, what the projection's range query says each person was justified
 * for equals what the policy decides on the ledger as known then. Rebuilding it from the ledger changes nothing.
 */
class EntitlementProjectionIT extends QualigateIT {

    private static final String[] CERTIFICATIONS = {
        "WD-CERT-1001", "WD-CERT-1002", "WD-CERT-3010", "WD-CERT-6001", "WD-CERT-2101", "WD-CERT-2102", "WD-CERT-3001"
    };

    @Autowired
    private EntitlementProjection projection;

    @Autowired
    private AccessPlanner planner;

    @Autowired
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    private org.springframework.transaction.support.TransactionTemplate tx;

    @Autowired
    private org.qualigate.ledger.Persons persons;

    @Autowired
    private PlantDefinition plantDefinition;

    @Verifies("URS-REP-070")
    @Test
    void aPlannerThatRunsLateWorksOutFromTheLedgerTheAnswersKnownMeanwhile() {
        Instant start = afterEverythingKnown(Instant.parse("2027-06-01T07:00:00Z"));
        clock.set(start);
        LocalDate day = LocalDate.ofInstant(start, java.time.ZoneOffset.UTC);
        String p = newPerson("BSL");
        EmployeeId id = EmployeeId.of(p);
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002")) {
            assertThat(hook(certification(p, cert)
                                    .completed(day.minusDays(2).toString())
                                    .json())
                            .statusCode())
                    .isIn(200, 202);
        }
        // the serialisation certificate completes the packer's set on day 2 and is revoked on day 3: the role
        // was justified as known between the two
        clock.set(start.plus(Duration.ofDays(1)));
        Event serial = certification(p, "WD-CERT-3010").completed(day.toString());
        assertThat(hook(serial.json()).statusCode()).isIn(200, 202);
        clock.set(start.plus(Duration.ofDays(2)));
        assertThat(hook(serial.version(serial.sourceVersion() + 1)
                                .type("certification.revoked")
                                .json())
                        .statusCode())
                .isIn(200, 202);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> projection.verify(List.of(id)).consistent());
        Instant between = start.plus(Duration.ofDays(1)).plus(Duration.ofHours(1));
        assertThat(projection.of(id, between, between)).isNotEmpty();

        // When the planner of the last two versions had not run at all until now (it ran late, after both were
        // recorded), and then runs once
        jdbc.sql("DELETE FROM entitlement_interval WHERE employee_id = ? AND known_from > ?")
                .params(p, java.sql.Timestamp.from(start.plus(Duration.ofHours(12))))
                .update();
        jdbc.sql("UPDATE entitlement_interval SET known_to = NULL WHERE employee_id = ?")
                .param(p)
                .update();
        jdbc.sql("UPDATE entitlement_planned SET known_at = ? WHERE employee_id = ?")
                .params(java.sql.Timestamp.from(start.plus(Duration.ofHours(12))), p)
                .update();
        tx.executeWithoutResult(s -> projection.update(persons.find(id).orElseThrow(), plantDefinition.current()));

        // Then what was known between them is in the projection, as a rebuild from the ledger has it
        assertThat(projection.of(id, between, between)).isNotEmpty();
        assertThat(projection.verify(List.of(id)).personsDiffering()).isZero();
    }

    @Verifies({"URS-SEQ-010", "URS-REP-070", "URS-REP-520"})
    @Test
    void theProjectionAnswersLikeThePolicyForRandomPeopleAtRandomInstantsAsKnownAtRandomLaterInstants() {
        long seed = 20_261_130L;
        Random random = new Random(seed);
        Instant start = afterEverythingKnown(Instant.parse("2027-03-01T07:00:00Z"));
        clock.set(start);
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(newPerson(i % 3 == 0 ? "IND" : "BSL"));
        }
        List<String> records = new ArrayList<>();
        Map<String, Event> latest = new TreeMap<>();
        Instant now = start;
        for (int step = 0; step < 60; step++) {
            now = now.plus(Duration.ofHours(6 + random.nextInt(30)));
            clock.set(now);
            String person = people.get(random.nextInt(people.size()));
            LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
            int die = random.nextInt(10);
            Event e;
            if (die < 2 && !records.isEmpty()) {
                // a new version of a record already sent: a correction, a renewal or a revocation
                String record = records.get(random.nextInt(records.size()));
                Event before = latest.get(record);
                e = before.version(before.sourceVersion() + 1)
                        .completed(today.minusDays(random.nextInt(20)).toString())
                        .expiring(today.plusDays(random.nextInt(40)).toString());
                if (die == 0) {
                    e = e.type("certification.revoked");
                }
            } else {
                e = certification(person, CERTIFICATIONS[random.nextInt(CERTIFICATIONS.length)])
                        .level(1 + random.nextInt(2))
                        .completed(today.minusDays(random.nextInt(30)).toString());
                if (random.nextBoolean()) {
                    e = e.expiring(today.plusDays(1 + random.nextInt(45)).toString());
                }
                records.add(e.sourceRecordId());
            }
            latest.put(e.sourceRecordId(), e);
            assertThat(hook(e.json()).statusCode()).as(e.json()).isIn(200, 202);
        }
        Instant end = now;

        int compared = 0;
        for (int i = 0; i < 120; i++) {
            Instant knownAt = between(random, start, end);
            Instant at = between(random, start.minus(Duration.ofDays(40)), end.plus(Duration.ofDays(60)));
            for (String p : people) {
                EmployeeId id = EmployeeId.of(p);
                PersonAccess byPolicy = planner.accessAsKnownAt(id, at, knownAt).orElseThrow();
                Map<String, String> policySays = new TreeMap<>();
                for (RoleDecision d : byPolicy.entitlements().decisions()) {
                    if (d.justified()) {
                        SetOutcome basis = d.basis().orElseThrow();
                        policySays.put(
                                d.role().value(),
                                "set " + basis.index() + (d.inGrace() ? " in grace " : " ")
                                        + basis.requirements().stream()
                                                .map(r -> r.evidence().evidenceId())
                                                .toList());
                    }
                }
                assertThat(says(projection.of(id, at, knownAt)))
                        .as("%s at %s as known at %s (seed %d)", p, at, knownAt, seed)
                        .isEqualTo(policySays);
                // the statements the compliance report reads a chunk of people with (by the index of V60, the open
                // ends as 'infinity'): the same roles on the same basis
                assertThat(says(projection.of(List.of(p), at, knownAt)))
                        .as("%s's chunk at %s as known at %s (seed %d)", p, at, knownAt, seed)
                        .isEqualTo(policySays);
                assertThat(projection.printed(List.of(p), at, knownAt).stream()
                                .map(r -> r.role().value())
                                .toList())
                        .as("%s's printed rows at %s as known at %s (seed %d)", p, at, knownAt, seed)
                        .containsExactlyInAnyOrderElementsOf(policySays.keySet());
                compared += policySays.size();
            }
        }
        assertThat(compared).as("roles compared").isGreaterThan(20);

        // Worked out again from the ledger, the projection is what the planner wrote.
        assertThat(projection
                        .verify(people.stream().map(EmployeeId::of).toList())
                        .personsDiffering())
                .isZero();
    }

    /** Each row's role with its set, whether in grace, and the evidence of its basis. */
    private static Map<String, String> says(List<EntitlementInterval> rows) {
        Map<String, String> says = new TreeMap<>();
        for (EntitlementInterval row : rows) {
            says.put(
                    row.role().value(),
                    "set " + row.set() + (row.inGrace() ? " in grace " : " ")
                            + row.basis().stream()
                                    .map(EntitlementInterval.Evidence::evidenceId)
                                    .toList());
        }
        return says;
    }

    private static Instant between(Random random, Instant from, Instant to) {
        long span = Duration.between(from, to).toSeconds();
        return from.plusSeconds((long) (random.nextDouble() * span));
    }
}
