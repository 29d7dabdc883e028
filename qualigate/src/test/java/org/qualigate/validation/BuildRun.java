package org.qualigate.validation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What kind of run of {@code ./mvnw verify} this is, from the properties Maven was given: the full suite
 * (evidence of the build), or a targeted run ({@code -Dtest=…}, {@code -Dit.test=…}, {@code -DskipTests},
 * {@code -DskipITs}) in which the checks that need every class — each selected class ran, each high-risk
 * requirement passed, each fuzz target ran its seeds — are not applied and the log says so. Also whether the
 * browser tests were explicitly skipped ({@code -Dqualigate.browser-tests=skip}).
 *
 * @param since when the build started: reports older than this are left over from an earlier run and are no
 *     evidence of this one
 */
public record BuildRun(boolean full, List<String> narrowedBy, boolean browserTestsSkipped, Instant since) {

    /** The opt-out of the browser tests: {@code -Dqualigate.browser-tests=skip}. */
    public static final String BROWSER_TESTS = "qualigate.browser-tests";

    /** A full run started at the instant, with the browser tests (for tests of the checks). */
    public static BuildRun full(Instant since) {
        return new BuildRun(true, List.of(), false, since);
    }

    /**
     * From {@code --name=value} options as the build passes them; Maven leaves a property that is not set as
     * its literal {@code ${name}}, which counts as not set.
     */
    public static BuildRun of(Map<String, String> options) {
        List<String> narrowed = new ArrayList<>();
        for (String name : List.of("test", "it.test")) {
            String v = set(options.get(name));
            if (v != null) {
                narrowed.add("-D" + name + "=" + v);
            }
        }
        for (String name : List.of("skipTests", "skipITs")) {
            String v = set(options.get(name));
            if (v != null && !v.equalsIgnoreCase("false")) {
                narrowed.add("-D" + name);
            }
        }
        String browser = set(options.get("browser-tests"));
        if (browser != null && !browser.equals("skip") && !browser.equals("run")) {
            throw new IllegalArgumentException(
                    "-D" + BROWSER_TESTS + " takes 'run' (the default) or 'skip', not '" + browser + "'");
        }
        return new BuildRun(narrowed.isEmpty(), List.copyOf(narrowed), "skip".equals(browser), since(options));
    }

    /** The options of {@code args} ({@code --name=value}); other arguments are left out. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                out.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return out;
    }

    /** The positional arguments of {@code args}. */
    public static List<String> positional(String[] args) {
        return java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
    }

    /** How the log and the matrix name this run. */
    public String describe() {
        String scope = full
                ? "full run: every test class the build selects"
                : "targeted run (" + String.join(" ", narrowedBy)
                        + "): only the classes that ran; not evidence of a release";
        return scope + (browserTestsSkipped ? "; browser tests SKIPPED on request (-D" + BROWSER_TESTS + "=skip)" : "");
    }

    private static Instant since(Map<String, String> options) {
        String v = set(options.get("since"));
        if (v == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since takes an ISO instant, e.g. 2026-12-06T07:00:00Z: " + v, e);
        }
    }

    private static String set(String value) {
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return null;
        }
        return value.trim();
    }
}
