package org.qualigate.validation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.config.EmbeddedPostgres;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@code java -jar qualigate.jar iq [--out <folder>] [--timeout <ISO duration>] [--instance <url>] [--user
 * <name>] [--spring.…=…]}: the installation qualification of this installation, with the configuration the
 * service would use (the same profiles, files and environment), without starting the service itself. The
 * running instance is looked for at {@code --instance}, by default on this host at {@code server.port}; the
 * user's password comes from {@code QUALIGATE_IQ_PASSWORD} (or {@code --password}).
 */
public final class InstallationQualificationCommand {

    private InstallationQualificationCommand() {}

    /** Runs the IQ; answers the process exit code: 0 passed, 1 a check failed, 2 a usage error. */
    public static int run(String[] args) {
        Arguments parsed = Arguments.parse(args);
        if (parsed.error() != null) {
            return usage(parsed.error());
        }
        Path out = parsed.out();
        Duration timeout = parsed.timeout();
        String instanceUrl = parsed.instanceUrl();
        String user = parsed.user();
        String password = parsed.password();
        List<String> springArgs = new ArrayList<>(parsed.springArgs());
        springArgs.addAll(runningEmbeddedDatabase(springArgs));
        // Only the environment: application.yml, profiles, QUALIGATE_* variables and the embedded
        // PostgreSQL default — no beans of the service, so nothing is migrated, scheduled or written.
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EnvironmentOnly.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            var environment = context.getEnvironment();
            URI url;
            try {
                url = URI.create(instanceUrl != null ? instanceUrl : defaultInstanceUrl(environment));
            } catch (IllegalArgumentException e) {
                return usage("--instance: not a URL: " + instanceUrl);
            }
            InstallationQualification.Report report = new InstallationQualification(
                            environment,
                            Clock.systemUTC(),
                            timeout,
                            new InstallationQualification.Instance(url, user, password))
                    .run(out);
            System.out.println("Installation qualification " + (report.passed() ? "PASSED" : "FAILED") + ": "
                    + out.toAbsolutePath().resolve("iq-report.md"));
            report.checks().stream()
                    .filter(c -> !c.passed())
                    .forEach(c -> System.out.println("  FAIL " + c.name() + ": " + c.finding()));
            return report.passed() ? 0 : 1;
        }
    }

    /** The command line: where to write, how long to wait, which instance as whom, and Spring's own options. */
    private record Arguments(
            Path out,
            Duration timeout,
            @Nullable String instanceUrl,
            @Nullable String user,
            String password,
            List<String> springArgs,
            @Nullable String error) {

        static Arguments refused(String error) {
            return new Arguments(Path.of("iq-report"), Duration.ZERO, null, null, "", List.of(), error);
        }

        static Arguments parse(String[] args) {
            Path out = Path.of("iq-report");
            Duration timeout = Duration.ofSeconds(5);
            String instanceUrl = null;
            String user = null;
            String password = System.getenv().getOrDefault("QUALIGATE_IQ_PASSWORD", "");
            List<String> springArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> {
                        if (i + 1 >= args.length) {
                            return Arguments.refused("--out needs a folder");
                        }
                        out = Path.of(args[++i]);
                    }
                    case "--timeout" -> {
                        if (i + 1 >= args.length) {
                            return Arguments.refused("--timeout needs an ISO-8601 duration, e.g. PT5S");
                        }
                        try {
                            timeout = Duration.parse(args[++i]);
                        } catch (RuntimeException e) {
                            return Arguments.refused("--timeout: not an ISO-8601 duration: " + args[i]);
                        }
                    }
                    case "--instance", "--user", "--password" -> {
                        if (i + 1 >= args.length) {
                            return Arguments.refused(args[i] + " needs a value");
                        }
                        String value = args[++i];
                        switch (args[i - 1]) {
                            case "--instance" -> instanceUrl = value;
                            case "--user" -> user = value;
                            default -> password = value;
                        }
                    }
                    default -> {
                        if (!args[i].startsWith("--")) {
                            return Arguments.refused("unknown argument " + args[i]);
                        }
                        springArgs.add(args[i]);
                    }
                }
            }
            return new Arguments(out, timeout, instanceUrl, user, password, springArgs, null);
        }
    }

    /**
     * The embedded default's PostgreSQL may already be running under the service ({@code ./run-demo}): its
     * data directory is then locked, so the IQ connects to that server, found by its {@code postmaster.pid},
     * instead of starting a second one.
     */
    static List<String> runningEmbeddedDatabase(List<String> springArgs) {
        if (springArgs.stream().anyMatch(a -> a.startsWith("--spring.datasource.url="))) {
            return List.of();
        }
        String prefix = "--qualigate.embedded-postgres.data-directory=";
        String dir = springArgs.stream()
                .filter(a -> a.startsWith(prefix))
                .map(a -> a.substring(prefix.length()))
                .reduce((first, last) -> last)
                .orElse("./var/postgres");
        if (dir.isBlank()) {
            return List.of();
        }
        List<String> pid;
        try {
            pid = Files.readAllLines(Path.of(dir, "postmaster.pid"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        if (pid.size() < 4
                || !ProcessHandle.of(Long.parseLong(pid.get(0).trim()))
                        .map(ProcessHandle::isAlive)
                        .orElse(false)) {
            return List.of();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres";
        System.out.println("iq: the embedded PostgreSQL in " + dir + " is running; checking it at " + url);
        return List.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + EmbeddedPostgres.APP_ROLE,
                "--spring.datasource.password=",
                "--spring.flyway.url=" + url,
                "--spring.flyway.user=" + EmbeddedPostgres.SUPERUSER,
                "--spring.flyway.password=");
    }

    /** The instance this installation's configuration describes, on this host. */
    static String defaultInstanceUrl(org.springframework.core.env.Environment environment) {
        String scheme = environment.getProperty("server.ssl.enabled", Boolean.class, false) ? "https" : "http";
        return scheme + "://127.0.0.1:" + environment.getProperty("server.port", "8080")
                + environment.getProperty("server.servlet.context-path", "") + "/";
    }

    private static int usage(String problem) {
        System.err.println("iq: " + problem);
        System.err.println("usage: java -jar qualigate.jar iq [--out <folder>] [--timeout PT5S] [--instance <url>]"
                + " [--user <name>] [--spring.…=…]   (password of --user in QUALIGATE_IQ_PASSWORD)");
        return 2;
    }

    @Configuration(proxyBeanMethods = false)
    static class EnvironmentOnly {}
}
