package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.qualigate.validation.TestClasses.Runner;
import org.qualigate.validation.TestClasses.TestClass;
import org.qualigate.validation.TestResults.Suite;

/**
 * The build's own check of its evidence, per module: every class holding tests is selected by Surefire or
 * Failsafe; in a full run each selected class has a report of this build with at least one test; no test
 * was skipped (except the browser tests, and only on explicit request); and the log states how many tests
 * ran per module. Run by the build after the integration tests (see {@code qualigate/pom.xml} and
 * {@code bench/pom.xml}); uses only the JDK and the JUnit Platform launcher, so any module can run it.
 */
public final class BuildEvidence {

    static final String LOG = "[evidence] ";

    /** A module's test classes as discovered, and its reports of this build. */
    public record Module(String name, List<TestClass> classes, TestResults reports) {}

    /** Tests and classes run by each plugin in a module. */
    public record Counts(int unitTests, int unitClasses, int itTests, int itClasses, int skipped) {

        static Counts of(TestResults reports) {
            int ut = 0, uc = 0, it = 0, ic = 0, sk = 0;
            for (Suite s : reports.suites()) {
                if (s.integration()) {
                    it += s.tests();
                    ic++;
                } else {
                    ut += s.tests();
                    uc++;
                }
                sk += s.skipped();
            }
            return new Counts(ut, uc, it, ic, sk);
        }
    }

    private BuildEvidence() {}

    /** What is wrong with the module's evidence in this run; empty when it can be believed. */
    public static List<String> problems(Module module, BuildRun run) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Suite>> reported = module.reports().suites().stream()
                .collect(Collectors.groupingBy(Suite::className, LinkedHashMap::new, Collectors.toList()));
        for (TestClass c : module.classes()) {
            if (c.runner() == Runner.NONE) {
                problems.add(c.name() + " holds tests, but neither Surefire (*Test, *Tests, Test*, *TestCase) nor "
                        + "Failsafe (*IT, IT*, *ITCase) selects it by name, so the build never runs it: rename it");
                continue;
            }
            if (c.runner() == Runner.OUTSIDE_THE_BUILD) {
                continue;
            }
            boolean integration = c.runner() == Runner.FAILSAFE;
            List<Suite> suites = reported.getOrDefault(c.name(), List.of()).stream()
                    .filter(s -> s.integration() == integration)
                    .toList();
            if (suites.isEmpty()) {
                if (run.full()) {
                    problems.add(c.name() + " is selected by " + (integration ? "Failsafe" : "Surefire")
                            + " but has no report of this build: it did not run");
                }
                continue;
            }
            for (Suite s : suites) {
                if (browserSkip(s) && run.browserTestsSkipped()) {
                    continue;
                }
                if (s.tests() == 0) {
                    problems.add(c.name() + " ran no test in this build (its report counts 0)");
                } else if (s.skipped() > 0) {
                    problems.add(c.name() + " skipped " + s.skipped() + " of " + s.tests() + " tests: "
                            + String.join(
                                    "; ", s.skipReasons().stream().distinct().toList())
                            + " — a skipped test is no evidence; make it run or fail");
                }
            }
        }
        return problems;
    }

    /** Things the log says about the module that are not problems. */
    public static List<String> notes(Module module, BuildRun run) {
        List<String> notes = new ArrayList<>();
        for (String c : TestClasses.names(module.classes(), Runner.OUTSIDE_THE_BUILD)) {
            notes.add(c + " is not run by the build (@RunOutsideTheBuild) and is no evidence of it");
        }
        if (run.browserTestsSkipped()) {
            module.reports().suites().stream()
                    .filter(BuildEvidence::browserSkip)
                    .forEach(s -> notes.add("SKIPPED ON REQUEST: " + s.className()
                            + " (browser tests; its requirements show as not run)"));
        }
        if (module.reports().stale() > 0) {
            notes.add(module.reports().stale() + " report(s) from an earlier run left out");
        }
        return notes;
    }

    /** The module's line of the log: tests run per plugin, from the XML reports. */
    public static String countsLine(String module, Counts c) {
        return String.format(
                "%-10s unit %4d tests in %3d classes   integration %4d tests in %3d classes%s",
                module,
                c.unitTests(),
                c.unitClasses(),
                c.itTests(),
                c.itClasses(),
                c.skipped() > 0 ? "   skipped " + c.skipped() : "");
    }

    private static boolean browserSkip(Suite s) {
        return !s.skipReasons().isEmpty()
                && s.skipReasons().stream().allMatch(r -> r.contains(BuildRun.BROWSER_TESTS + "=skip"));
    }

    /**
     * {@code --root=<repository> --modules=sandbox,qualigate,bench --check=<modules to check> --self=<the
     * module whose test class path this runs on> [--matrix=<summary.properties>] [--since=…] [--test=…]
     * [--it.test=…] [--skipTests=…] [--skipITs=…] [--browser-tests=…]}: checks the modules named by
     * {@code --check}, prints the counts of every module in {@code --modules} and, with {@code --matrix}, the
     * requirements' counts; fails (an exception, so Maven fails the build) on a problem.
     */
    public static void main(String[] args) {
        Map<String, String> options = BuildRun.options(args);
        BuildRun run = BuildRun.of(options);
        Path root = Path.of(options.getOrDefault("root", "..")).toAbsolutePath().normalize();
        List<String> check = list(options.get("check"));
        String self = options.getOrDefault("self", "");
        List<String> problems = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String name : list(options.get("modules"))) {
            Path module = root.resolve(name);
            TestResults reports = TestResults.read(
                    List.of(module.resolve("target/surefire-reports"), module.resolve("target/failsafe-reports")),
                    run.since());
            lines.add(countsLine(name, Counts.of(reports)));
            if (check.contains(name)) {
                Path classes = module.resolve("target/test-classes");
                List<TestClass> found = Files.isDirectory(classes)
                        ? TestClasses.discover(realPath(classes), loaderFor(name.equals(self), classes))
                        : List.of();
                Module m = new Module(name, found, reports);
                problems(m, run).forEach(p -> problems.add(name + ": " + p));
                notes(m, run).forEach(n -> lines.add("  " + name + ": " + n));
            }
        }
        print(run, lines, options.get("matrix"), problems, check);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "the tests of this build cannot be believed:\n  " + String.join("\n  ", problems));
        }
    }

    private static void print(
            BuildRun run, List<String> lines, String matrix, List<String> problems, List<String> checked) {
        String rule = "-".repeat(100);
        System.out.println(LOG + rule);
        System.out.println(LOG + "Tests run in this build, from the XML reports (" + run.describe() + "):");
        lines.forEach(l -> System.out.println(LOG + "  " + l));
        if (problems.isEmpty() && !checked.isEmpty()) {
            System.out.println(LOG + "  " + String.join(", ", checked) + ": every test class is selected by Surefire"
                    + " or Failsafe" + (run.full() ? ", ran at least one test in this build" : "")
                    + (run.browserTestsSkipped()
                            ? ", and none was skipped except on request"
                            : ", and none was skipped"));
        }
        if (matrix != null && !matrix.startsWith("${")) {
            Path file = Path.of(matrix);
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file)) {
                    p.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.out.println(LOG + "Requirements: " + p.getProperty("line"));
            } else {
                System.out.println(LOG + "Requirements: no traceability matrix was written in this run (" + file + ")");
            }
        }
        if (run.browserTestsSkipped()) {
            System.out.println(LOG + "!!! The browser tests were SKIPPED on request (-D" + BuildRun.BROWSER_TESTS
                    + "=skip): the admin UI was not tested in a browser in this build.");
        }
        if (!run.full()) {
            System.out.println(LOG + "!!! " + run.describe());
        }
        System.out.println(LOG + rule);
    }

    private static ClassLoader loaderFor(boolean self, Path classes) {
        ClassLoader current = Thread.currentThread().getContextClassLoader();
        if (self) {
            return current;
        }
        try {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, current);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Path realPath(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
