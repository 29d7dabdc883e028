package org.qualigate.validation;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.qualigate.validation.TaggedTests.TaggedTest;
import org.qualigate.validation.TestResults.Result;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the OQ's tagged black-box checks against an installed Qualigate and writes the OQ report: who ran
 * it, when, against which instance and version, each check's result, the result per requirement, and the
 * audit chain's verification. Run it with {@code ./qualigate-oq} (see docs/validation/README.md).
 */
public final class OqRunner {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private OqRunner() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        String password = options.getOrDefault("password", env("QUALIGATE_OQ_PASSWORD"));
        String secret = options.getOrDefault("hook-secret", env("QUALIGATE_OQ_HOOK_SECRET"));
        System.setProperty(
                RemoteOperationalQualification.BASE_URL, options.getOrDefault("base-url", "http://localhost:8080"));
        System.setProperty(RemoteOperationalQualification.USER, options.getOrDefault("user", "auditor"));
        System.setProperty(RemoteOperationalQualification.PASSWORD, password);
        System.setProperty(RemoteOperationalQualification.HOOK_SOURCE, options.getOrDefault("hook-source", "hris"));
        System.setProperty(RemoteOperationalQualification.HOOK_SECRET, secret);
        Path out = Path.of(options.getOrDefault("out", "oq-report"));
        Path catalogue = Path.of(options.getOrDefault("requirements", "docs/validation/requirements.md"));
        System.exit(run(new RemoteOperationalQualification(), catalogue, out, Clock.systemUTC()) ? 0 : 1);
    }

    /** Runs the checks against the target; true when every check ran and passed and the chain verifies. */
    static boolean run(RemoteOperationalQualification checks, Path catalogue, Path out, Clock clock)
            throws IOException {
        Requirements requirements = Requirements.read(catalogue);
        OqTarget target = checks.target();
        Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        TestResults results = new TestResults();
        Map<String, String> failures = new TreeMap<>();
        var launcher = LauncherFactory.create();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(RemoteOperationalQualification.class))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                method(test).ifPresent(m -> {
                    results.record(RemoteOperationalQualification.class.getName(), m, Result.SKIPPED);
                    failures.put(m, "skipped: " + reason);
                });
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult outcome) {
                method(test).ifPresent(m -> {
                    Result r = switch (outcome.getStatus()) {
                        case SUCCESSFUL -> Result.PASSED;
                        case ABORTED -> Result.SKIPPED;
                        case FAILED -> Result.FAILED;
                    };
                    results.record(RemoteOperationalQualification.class.getName(), m, r);
                    outcome.getThrowable()
                            .ifPresent(t -> failures.put(
                                    m, (r == Result.SKIPPED ? "skipped: " : "") + firstLine(t.getMessage())));
                });
            }
        });
        List<TaggedTest> tagged = TaggedTests.of(RemoteOperationalQualification.class);
        TraceabilityMatrix matrix = TraceabilityMatrix.of(requirements, tagged, results);
        if (!matrix.unknownTags().isEmpty()) {
            throw new IllegalStateException("OQ checks tagged with unknown requirements: " + matrix.unknownTags());
        }

        String chain;
        boolean chainValid;
        try {
            HttpResponse<String> verified = target.post("/api/v1/audit/verify", "");
            JsonNode v = JSON.readTree(verified.body());
            chainValid = verified.statusCode() == 200 && v.path("valid").asBoolean(false);
            chain = verified.statusCode() + " " + verified.body();
        } catch (RuntimeException e) {
            chainValid = false;
            chain = "could not be asked: " + e.getMessage();
        }
        String version = version(target);

        List<Map<String, Object>> checkRows = new ArrayList<>();
        for (TaggedTest t : tagged) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("check", t.method());
            row.put("requirements", t.requirementIds());
            row.put("result", results.of(t.className(), t.method()).label());
            if (failures.containsKey(t.method())) {
                row.put("detail", failures.get(t.method()));
            }
            checkRows.add(row);
        }
        List<Map<String, Object>> requirementRows = new ArrayList<>();
        for (TraceabilityMatrix.Line l : matrix.lines()) {
            if (l.tests().isEmpty()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("requirement", l.requirement().id());
            row.put("risk", l.requirement().risk());
            row.put("result", l.coverage().label());
            row.put("checks", l.tests().stream().map(TaggedTest::method).toList());
            requirementRows.add(row);
        }
        boolean allPassed = checkRows.stream().allMatch(r -> r.get("result").equals("passed"));
        boolean passed = allPassed && chainValid;

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("report", "Qualigate operational qualification");
        report.put("result", passed ? "PASSED" : "FAILED");
        report.put("ranBy", System.getProperty("user.name", "unknown"));
        report.put("apiUser", target.user());
        report.put("host", host());
        report.put("started", started.toString());
        report.put("finished", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("instance", target.baseUrl().toString());
        report.put("instanceVersion", version);
        report.put("auditChainValid", chainValid);
        report.put("auditChainVerification", chain);
        report.put("checks", checkRows);
        report.put("requirements", requirementRows);
        Files.createDirectories(out);
        Files.writeString(
                out.resolve("oq-report.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report),
                StandardCharsets.UTF_8);
        Files.writeString(
                out.resolve("oq-report.md"), markdown(report, checkRows, requirementRows), StandardCharsets.UTF_8);
        System.out.println("Operational qualification " + report.get("result") + " against " + target.baseUrl() + ": "
                + out.toAbsolutePath().resolve("oq-report.md"));
        return passed;
    }

    private static String markdown(
            Map<String, Object> report, List<Map<String, Object>> checks, List<Map<String, Object>> requirements) {
        StringBuilder md = new StringBuilder("# Qualigate — operational qualification\n\n");
        md.append("- Result: **").append(report.get("result")).append("**\n");
        md.append("- Run by: ")
                .append(report.get("ranBy"))
                .append(" on ")
                .append(report.get("host"))
                .append(", as API user `")
                .append(report.get("apiUser"))
                .append("`\n");
        md.append("- When: ")
                .append(report.get("started"))
                .append(" – ")
                .append(report.get("finished"))
                .append(" (UTC)\n");
        md.append("- Instance: ")
                .append(report.get("instance"))
                .append(", version ")
                .append(report.get("instanceVersion"))
                .append('\n');
        md.append("- Audit chain verification: ")
                .append(Boolean.TRUE.equals(report.get("auditChainValid")) ? "valid" : "**NOT VALID**")
                .append(" — `")
                .append(String.valueOf(report.get("auditChainVerification")).replace("`", "'"))
                .append(
                        "`\n\n## Results per requirement\n\n| requirement | risk | result | checks |\n| --- | --- | --- | --- |\n");
        for (Map<String, Object> r : requirements) {
            md.append("| ")
                    .append(r.get("requirement"))
                    .append(" | ")
                    .append(r.get("risk"))
                    .append(" | ")
                    .append(r.get("result"))
                    .append(" | ")
                    .append(String.join(", ", cast(r.get("checks"))))
                    .append(" |\n");
        }
        md.append("\n## Checks\n\n| check | requirements | result | detail |\n| --- | --- | --- | --- |\n");
        for (Map<String, Object> c : checks) {
            md.append("| ")
                    .append(c.get("check"))
                    .append(" | ")
                    .append(String.join(", ", cast(c.get("requirements"))))
                    .append(" | ")
                    .append(c.get("result"))
                    .append(" | ")
                    .append(String.valueOf(c.getOrDefault("detail", "")).replace("|", "\\|"))
                    .append(" |\n");
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> cast(Object o) {
        return (List<String>) o;
    }

    private static String version(OqTarget target) {
        try {
            HttpResponse<String> info = target.get("/actuator/info");
            JsonNode build = JSON.readTree(info.body()).path("build");
            return build.has("version")
                    ? build.path("version").asString() + " (built "
                            + build.path("time").asString("?") + ")"
                    : "not reported by the instance";
        } catch (RuntimeException e) {
            return "not reported by the instance";
        }
    }

    private static java.util.Optional<String> method(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: OqRunner --base-url <url> --user <user> [--password <pw>] "
                        + "[--hook-source hris] [--hook-secret whsec_…] [--out <folder>] [--requirements <file>]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
