package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.TaggedTests.TaggedTest;
import org.qualigate.validation.TestResults.Result;

class RequirementTagsTest {

    private static final Path CATALOGUE = Path.of("../docs/validation/requirements.md");

    private final Requirements requirements = Requirements.read(CATALOGUE);

    @Verifies("URS-VAL-001")
    @Test
    void everyTagNamesARequirementOfTheCatalogue() {
        List<TaggedTest> tests = TaggedTests.scan(
                Path.of("target/test-classes"), Thread.currentThread().getContextClassLoader());

        assertThat(tests).hasSizeGreaterThanOrEqualTo(150);
        assertThat(TraceabilityMatrix.of(requirements, tests, new TestResults()).unknownTags())
                .isEmpty();
    }

    @Verifies("URS-VAL-001")
    @Test
    void anUnknownIdIsReportedAndAnUntestedRequirementIsListedNotHidden() {
        TestResults results = new TestResults();
        results.record("x.SomeTest", "passes", Result.PASSED);
        List<TaggedTest> tests = List.of(
                new TaggedTest("x.SomeTest", "passes", List.of("URS-AUD-001")),
                new TaggedTest("x.SomeTest", "namesNothingKnown", List.of("URS-XYZ-999")));

        TraceabilityMatrix matrix = TraceabilityMatrix.of(requirements, tests, results);

        assertThat(matrix.unknownTags()).containsExactly("x.SomeTest.namesNothingKnown names URS-XYZ-999");
        assertThat(matrix.lines()).hasSize(requirements.all().size());
        assertThat(matrix.lines().get(0).coverage()).isEqualTo(TraceabilityMatrix.Coverage.PASSED);
        assertThat(matrix.lines())
                .filteredOn(l -> l.requirement().id().equals("URS-ESG-001"))
                .singleElement()
                .extracting(TraceabilityMatrix.Line::coverage)
                .isEqualTo(TraceabilityMatrix.Coverage.NOT_YET_COVERED);
        assertThat(matrix.csv()).contains("URS-ESG-001,Electronic signatures (URS-ESG),high,not yet covered,,not run");
    }

    @Verifies("URS-VAL-001")
    @Test
    void onlyClassesTheBuildRunsAreEvidenceOfTheBuild() {
        assertThat(TraceabilityMatrix.runByTheBuild("org.qualigate.intake.WebhookIntakeIT"))
                .isTrue();
        assertThat(TraceabilityMatrix.runByTheBuild("org.qualigate.policy.AccessPolicyTest$Grace"))
                .isTrue();
        assertThat(TraceabilityMatrix.runByTheBuild(RemoteOperationalQualification.class.getName()))
                .isFalse();
    }

    @Verifies("URS-VAL-001")
    @Test
    void aFailedTestMakesItsRequirementFailedAndAMissingResultNotRun() {
        assertThat(TraceabilityMatrix.coverage(List.of(Result.PASSED, Result.FAILED)))
                .isEqualTo(TraceabilityMatrix.Coverage.FAILED);
        assertThat(TraceabilityMatrix.coverage(List.of(Result.NOT_RUN, Result.SKIPPED)))
                .isEqualTo(TraceabilityMatrix.Coverage.NOT_RUN);
        assertThat(TraceabilityMatrix.coverage(List.of(Result.PASSED, Result.NOT_RUN)))
                .isEqualTo(TraceabilityMatrix.Coverage.PARTIAL);
    }
}
