package org.qualigate.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
     * What the IQ found of the running instance, each field only as far as it got: where it looked; whether an
     * instance answers and its health; the version, build time and what it runs from, as its {@code /actuator/info}
     * says; from a jar, the jar, its SHA-256 at the instance's start, the instance's own comparison with the disk and
     * the SHA-256 on disk now; and whether it is the jar this IQ qualifies, when the IQ runs from one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Found(
            String url,
            @Nullable Boolean running,
            @Nullable String health,
            @Nullable String version,
            @Nullable String buildTime,
            @Nullable String runningFrom,
            @Nullable String jar,
            @Nullable String sha256AtStart,
            @Nullable String onDiskAsTheInstanceSeesIt,
            @Nullable String sha256OnDisk,
            @Nullable Boolean sameAsQualifiedJar) {

        static Found at(String url) {
            return new Found(url, null, null, null, null, null, null, null, null, null, null);
        }

        Found answered(boolean running, @Nullable String health) {
            return new Found(url, running, health, null, null, null, null, null, null, null, null);
        }

        Found reported(String version, String buildTime, String runningFrom) {
            return new Found(url, running, health, version, buildTime, runningFrom, null, null, null, null, null);
        }

        Found startedFrom(
                String jar,
                String sha256AtStart,
                String onDiskAsTheInstanceSeesIt,
                String sha256OnDisk,
                @Nullable Boolean sameAsQualifiedJar) {
            return new Found(
                    url,
                    running,
                    health,
                    version,
                    buildTime,
                    runningFrom,
                    jar,
                    sha256AtStart,
                    onDiskAsTheInstanceSeesIt,
                    sha256OnDisk,
                    sameAsQualifiedJar);
        }
    }

    /**
     * The jar the running instance was started from (its SHA-256 as read at its start, from
     * {@code /actuator/info}), compared with the file on disk now and with the jar this IQ qualifies. No
     * instance answering is a finding, not a failure: an installation is qualified before its first start.
     */
    Found check(List<Check> checks, @Nullable String qualifiedJarSha) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        Found found = answers(http, Found.at(instance.url().toString()), checks);
        if (!Boolean.TRUE.equals(found.running())) {
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
        return info == null ? found : compareJars(info, found, checks, qualifiedJarSha);
    }

    /** Whether an instance answers its health endpoint; none answering is a finding, not a failure. */
    private Found answers(HttpClient http, Found found, List<Check> checks) {
        try {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(instance.url().resolve("actuator/health"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return found.answered(true, health.statusCode() + " " + health.body());
        } catch (IOException e) {
            checks.add(new Check(
                    "running instance's jar",
                    true,
                    "no instance answers at " + instance.url() + " ("
                            + e.getClass().getSimpleName()
                            + "): nothing to compare; run the IQ again while the service runs"));
            return found.answered(false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("running instance's jar", false, "interrupted"));
            return found;
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
    private static Found compareJars(
            JsonNode info, Found answered, List<Check> checks, @Nullable String qualifiedJarSha) {
        JsonNode build = info.path("build");
        JsonNode artifact = info.path("artifact");
        Found found = answered.reported(
                build.path("version").asString("not reported"),
                build.path("time").asString("not reported"),
                artifact.path("runningFrom").asString("not reported"));
        if (!artifact.path("runningFrom").asString("").equals("jar")) {
            boolean same = qualifiedJarSha == null && !artifact.isMissingNode();
            checks.add(new Check(
                    "running instance's jar",
                    same,
                    same
                            ? "the instance and this IQ both run from class directories: no jar to compare"
                            : "the instance does not report a jar (" + found.runningFrom() + ")"));
            return found;
        }
        String path = artifact.path("path").asString("");
        String atStart = artifact.path("sha256").asString("");
        String seen = artifact.path("onDisk").asString("");
        String onDisk;
        boolean unchanged;
        Path file = Path.of(path);
        if (Files.isReadable(file)) {
            onDisk = ServiceArtifact.sha256(file);
            unchanged = onDisk.equals(atStart);
        } else {
            // another host or no permission: the instance's own comparison (size and time) is all there is
            onDisk = "not readable from this host";
            unchanged = "unchanged".equals(seen);
        }
        checks.add(new Check(
                "running instance's jar unchanged on disk",
                unchanged,
                "started from " + path + " with SHA-256 " + atStart + "; on disk now: " + onDisk
                        + (Files.isReadable(file) ? "" : " (the instance says: " + seen + ")")));
        if (qualifiedJarSha != null) {
            checks.add(new Check(
                    "running instance runs the qualified jar",
                    qualifiedJarSha.equals(atStart),
                    "instance " + atStart + ", qualified jar " + qualifiedJarSha));
        }
        return found.startedFrom(
                path, atStart, seen, onDisk, qualifiedJarSha == null ? null : qualifiedJarSha.equals(atStart));
    }
}
