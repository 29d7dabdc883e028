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
import org.jspecify.annotations.Nullable;
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
        Path jar = options.containsKey("jar") ? Path.of(options.get("jar")) : null;
        System.exit(run(new RemoteOperationalQualification(), catalogue, out, jar, Clock.systemUTC()) ? 0 : 1);
    }

    /**
     * Runs the checks against the target; true when every check ran and passed, the chain verifies and the
     * instance's jar agrees with the file on disk (and with {@code jar}, when one is given).
     */
    static boolean run(RemoteOperationalQualification checks, Path catalogue, Path out, @Nullable Path jar, Clock clock)
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
        InstanceIdentity identity = InstanceIdentity.of(target, jar);

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
        boolean passed = allPassed && chainValid && identity.agrees();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("report", "Qualigate operational qualification");
        report.put("result", passed ? "PASSED" : "FAILED");
        report.put("ranBy", System.getProperty("user.name", "unknown"));
        report.put("apiUser", target.user());
        report.put("host", host());
        report.put("started", started.toString());
        report.put("finished", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("instance", target.baseUrl().toString());
        report.put("instanceVersion", identity.version());
        report.put("instanceBuildTime", identity.buildTime());
        report.put("instanceJar", identity.jar());
        report.put("instanceJarSha256", identity.sha256());
        report.put("jarComparison", identity.comparison());
        report.put("jarAgrees", identity.agrees());
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
                .append(", built ")
                .append(report.get("instanceBuildTime"))
                .append('\n');
        md.append("- Jar the instance was started from: `")
                .append(report.get("instanceJar"))
                .append("`, SHA-256 `")
                .append(report.get("instanceJarSha256"))
                .append("` — ")
                .append(Boolean.TRUE.equals(report.get("jarAgrees")) ? "" : "**DISAGREES**: ")
                .append(report.get("jarComparison"))
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

    /**
     * What the instance says about itself in {@code /actuator/info} — version, build time, the jar it was
     * started from and that jar's SHA-256 as read at its start — and whether that hash agrees with the file on
     * disk (when this host can read it), with the jar given to the OQ ({@code --jar}), and with the
     * instance's own look at its file.
     */
    record InstanceIdentity(
            String version, String buildTime, String jar, String sha256, String comparison, boolean agrees) {

        static InstanceIdentity of(OqTarget target, @Nullable Path expectedJar) {
            JsonNode info;
            try {
                HttpResponse<String> answer = target.get("/actuator/info");
                if (answer.statusCode() != 200) {
                    return new InstanceIdentity(
                            "not reported",
                            "not reported",
                            "not reported",
                            "not reported",
                            "GET /actuator/info answered " + answer.statusCode(),
                            false);
                }
                info = JSON.readTree(answer.body());
            } catch (RuntimeException e) {
                return new InstanceIdentity(
                        "not reported",
                        "not reported",
                        "not reported",
                        "not reported",
                        "GET /actuator/info failed: " + firstLine(e.getMessage()),
                        false);
            }
            JsonNode build = info.path("build");
            JsonNode artifact = info.path("artifact");
            String version = build.path("version").asString("not reported by the instance");
            String time = build.path("time").asString("not reported");
            if (!artifact.path("runningFrom").asString("").equals("jar")) {
                String from = artifact.path("runningFrom").asString("not reported");
                // An instance from class directories (the build's own run) has no jar; one that says nothing of
                // its jar cannot be compared, and a jar given to compare with then cannot be confirmed.
                boolean agrees = artifact.isObject() && expectedJar == null;
                return new InstanceIdentity(
                        version, time, from, "none", "the instance runs from " + from + ": no jar to compare", agrees);
            }
            String path = artifact.path("path").asString("");
            String sha = artifact.path("sha256").asString("");
            String instanceSays = artifact.path("onDisk").asString("not reported");
            List<String> findings = new ArrayList<>();
            boolean agrees = true;
            Path file = Path.of(path);
            if (Files.isReadable(file)) {
                String now = ServiceArtifact.sha256(file);
                boolean same = now.equals(sha);
                agrees &= same;
                findings.add(
                        same ? "the file on disk has the same SHA-256" : "the file on disk now has SHA-256 " + now);
            } else {
                agrees &= instanceSays.equals("unchanged");
                findings.add("the file is not readable from this host; the instance says: " + instanceSays);
            }
            if (expectedJar != null) {
                String expected = ServiceArtifact.sha256(expectedJar);
                boolean same = expected.equals(sha);
                agrees &= same;
                findings.add(
                        same
                                ? "the same as " + expectedJar
                                : expectedJar + " has SHA-256 " + expected + ", another build");
            }
            return new InstanceIdentity(version, time, path, sha, String.join("; ", findings), agrees);
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
                        + "[--hook-source hris] [--hook-secret whsec_…] [--out <folder>] [--requirements <file>] "
                        + "[--jar <the jar installed>]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
