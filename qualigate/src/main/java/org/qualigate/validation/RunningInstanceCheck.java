package org.qualigate.validation;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.validation.InstallationQualification.Check;
import org.qualigate.validation.InstallationQualification.Instance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The running instance, if one answers: the jar it was started from, compared with the disk and the qualified jar. */
final class RunningInstanceCheck {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Instance instance;
    private final Duration timeout;

    RunningInstanceCheck(Instance instance, Duration timeout) {
        this.instance = instance;
        this.timeout = timeout;
    }

    /**
     * The jar the running instance was started from (its SHA-256 as read at its start, from
     * {@code /actuator/info}), compared with the file on disk now and with the jar this IQ qualifies. No
     * instance answering is a finding, not a failure: an installation is qualified before its first start.
     */
    Map<String, Object> check(List<Check> checks, @Nullable String qualifiedJarSha) {
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("url", instance.url().toString());
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        if (!answers(http, found, checks)) {
            return found;
        }
        String user = instance.user();
        if (user == null) {
            checks.add(new Check(
                    "running instance's jar",
                    false,
                    "an instance answers at " + instance.url() + ": give --user (password in QUALIGATE_IQ_PASSWORD)"
                            + " so the IQ can read its /actuator/info and compare the jar it runs"));
            return found;
        }
        JsonNode info = info(http, user, checks);
        if (info != null) {
            compareJars(info, found, checks, qualifiedJarSha);
        }
        return found;
    }

    /** Whether an instance answers its health endpoint; none answering is a finding, not a failure. */
    private boolean answers(HttpClient http, Map<String, Object> found, List<Check> checks) {
        try {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(instance.url().resolve("actuator/health"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            found.put("running", true);
            found.put("health", health.statusCode() + " " + health.body());
            return true;
        } catch (IOException e) {
            found.put("running", false);
            checks.add(new Check(
                    "running instance's jar",
                    true,
                    "no instance answers at " + instance.url() + " ("
                            + e.getClass().getSimpleName()
                            + "): nothing to compare; run the IQ again while the service runs"));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("running instance's jar", false, "interrupted"));
            return false;
        }
    }

    /** The instance's {@code /actuator/info}, read as the user given; null (and a failed check) otherwise. */
    private @Nullable JsonNode info(HttpClient http, String user, List<Check> checks) {
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(instance.url().resolve("actuator/info"))
                            .timeout(timeout)
                            .header(
                                    "authorization",
                                    "Basic "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString((user + ":" + instance.password())
                                                            .getBytes(StandardCharsets.UTF_8)))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                checks.add(new Check(
                        "running instance's jar",
                        false,
                        "GET /actuator/info as " + user + " answered " + answer.statusCode()));
                return null;
            }
            return JSON.readTree(answer.body());
        } catch (IOException | RuntimeException e) {
            checks.add(new Check("running instance's jar", false, "GET /actuator/info failed: " + e));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("running instance's jar", false, "interrupted"));
            return null;
        }
    }

    /** The jar the instance started from, against the file on disk now and the jar this IQ qualifies. */
    private static void compareJars(
            JsonNode info, Map<String, Object> found, List<Check> checks, @Nullable String qualifiedJarSha) {
        JsonNode build = info.path("build");
        JsonNode artifact = info.path("artifact");
        found.put("version", build.path("version").asString("not reported"));
        found.put("buildTime", build.path("time").asString("not reported"));
        found.put("runningFrom", artifact.path("runningFrom").asString("not reported"));
        if (!artifact.path("runningFrom").asString("").equals("jar")) {
            boolean same = qualifiedJarSha == null && !artifact.isMissingNode();
            checks.add(new Check(
                    "running instance's jar",
                    same,
                    same
                            ? "the instance and this IQ both run from class directories: no jar to compare"
                            : "the instance does not report a jar (" + found.get("runningFrom") + ")"));
            return;
        }
        String path = artifact.path("path").asString("");
        String atStart = artifact.path("sha256").asString("");
        found.put("jar", path);
        found.put("sha256AtStart", atStart);
        found.put("onDiskAsTheInstanceSeesIt", artifact.path("onDisk").asString(""));
        String onDisk;
        boolean unchanged;
        Path file = Path.of(path);
        if (Files.isReadable(file)) {
            onDisk = ServiceArtifact.sha256(file);
            unchanged = onDisk.equals(atStart);
        } else {
            // another host or no permission: the instance's own comparison (size and time) is all there is
            onDisk = "not readable from this host";
            unchanged = "unchanged".equals(found.get("onDiskAsTheInstanceSeesIt"));
        }
        found.put("sha256OnDisk", onDisk);
        checks.add(new Check(
                "running instance's jar unchanged on disk",
                unchanged,
                "started from " + path + " with SHA-256 " + atStart + "; on disk now: " + onDisk
                        + (Files.isReadable(file)
                                ? ""
                                : " (the instance says: " + found.get("onDiskAsTheInstanceSeesIt") + ")")));
        if (qualifiedJarSha != null) {
            found.put("sameAsQualifiedJar", qualifiedJarSha.equals(atStart));
            checks.add(new Check(
                    "running instance runs the qualified jar",
                    qualifiedJarSha.equals(atStart),
                    "instance " + atStart + ", qualified jar " + qualifiedJarSha));
        }
    }
}
