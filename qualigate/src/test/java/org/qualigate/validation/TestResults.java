package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Last results of test methods, read from Surefire and Failsafe XML reports, and each report's counts. The
 * test cases of the XML report are the count to trust: Surefire's console line and {@code .txt} report show
 * "Tests run: 0" for the outer class of {@code @Nested} classes (apache/maven-surefire#3356), and the XML
 * report's own {@code tests="…"} can be one short for such a class (33 for the 34 test cases of
 * {@code ScimAccessTargetIT} with Surefire 3.5.6), while its test cases are all there.
 */
public final class TestResults {

    /**
     * One {@code TEST-<class>.xml}: the class, the report folder it came from (e.g. {@code surefire-reports})
     * and its counts of test cases; {@code skipReasons} are the messages of its skipped tests.
     */
    public record Suite(
            String className,
            String folder,
            int tests,
            int failures,
            int errors,
            int skipped,
            List<String> skipReasons) {

        public boolean integration() {
            return folder.startsWith("failsafe");
        }
    }

    /** The outcome of one test method (all its invocations, for parameterised and property tests). */
    public enum Result {
        PASSED,
        FAILED,
        SKIPPED,
        NOT_RUN;

        public String label() {
            return name().toLowerCase().replace('_', ' ');
        }

        Result and(Result other) {
            if (this == FAILED || other == FAILED) {
                return FAILED;
            }
            if (this == PASSED || other == PASSED) {
                return PASSED;
            }
            return this == SKIPPED || other == SKIPPED ? SKIPPED : NOT_RUN;
        }
    }

    private final Map<String, Result> byMethod = new HashMap<>();
    private final Map<String, Integer> invocations = new HashMap<>();
    private final List<Suite> suites = new ArrayList<>();
    private int stale;

    /** Reads every {@code TEST-*.xml} in the given report folders; a missing folder means nothing ran there. */
    public static TestResults read(List<Path> reportFolders) {
        return read(reportFolders, Instant.EPOCH);
    }

    /**
     * Reads the {@code TEST-*.xml} reports written since the instant (the start of the build) in the given
     * folders; older ones are left over from an earlier run and are only counted ({@link #stale()}).
     */
    public static TestResults read(List<Path> reportFolders, Instant since) {
        TestResults results = new TestResults();
        for (Path folder : reportFolders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                        .sorted()
                        .toList()) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(since)) {
                        results.stale++;
                    } else {
                        results.readReport(f);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return results;
    }

    /** Reports left out because they were written before this build started. */
    public int stale() {
        return stale;
    }

    /** A result recorded directly (one invocation), as the OQ runner does from the JUnit launcher. */
    public void record(String className, String method, Result result) {
        invocations.merge(key(outer(className), method), 1, Integer::sum);
        byMethod.merge(key(className, method), result, Result::and);
        int nested = className.indexOf('$');
        if (nested > 0) {
            byMethod.merge(key(className.substring(0, nested), method), result, Result::and);
        }
    }

    public Result of(String className, String method) {
        return byMethod.getOrDefault(key(className, method), Result.NOT_RUN);
    }

    /** How many times the reports saw the method run (a parameterised or fuzz test: once per input). */
    public int invocations(String className, String method) {
        return invocations.getOrDefault(key(className, method), 0);
    }

    /** The reports read, one per test class and plugin. */
    public List<Suite> suites() {
        return List.copyOf(suites);
    }

    private void readReport(Path file) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder().parse(file.toFile());
            Element suite = doc.getDocumentElement();
            List<String> skipReasons = new ArrayList<>();
            NodeList skips = doc.getElementsByTagName("skipped");
            for (int i = 0; i < skips.getLength(); i++) {
                skipReasons.add(((Element) skips.item(i)).getAttribute("message"));
            }
            NodeList cases = doc.getElementsByTagName("testcase");
            // Counted from the test cases: the suite's own tests="…" can be one short with @Nested classes.
            suites.add(new Suite(
                    suite.getAttribute("name"),
                    file.getParent().getFileName().toString(),
                    cases.getLength(),
                    doc.getElementsByTagName("failure").getLength(),
                    doc.getElementsByTagName("error").getLength(),
                    skips.getLength(),
                    List.copyOf(skipReasons)));
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String name = c.getAttribute("name");
                int cut = name.length();
                for (char stop : new char[] {'(', '[', ' '}) {
                    int at = name.indexOf(stop);
                    if (at > 0) {
                        cut = Math.min(cut, at);
                    }
                }
                String className = c.getAttribute("classname");
                // jqwik's test cases name their class by its simple name only; the suite has the full name
                if (!className.contains(".") && suite.getAttribute("name").endsWith("." + className)) {
                    className = suite.getAttribute("name");
                }
                String method = name.substring(0, cut);
                record(className, method, resultOf(c));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read test report " + file, e);
        }
    }

    private static String outer(String className) {
        int nested = className.indexOf('$');
        return nested > 0 ? className.substring(0, nested) : className;
    }

    private static Result resultOf(Element testcase) {
        if (testcase.getElementsByTagName("failure").getLength() > 0
                || testcase.getElementsByTagName("error").getLength() > 0) {
            return Result.FAILED;
        }
        if (testcase.getElementsByTagName("skipped").getLength() > 0) {
            return Result.SKIPPED;
        }
        return Result.PASSED;
    }

    private static String key(String className, String method) {
        return className + "#" + method;
    }
}
