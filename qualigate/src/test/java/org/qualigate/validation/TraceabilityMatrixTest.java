package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.TaggedTests.TaggedTest;
import org.qualigate.validation.TestResults.Result;
import org.qualigate.validation.TraceabilityMatrix.Coverage;

/**
 * What the matrix lets a requirement claim: passed only when its tests ran and passed in this build; a
 * skipped test (the browser tests skipped on request) makes its requirement not run or partial, never
 * passed; a high-risk requirement without a passed test is named for the build to fail on; a fuzz test
 * without its seeds, or that did not run on each, is named too.
 */
class TraceabilityMatrixTest {

    private static final Requirements REQUIREMENTS = Requirements.read(Path.of("../docs/validation/requirements.md"));

    @Verifies("URS-VAL-022")
    @Test
    void aSkippedTestLeavesItsRequirementNotRunOrPartialNeverPassed() {
        TestResults results = new TestResults();
        results.record("x.AdminUiIT", "signsIn", Result.SKIPPED);
        results.record("x.ChangeControlIT", "approves", Result.PASSED);
        results.record("x.ChangeControlUiIT", "approvesInTheBrowser", Result.SKIPPED);
        List<TaggedTest> tests = List.of(
                new TaggedTest("x.AdminUiIT", "signsIn", List.of("URS-REP-004")),
                new TaggedTest("x.ChangeControlIT", "approves", List.of("URS-SEQ-007")),
                new TaggedTest("x.ChangeControlUiIT", "approvesInTheBrowser", List.of("URS-SEQ-007")));

        TraceabilityMatrix matrix = TraceabilityMatrix.of(REQUIREMENTS, tests, results);

        assertThat(coverage(matrix, "URS-REP-004")).isEqualTo(Coverage.NOT_RUN);
        assertThat(coverage(matrix, "URS-SEQ-007")).isEqualTo(Coverage.PARTIAL);
        assertThat(matrix.csv())
                .contains("URS-REP-004,Reports and notices (URS-REP),medium,not run,x.AdminUiIT.signsIn,skipped")
                .contains("URS-SEQ-007,Sequencing and role determination (URS-SEQ),high,partial,"
                        + "x.ChangeControlUiIT.approvesInTheBrowser,skipped");
    }

    @Verifies("URS-VAL-022")
    @Test
    void aHighRiskRequirementWithoutAPassedTestIsNamedAndOneWithAPassIsNot() {
        TestResults results = new TestResults();
        results.record("x.ChangeControlIT", "approves", Result.PASSED);
        results.record("x.AuditIT", "chains", Result.SKIPPED);
        List<TaggedTest> tests = List.of(
                new TaggedTest("x.ChangeControlIT", "approves", List.of("URS-SEQ-007")),
                new TaggedTest("x.AuditIT", "chains", List.of("URS-AUD-003")),
                new TaggedTest("x.NeverRanIT", "delivers", List.of("URS-DI-007")),
                new TaggedTest("x.PreviewIT", "previews", List.of("URS-SEQ-008")));

        List<String> missing =
                TraceabilityMatrix.of(REQUIREMENTS, tests, results).highRiskWithoutAPass();

        assertThat(missing)
                .contains("URS-AUD-003 (not run)", "URS-DI-007 (not run)", "URS-AUD-001 (not yet covered)")
                .doesNotContain("URS-SEQ-007 (passed)")
                .noneMatch(m -> m.startsWith("URS-SEQ-007") || m.startsWith("URS-SEQ-008"));
    }

    @Verifies("URS-VAL-022")
    @Test
    void theCountsLineNamesPassedPartialNotRunAndNotYetCovered() {
        TestResults results = new TestResults();
        results.record("x.A", "passes", Result.PASSED);
        results.record("x.A", "isSkipped", Result.SKIPPED);
        List<TaggedTest> tests = List.of(
                new TaggedTest("x.A", "passes", List.of("URS-AUD-001", "URS-AUD-002")),
                new TaggedTest("x.A", "isSkipped", List.of("URS-AUD-002", "URS-AUD-003")));

        String line = TraceabilityMatrix.of(REQUIREMENTS, tests, results).countsLine();

        int total = REQUIREMENTS.all().size();
        assertThat(line)
                .isEqualTo(total + " requirements: 1 passed, 1 partial, 1 not run, " + (total - 3)
                        + " not yet covered, 0 failed; 2 tagged tests");
    }

    @Verifies({"URS-VAL-023", "URS-VAL-022"})
    @Test
    void aFuzzTestWithTooFewSeedsOrThatDidNotRunOnEachIsNamed() {
        FuzzTargets.Target fewSeeds = new FuzzTargets.Target("x.ParserFuzzTest", "few", List.of("valid", "empty"));
        FuzzTargets.Target notAllRan =
                new FuzzTargets.Target("x.ParserFuzzTest", "notAll", List.of("valid", "boundary", "bad"));
        FuzzTargets.Target allRan = new FuzzTargets.Target("x.ParserFuzzTest", "all", List.of("a", "b", "c"));
        TestResults reported = new TestResults();
        for (int i = 0; i < 4; i++) {
            reported.record("x.ParserFuzzTest", "all", Result.PASSED);
            reported.record("x.ParserFuzzTest", "few", Result.PASSED);
        }
        for (int i = 0; i < 2; i++) {
            reported.record("x.ParserFuzzTest", "notAll", Result.PASSED);
        }

        assertThat(TraceabilityMatrix.fuzzTargetsShortOfSeeds(List.of(fewSeeds, notAllRan, allRan), reported))
                .containsExactly(
                        "fuzz test ParserFuzzTest.few has 2 seeds; it needs at least 3 (valid, boundary, known-bad) "
                                + "in its …Inputs folder",
                        "fuzz test ParserFuzzTest.notAll ran on 2 inputs, not on the empty input and its 3 seeds");
    }

    @Verifies("URS-VAL-023")
    @Test
    void everyFuzzTestOfThisModuleHasAtLeastThreeSeeds() {
        List<FuzzTargets.Target> targets = FuzzTargets.scan(
                Path.of("target/test-classes"), Thread.currentThread().getContextClassLoader());

        assertThat(targets).hasSizeGreaterThanOrEqualTo(12);
        assertThat(targets)
                .allSatisfy(t -> assertThat(t.seeds())
                        .as(t.simpleName())
                        .hasSizeGreaterThanOrEqualTo(FuzzTargets.MINIMUM_SEEDS));
    }

    private static Coverage coverage(TraceabilityMatrix matrix, String id) {
        return matrix.lines().stream()
                .filter(l -> l.requirement().id().equals(id))
                .findFirst()
                .orElseThrow()
                .coverage();
    }
}
