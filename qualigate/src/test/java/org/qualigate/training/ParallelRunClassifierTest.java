package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qualigate.training.ParallelRunClassifier.Done;
import org.qualigate.training.ParallelRunClassifier.Manual;
import org.qualigate.training.TrainingParallelRun.Classification;
import org.qualigate.training.TrainingParallelRun.Line;
import org.qualigate.validation.Verifies;

/** Each person × course of the parallel run is classified by its cause, without a database. */
class ParallelRunClassifierTest {

    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");
    private static final Instant PERIOD_END = Instant.parse("2026-04-01T00:00:00Z");

    private final ParallelRunClassifier classifier = new ParallelRunClassifier(
            Set.of("E1|QMS-OWNED"),
            Set.of("E1|2026-03-05"),
            Map.of("QG-hris-TR-9", "the QMS owns it"),
            PERIOD_END,
            BASEL);

    private static Manual manual(String course, String day) {
        return new Manual("E1", course, LocalDate.parse(day), false, 2);
    }

    /** A completion Qualigate wrote: completed at {@code at} (site day in Basel), learned on 10 March. */
    private static Done done(String course, String at, String recorded) {
        Instant completed = Instant.parse(at);
        return new Done(
                "E1",
                course,
                completed.atZone(BASEL).toLocalDate(),
                false,
                completed,
                at,
                Instant.parse(recorded),
                "hris/TR-1",
                "QG-hris-TR-1");
    }

    private Classification only(Map<String, Manual> manual, Map<String, Done> done) {
        var lines = classifier.classify(manual, done);
        assertThat(lines).hasSize(1);
        return lines.getFirst().classification();
    }

    @Verifies("URS-DI-006")
    @Test
    void theSameDayOnBothSidesIsAMatch() {
        assertThat(only(
                        Map.of("E1|GMP", manual("GMP", "2026-03-02")),
                        Map.of("E1|GMP", done("GMP", "2026-03-02T09:00:00Z", "2026-03-02T09:01:00Z"))))
                .isEqualTo(Classification.MATCH);
    }

    @Verifies("URS-DI-006")
    @Test
    void aHandEntryOfTheUtcDayForALateEveningCompletionIsATimeZoneDifference() {
        // 23:30 UTC on 2 March is 00:30 on 3 March in Basel
        assertThat(only(
                        Map.of("E1|GMP", manual("GMP", "2026-03-02")),
                        Map.of("E1|GMP", done("GMP", "2026-03-02T23:30:00Z", "2026-03-02T23:31:00Z"))))
                .isEqualTo(Classification.TIME_ZONE);
    }

    @Verifies("URS-DI-006")
    @Test
    void aRecordLearnedAfterThePeriodIsALateArrivalWhateverTheHandEntrySays() {
        assertThat(only(Map.of(), Map.of("E1|GMP", done("GMP", "2026-03-30T09:00:00Z", "2026-04-02T09:00:00Z"))))
                .isEqualTo(Classification.LATE_ARRIVAL);
    }

    @Verifies("URS-DI-006")
    @Test
    void aHandEntryWithoutAQualigateRecordIsExplainedByAuthorityOrMappingOrElseAManualError() {
        assertThat(only(Map.of("E1|QMS-OWNED", manual("QMS-OWNED", "2026-03-02")), Map.of()))
                .isEqualTo(Classification.AUTHORITY);
        assertThat(only(Map.of("E1|NEW-COURSE", manual("NEW-COURSE", "2026-03-05")), Map.of()))
                .isEqualTo(Classification.UNMAPPED_CODE);
        assertThat(only(Map.of("E1|GMP", manual("GMP", "2026-03-06")), Map.of()))
                .isEqualTo(Classification.MANUAL_ERROR);
    }

    @Verifies("URS-DI-006")
    @Test
    void aQualigateRecordNobodyEnteredByHandIsAManualErrorWithItsEvidence() {
        Line line = classifier
                .classify(Map.of(), Map.of("E1|GMP", done("GMP", "2026-03-02T09:00:00Z", "2026-03-02T09:01:00Z")))
                .getFirst();
        assertThat(line.classification()).isEqualTo(Classification.MANUAL_ERROR);
        assertThat(line.reason()).isEqualTo("HRIS record hris/TR-1 was not entered by hand");
        assertThat(line.qualigate()).isEqualTo("2026-03-02 Complete");
    }

    @Verifies("URS-DI-006")
    @Test
    void linesComeInTheOrderOfPersonAndCourse() {
        var lines = classifier.classify(
                Map.of("E1|B", manual("B", "2026-03-06"), "E1|A", manual("A", "2026-03-06")), Map.of());
        assertThat(lines).extracting(Line::courseCode).containsExactly("A", "B");
    }
}
