package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.qualigate.validation.Requirements.Requirement;
import org.qualigate.validation.TaggedTests.TaggedTest;
import org.qualigate.validation.TestResults.Result;

/**
 * The traceability matrix: each user requirement with the tests tagged for it and their last result, as
 * CSV and HTML. Run by the build after Surefire and Failsafe (and by the OQ runner with its own results).
 * An untested requirement is listed as such; a tag naming an unknown requirement is an error.
 */
public final class TraceabilityMatrix {

    /** How a requirement stands: by the results of the tests that verify it. */
    public enum Coverage {
        PASSED,
        FAILED,
        /** Some of its tests passed; others were skipped or did not run. */
        PARTIAL,
        NOT_RUN,
        NOT_YET_COVERED;

        public String label() {
            return name().toLowerCase().replace('_', ' ');
        }
    }

    /** One requirement's line of the matrix. */
    public record Line(Requirement requirement, List<TaggedTest> tests, List<Result> results, Coverage coverage) {}

    private final List<Line> lines;
    private final List<String> unknownTags;

    private TraceabilityMatrix(List<Line> lines, List<String> unknownTags) {
        this.lines = lines;
        this.unknownTags = unknownTags;
    }

    public static TraceabilityMatrix of(Requirements requirements, List<TaggedTest> tests, TestResults results) {
        Map<String, List<TaggedTest>> byRequirement = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (TaggedTest t : tests) {
            for (String id : t.requirementIds()) {
                if (requirements.contains(id)) {
                    byRequirement.computeIfAbsent(id, k -> new ArrayList<>()).add(t);
                } else {
                    unknown.add(t.className() + "." + t.method() + " names " + id);
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        for (Requirement r : requirements.all()) {
            List<TaggedTest> verifying = byRequirement.getOrDefault(r.id(), List.of());
            List<Result> outcome = verifying.stream()
                    .map(t -> results.of(t.className(), t.method()))
                    .toList();
            lines.add(new Line(r, verifying, outcome, coverage(outcome)));
        }
        return new TraceabilityMatrix(lines, unknown);
    }

    static Coverage coverage(List<Result> results) {
        if (results.isEmpty()) {
            return Coverage.NOT_YET_COVERED;
        }
        if (results.contains(Result.FAILED)) {
            return Coverage.FAILED;
        }
        long passed = results.stream().filter(r -> r == Result.PASSED).count();
        if (passed == results.size()) {
            return Coverage.PASSED;
        }
        return passed == 0 ? Coverage.NOT_RUN : Coverage.PARTIAL;
    }

    public List<Line> lines() {
        return lines;
    }

    public List<String> unknownTags() {
        return unknownTags;
    }

    public Map<Coverage, Long> summary() {
        Map<Coverage, Long> counts = new EnumMap<>(Coverage.class);
        for (Coverage c : Coverage.values()) {
            counts.put(c, lines.stream().filter(l -> l.coverage() == c).count());
        }
        return counts;
    }

    /**
     * The high-risk requirements that no test passed in this build (none tagged, or none of their tests
     * ran and passed): a green build must not hide one.
     */
    public List<String> highRiskWithoutAPass() {
        return lines.stream()
                .filter(l -> l.requirement().risk().equals("high"))
                .filter(l -> !l.results().contains(Result.PASSED))
                .map(l -> l.requirement().id() + " (" + l.coverage().label() + ")")
                .toList();
    }

    /** The requirements' counts as the build log and the summary file state them. */
    public String countsLine() {
        Map<Coverage, Long> s = summary();
        return lines.size() + " requirements: " + s.get(Coverage.PASSED) + " passed, " + s.get(Coverage.PARTIAL)
                + " partial, " + s.get(Coverage.NOT_RUN) + " not run, " + s.get(Coverage.NOT_YET_COVERED)
                + " not yet covered, " + s.get(Coverage.FAILED) + " failed; " + taggedTests() + " tagged tests";
    }

    public long taggedTests() {
        return lines.stream()
                .flatMap(l -> l.tests().stream())
                .map(t -> t.className() + "#" + t.method())
                .distinct()
                .count();
    }

    public String csv() {
        StringBuilder out = new StringBuilder("requirement,area,risk,coverage,test,result\n");
        for (Line l : lines) {
            Requirement r = l.requirement();
            if (l.tests().isEmpty()) {
                out.append(csvRow(r.id(), r.area(), r.risk(), l.coverage().label(), "", Result.NOT_RUN.label()));
            }
            for (int i = 0; i < l.tests().size(); i++) {
                out.append(csvRow(
                        r.id(),
                        r.area(),
                        r.risk(),
                        l.coverage().label(),
                        l.tests().get(i).className() + "." + l.tests().get(i).method(),
                        l.results().get(i).label()));
            }
        }
        return out.toString();
    }

    /** The HTML page; {@code heading} says what run it is (the build, or an OQ run against an instance). */
    public String html(String heading, Map<String, String> facts) {
        StringBuilder out = new StringBuilder();
        out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(heading))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
                        + "width:100%}td,th{border:1px solid #999;padding:4px;vertical-align:top;text-align:left}"
                        + ".passed{background:#dfd}.failed{background:#fbb}.not-yet-covered{background:#ffd}"
                        + ".partial,.not-run,.skipped{background:#eee}ul{margin:0;padding-left:1.2em}</style>"
                        + "</head><body>\n<h1>")
                .append(escape(heading))
                .append("</h1>\n<table>\n");
        facts.forEach((k, v) -> out.append("<tr><th>")
                .append(escape(k))
                .append("</th><td>")
                .append(escape(v))
                .append("</td></tr>\n"));
        summary()
                .forEach((c, n) -> out.append("<tr><th>requirements ")
                        .append(c.label())
                        .append("</th><td>")
                        .append(n)
                        .append("</td></tr>\n"));
        out.append("<tr><th>tagged tests</th><td>").append(taggedTests()).append("</td></tr>\n</table>\n");
        out.append("<h2>Requirements</h2>\n<table>\n<tr><th>ID</th><th>area</th><th>risk</th><th>requirement</th>"
                + "<th>coverage</th><th>tests and last result</th></tr>\n");
        for (Line l : lines) {
            Requirement r = l.requirement();
            String css = l.coverage().label().replace(' ', '-');
            out.append("<tr id=\"")
                    .append(r.id())
                    .append("\"><td>")
                    .append(r.id())
                    .append("</td><td>")
                    .append(escape(r.area()))
                    .append("</td><td>")
                    .append(r.risk())
                    .append("</td><td>")
                    .append(escape(r.text()))
                    .append("</td><td class=\"")
                    .append(css)
                    .append("\">")
                    .append(l.coverage().label())
                    .append("</td><td>");
            if (l.tests().isEmpty()) {
                out.append("no test verifies this requirement yet");
            } else {
                out.append("<ul>");
                for (int i = 0; i < l.tests().size(); i++) {
                    Result res = l.results().get(i);
                    out.append("<li class=\"")
                            .append(res.label().replace(' ', '-'))
                            .append("\">")
                            .append(escape(l.tests().get(i).simpleName()))
                            .append(" — ")
                            .append(res.label())
                            .append("</li>");
                }
                out.append("</ul>");
            }
            out.append("</td></tr>\n");
        }
        return out.append("</table>\n</body></html>\n").toString();
    }

    public void write(Path folder, String heading, Map<String, String> facts) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("traceability.csv"), csv(), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("traceability.html"), html(heading, facts), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The build's step: {@code <requirements.md> <test-classes> <report folders, comma-separated> <output
     * folder> [--since=…] [--test=…] [--it.test=…] [--skipTests=…] [--skipITs=…] [--browser-tests=…]}. Writes
     * the matrix and {@code summary.properties}, then fails (an exception, so Maven fails the build) on a tag
     * naming an unknown requirement and — in a full run ({@link BuildRun}) — on a high-risk requirement that
     * no test passed, or a fuzz test that did not run over all its seeds.
     */
    public static void main(String[] args) {
        List<String> positional = BuildRun.positional(args);
        if (positional.size() != 4) {
            throw new IllegalArgumentException("usage: TraceabilityMatrix <requirements.md> <test-classes> "
                    + "<reports,…> <output folder> [--since=…] [--test=…] [--it.test=…] [--skipTests=…] "
                    + "[--skipITs=…] [--browser-tests=…]");
        }
        BuildRun run = BuildRun.of(BuildRun.options(args));
        Requirements requirements = Requirements.read(Path.of(positional.get(0)));
        Path testClasses = Path.of(positional.get(1));
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<TaggedTest> tagged = TaggedTests.scan(testClasses, loader);
        // Only classes Surefire or Failsafe select by name are evidence of this build; others (the OQ's remote
        // checks, run by OqRunner) are named so that a test that never runs cannot look like one that did.
        List<TaggedTest> tests =
                tagged.stream().filter(t -> runByTheBuild(t.className())).toList();
        tagged.stream()
                .map(TaggedTest::className)
                .filter(c -> !runByTheBuild(c))
                .distinct()
                .forEach(c -> System.out.println("[traceability] not run by the build, left out of its matrix: " + c));
        TestResults results = TestResults.read(
                Arrays.stream(positional.get(2).split(","))
                        .map(String::trim)
                        .map(Path::of)
                        .toList(),
                run.since());
        TraceabilityMatrix matrix = of(requirements, tests, results);
        if (!matrix.unknownTags().isEmpty()) {
            throw new IllegalStateException("tests tagged with requirements that docs/validation/requirements.md "
                    + "does not have:\n  " + String.join("\n  ", new TreeSet<>(matrix.unknownTags())));
        }
        List<String> highRisk = matrix.highRiskWithoutAPass();
        List<FuzzTargets.Target> fuzzTargets = FuzzTargets.scan(testClasses, loader);
        for (FuzzTargets.Target t : fuzzTargets) {
            System.out.println("[traceability] fuzz seeds: " + t.simpleName() + " — "
                    + t.seeds().size()
                    + " seeds, ran on " + results.invocations(t.className(), t.method())
                    + " inputs (the empty input and each seed)");
        }
        List<String> fuzz = fuzzTargetsShortOfSeeds(fuzzTargets, results);

        Path out = Path.of(positional.get(3));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        facts.put("run", "the build (./mvnw verify): Surefire and Failsafe reports — " + run.describe());
        facts.put("requirements", positional.get(0));
        facts.put(
                "high-risk requirements without a passed test",
                highRisk.isEmpty() ? "none" : String.join(", ", highRisk));
        matrix.write(out, "Qualigate — traceability matrix", facts);
        String line = matrix.countsLine()
                + (highRisk.isEmpty()
                        ? "; every high-risk requirement passed"
                        : "; " + highRisk.size() + " high-risk without a passed test");
        writeSummary(out.resolve("summary.properties"), line, matrix, run);
        System.out.println("[traceability] " + line + " -> " + out.resolve("traceability.html"));

        if (!run.full()) {
            System.out.println("[traceability] !!! " + run.describe() + ": the high-risk gate and the fuzz-seed "
                    + "check are not applied.");
            return;
        }
        List<String> problems = new ArrayList<>();
        highRisk.forEach(r -> problems.add("high-risk requirement " + r + " has no test that passed in this build"));
        problems.addAll(fuzz);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "the traceability matrix cannot be signed:\n  " + String.join("\n  ", problems));
        }
    }

    /** Fuzz tests with fewer than {@link FuzzTargets#MINIMUM_SEEDS} seeds, or that did not run on each. */
    static List<String> fuzzTargetsShortOfSeeds(List<FuzzTargets.Target> targets, TestResults results) {
        List<String> problems = new ArrayList<>();
        for (FuzzTargets.Target t : targets) {
            int ran = results.invocations(t.className(), t.method());
            if (t.seeds().size() < FuzzTargets.MINIMUM_SEEDS) {
                problems.add("fuzz test " + t.simpleName() + " has " + t.seeds().size() + " seeds; it needs at least "
                        + FuzzTargets.MINIMUM_SEEDS + " (valid, boundary, known-bad) in its …Inputs folder");
            } else if (ran < t.expectedRuns()) {
                problems.add("fuzz test " + t.simpleName() + " ran on " + ran + " inputs, not on the empty input and "
                        + "its " + t.seeds().size() + " seeds");
            }
        }
        return problems;
    }

    private static void writeSummary(Path file, String line, TraceabilityMatrix matrix, BuildRun run) {
        Properties p = new Properties();
        p.setProperty("line", line);
        p.setProperty("run", run.describe());
        matrix.summary().forEach((c, n) -> p.setProperty(c.name().toLowerCase(), Long.toString(n)));
        p.setProperty("tagged-tests", Long.toString(matrix.taggedTests()));
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "the traceability matrix's counts, read by the build's last step");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether Surefire's or Failsafe's default includes select the (outer) class of a test. */
    static boolean runByTheBuild(String className) {
        return TestClasses.runByTheBuild(className);
    }

    private static String csvRow(String... cells) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            row.append(i == 0 ? "" : ",")
                    .append(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return row.append('\n').toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
