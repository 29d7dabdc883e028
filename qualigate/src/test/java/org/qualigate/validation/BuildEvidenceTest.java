package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.validation.BuildEvidence.Module;
import org.qualigate.validation.TestClasses.Runner;
import org.qualigate.validation.TestClasses.TestClass;

/**
 * The build's check of its own evidence, on made-up reports: a class that no plugin selects, one that did
 * not run, ran nothing or skipped a test fails the build; a targeted run and the explicit opt-out of the
 * browser tests are said loudly instead; the XML report, not Surefire's console line, is the count.
 */
class BuildEvidenceTest {

    private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
    private static final BuildRun FULL = BuildRun.full(START);

    @TempDir
    Path reports;

    @Verifies("URS-VAL-021")
    @Test
    void aClassWithTestsThatNoPluginSelectsFailsTheBuildEvenInATargetedRun() {
        Module module = module(List.of(new TestClass("org.qualigate.policy.AccessPolicyProperties", Runner.NONE)));

        assertThat(BuildEvidence.problems(module, FULL))
                .singleElement()
                .asString()
                .contains("AccessPolicyProperties holds tests")
                .contains("the build never runs it");
        assertThat(BuildEvidence.problems(module, targeted())).hasSize(1);
    }

    @Verifies("URS-VAL-021")
    @Test
    void aSelectedClassWithoutAReportOfThisBuildFailsAFullRunButNotATargetedOne() throws IOException {
        report("failsafe-reports", "org.qualigate.x.OldIT", 3, 0, "");
        Files.setLastModifiedTime(
                reports.resolve("failsafe-reports/TEST-org.qualigate.x.OldIT.xml"),
                FileTime.from(START.minusSeconds(60)));
        Module module = module(List.of(
                new TestClass("org.qualigate.x.OldIT", Runner.FAILSAFE),
                new TestClass("org.qualigate.x.MissingTest", Runner.SUREFIRE)));

        assertThat(BuildEvidence.problems(module, FULL))
                .containsExactly(
                        "org.qualigate.x.OldIT is selected by Failsafe but has no report of this build: it did not run",
                        "org.qualigate.x.MissingTest is selected by Surefire but has no report of this build: it did "
                                + "not run");
        assertThat(BuildEvidence.problems(module, targeted())).isEmpty();
        assertThat(BuildEvidence.notes(module, FULL)).contains("1 report(s) from an earlier run left out");
    }

    @Verifies("URS-VAL-021")
    @Test
    void aClassThatRanNoTestOrSkippedOneFailsTheBuild() throws IOException {
        report("surefire-reports", "org.qualigate.x.EmptyTest", 0, 0, "");
        report("failsafe-reports", "org.qualigate.x.AssumingIT", 4, 1, "needs a mail server");
        Module module = module(List.of(
                new TestClass("org.qualigate.x.EmptyTest", Runner.SUREFIRE),
                new TestClass("org.qualigate.x.AssumingIT", Runner.FAILSAFE)));

        assertThat(BuildEvidence.problems(module, FULL))
                .containsExactly(
                        "org.qualigate.x.EmptyTest ran no test in this build (its report counts 0)",
                        "org.qualigate.x.AssumingIT skipped 1 of 4 tests: needs a mail server — a skipped test is no "
                                + "evidence; make it run or fail");
    }

    @Verifies("URS-VAL-021")
    @Test
    void browserTestsSkipOnlyOnExplicitRequestAndAreNamedInTheLog() throws IOException {
        report(
                "failsafe-reports",
                "org.qualigate.ui.AdminUiIT",
                8,
                8,
                "browser tests skipped on request " + "(-Dqualigate.browser-tests=skip)");
        Module module = module(List.of(new TestClass("org.qualigate.ui.AdminUiIT", Runner.FAILSAFE)));
        BuildRun optedOut = BuildRun.of(Map.of("browser-tests", "skip", "test", "${test}"));

        assertThat(BuildEvidence.problems(module, FULL))
                .singleElement()
                .asString()
                .contains("skipped 8 of 8");
        assertThat(optedOut.full()).isTrue();
        assertThat(BuildEvidence.problems(module, optedOut)).isEmpty();
        assertThat(BuildEvidence.notes(module, optedOut))
                .containsExactly("SKIPPED ON REQUEST: org.qualigate.ui.AdminUiIT (browser tests; its requirements show "
                        + "as not run)");
        assertThat(optedOut.describe()).contains("browser tests SKIPPED on request");
    }

    @Verifies("URS-VAL-021")
    @Test
    void theCountsAreTheTestCasesOfTheXmlReportsWithNestedClassesUnderTheirOuterClass() throws IOException {
        // Surefire 3.5.6 writes tests="33" for the 34 test cases of a class with two @Nested classes
        Files.createDirectories(reports.resolve("surefire-reports"));
        Files.writeString(reports.resolve("surefire-reports/TEST-org.qualigate.policy.AccessPolicyTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="org.qualigate.policy.AccessPolicyTest" tests="2" errors="0" skipped="0" failures="0">
                  <testcase name="aLeadNeedsHigherLevels" classname="org.qualigate.policy.AccessPolicyTest"/>
                  <testcase name="endsTheRole" classname="org.qualigate.policy.AccessPolicyTest$GracePeriod"/>
                  <testcase name="isNone" classname="org.qualigate.policy.AccessPolicyTest$GracePeriod"/>
                </testsuite>
                """);
        report("failsafe-reports", "org.qualigate.x.SomeIT", 5, 0, "");
        TestResults read = read();

        assertThat(BuildEvidence.Counts.of(read)).isEqualTo(new BuildEvidence.Counts(3, 1, 5, 1, 0));
        assertThat(read.of("org.qualigate.policy.AccessPolicyTest", "endsTheRole"))
                .isEqualTo(TestResults.Result.PASSED);
        assertThat(BuildEvidence.problems(
                        module(List.of(new TestClass("org.qualigate.policy.AccessPolicyTest", Runner.SUREFIRE))), FULL))
                .isEmpty();
    }

    @Verifies({"URS-VAL-021", "URS-VAL-022"})
    @Test
    void aJqwikPropertyReportedUnderItsSimpleClassNameCountsForItsClass() throws IOException {
        Files.createDirectories(reports.resolve("surefire-reports"));
        Files.writeString(
                reports.resolve("surefire-reports/TEST-org.qualigate.policy.AccessPolicyPropertiesTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="org.qualigate.policy.AccessPolicyPropertiesTest" tests="1" errors="0" skipped="0" failures="0">
                  <testcase name="addingAValidQualificationNeverRemovesARole" classname="AccessPolicyPropertiesTest"/>
                </testsuite>
                """);

        assertThat(read().of(
                                "org.qualigate.policy.AccessPolicyPropertiesTest",
                                "addingAValidQualificationNeverRemovesARole"))
                .isEqualTo(TestResults.Result.PASSED);
    }

    @Verifies("URS-VAL-021")
    @Test
    void aTargetedRunIsToldFromTheOptionsMavenPassesAndANotSetPropertyIsItsLiteral() {
        BuildRun full = BuildRun.of(Map.of(
                "test", "${test}", "it.test", "${it.test}", "skipTests", "${skipTests}", "since", START.toString()));
        BuildRun targeted = BuildRun.of(Map.of("test", "AccessPolicyTest", "it.test", "${it.test}"));
        BuildRun noTests = BuildRun.of(Map.of("skipTests", "true"));

        assertThat(full.full()).isTrue();
        assertThat(full.since()).isEqualTo(START);
        assertThat(targeted.full()).isFalse();
        assertThat(targeted.describe())
                .contains("targeted run (-Dtest=AccessPolicyTest)")
                .contains("not evidence");
        assertThat(noTests.full()).isFalse();
        assertThat(BuildRun.of(Map.of("skipITs", "false")).full()).isTrue();
        assertThatThrownBy(() -> BuildRun.of(Map.of("browser-tests", "maybe")))
                .hasMessageContaining("takes 'run' (the default) or 'skip'");
    }

    @Verifies("URS-VAL-021")
    @Test
    void everyClassWithTestsInThisModuleIsSelectedBySurefireOrFailsafe() {
        List<TestClass> classes = TestClasses.discover(
                Path.of("target/test-classes"), Thread.currentThread().getContextClassLoader());

        assertThat(classes).hasSizeGreaterThan(60);
        assertThat(classes).filteredOn(c -> c.runner() == Runner.NONE).isEmpty();
        assertThat(classes)
                .contains(
                        new TestClass("org.qualigate.policy.AccessPolicyPropertiesTest", Runner.SUREFIRE),
                        new TestClass("org.qualigate.audit.CanonicalJsonFuzzTest", Runner.SUREFIRE),
                        new TestClass(RemoteOperationalQualification.class.getName(), Runner.OUTSIDE_THE_BUILD));
    }

    private Module module(List<TestClass> classes) {
        return new Module("qualigate", classes, read());
    }

    private TestResults read() {
        return TestResults.read(
                List.of(reports.resolve("surefire-reports"), reports.resolve("failsafe-reports")), START);
    }

    private static BuildRun targeted() {
        return BuildRun.of(Map.of("it.test", "SomeIT"));
    }

    private void report(String folder, String className, int tests, int skipped, String reason) throws IOException {
        Path dir = Files.createDirectories(reports.resolve(folder));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"")
                .append(className)
                .append("\" tests=\"")
                .append(tests)
                .append("\" errors=\"0\" skipped=\"")
                .append(skipped)
                .append("\" failures=\"0\">\n");
        for (int i = 0; i < tests; i++) {
            xml.append("  <testcase name=\"t")
                    .append(i)
                    .append("\" classname=\"")
                    .append(className)
                    .append("\">");
            if (i < skipped) {
                xml.append("<skipped message=\"").append(reason).append("\"/>");
            }
            xml.append("</testcase>\n");
        }
        Files.writeString(dir.resolve("TEST-" + className + ".xml"), xml.append("</testsuite>\n"));
    }
}
