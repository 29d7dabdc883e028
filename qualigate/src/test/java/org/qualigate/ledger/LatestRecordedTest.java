package org.qualigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A person's latest recording instant and the latest before it, gathered from what each of their records keeps, are
 * those of all their versions together, in any order the records come in.
 */
class LatestRecordedTest {

    private static final Instant T = Instant.parse("2027-04-01T07:00:00Z");

    private static Instant at(int hour) {
        return T.plusSeconds(3600L * hour);
    }

    @Test
    void aRecordsInstantsAreItsLatestAndTheOneBefore() {
        assertThat(Qualifications.LatestRecorded.of(at(2), null))
                .isEqualTo(new Qualifications.LatestRecorded(at(2), null));
        assertThat(Qualifications.LatestRecorded.of(at(2), at(1)))
                .isEqualTo(new Qualifications.LatestRecorded(at(2), at(1)));
    }

    @Test
    void recordsTogetherGiveTheLatestOfAllAndTheLatestBeforeIt() {
        var a = Qualifications.LatestRecorded.of(at(2), at(1));
        var b = Qualifications.LatestRecorded.of(at(3), null);
        var c = Qualifications.LatestRecorded.of(at(2), null);
        assertThat(a.and(b)).isEqualTo(new Qualifications.LatestRecorded(at(3), at(2)));
        assertThat(b.and(a)).isEqualTo(new Qualifications.LatestRecorded(at(3), at(2)));
        // at one instant: nothing before it
        assertThat(c.and(Qualifications.LatestRecorded.of(at(2), null)))
                .isEqualTo(new Qualifications.LatestRecorded(at(2), null));
        assertThat(c.and(a)).isEqualTo(new Qualifications.LatestRecorded(at(2), at(1)));
        assertThat(a.and(Qualifications.LatestRecorded.of(at(1), at(0))))
                .isEqualTo(new Qualifications.LatestRecorded(at(2), at(1)));
        assertThat(a.and(Qualifications.LatestRecorded.of(at(2), at(0))))
                .isEqualTo(new Qualifications.LatestRecorded(at(2), at(1)));
    }

    @Test
    void anotherSinceIsAVersionAfterTheInstantAndBeforeTheLatest() {
        var l = new Qualifications.LatestRecorded(at(3), at(1));
        assertThat(l.anotherSince(null)).isTrue();
        assertThat(l.anotherSince(at(0))).isTrue();
        assertThat(l.anotherSince(at(1))).isFalse();
        assertThat(l.anotherSince(at(2))).isFalse();
        assertThat(new Qualifications.LatestRecorded(at(3), null).anotherSince(null))
                .isFalse();
    }

    @Test
    void inAnyOrderTheRecordsGiveWhatAllTheirVersionsSay() {
        Random random = new Random(20_261_207L);
        for (int run = 0; run < 500; run++) {
            // records, each its versions' instants (a few hours, repeats allowed)
            List<List<Instant>> records = new ArrayList<>();
            for (int r = 1 + random.nextInt(4); r > 0; r--) {
                List<Instant> versions = new ArrayList<>();
                for (int v = 1 + random.nextInt(3); v > 0; v--) {
                    versions.add(at(random.nextInt(5)));
                }
                records.add(versions);
            }
            Collections.shuffle(records, random);
            Qualifications.LatestRecorded gathered = null;
            List<Instant> all = new ArrayList<>();
            for (List<Instant> versions : records) {
                all.addAll(versions);
                Instant latest = Collections.max(versions);
                Instant before = versions.stream()
                        .filter(i -> i.isBefore(latest))
                        .max(Instant::compareTo)
                        .orElse(null);
                var record = Qualifications.LatestRecorded.of(latest, before);
                gathered = gathered == null ? record : gathered.and(record);
            }
            Instant latest = Collections.max(all);
            Instant before = all.stream()
                    .filter(i -> i.isBefore(latest))
                    .max(Instant::compareTo)
                    .orElse(null);
            assertThat(gathered).isEqualTo(new Qualifications.LatestRecorded(latest, before));
            for (int h = -1; h < 5; h++) {
                Instant since = at(h);
                assertThat(gathered.anotherSince(since))
                        .isEqualTo(all.stream().anyMatch(i -> i.isAfter(since) && i.isBefore(latest)));
            }
        }
    }
}
