package org.qualigate.validation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@code java -jar qualigate.jar iq [--out <folder>] [--timeout <ISO duration>] [--spring.…=…]}: the
 * installation qualification of this installation, with the configuration the service would use (the
 * same profiles, files and environment), without starting the service itself.
 */
public final class InstallationQualificationCommand {

    private InstallationQualificationCommand() {}

    /** Runs the IQ; answers the process exit code: 0 passed, 1 a check failed, 2 a usage error. */
    public static int run(String[] args) {
        Path out = Path.of("iq-report");
        Duration timeout = Duration.ofSeconds(5);
        List<String> springArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        return usage("--out needs a folder");
                    }
                    out = Path.of(args[++i]);
                }
                case "--timeout" -> {
                    if (i + 1 >= args.length) {
                        return usage("--timeout needs an ISO-8601 duration, e.g. PT5S");
                    }
                    try {
                        timeout = Duration.parse(args[++i]);
                    } catch (RuntimeException e) {
                        return usage("--timeout: not an ISO-8601 duration: " + args[i]);
                    }
                }
                default -> {
                    if (!args[i].startsWith("--")) {
                        return usage("unknown argument " + args[i]);
                    }
                    springArgs.add(args[i]);
                }
            }
        }
        // Only the environment: application.yml, profiles, QUALIGATE_* variables and the embedded
        // PostgreSQL default — no beans of the service, so nothing is migrated, scheduled or written.
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EnvironmentOnly.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            InstallationQualification.Report report =
                    new InstallationQualification(context.getEnvironment(), Clock.systemUTC(), timeout).run(out);
            System.out.println("Installation qualification " + (report.passed() ? "PASSED" : "FAILED") + ": "
                    + out.toAbsolutePath().resolve("iq-report.md"));
            report.checks().stream()
                    .filter(c -> !c.passed())
                    .forEach(c -> System.out.println("  FAIL " + c.name() + ": " + c.finding()));
            return report.passed() ? 0 : 1;
        }
    }

    private static int usage(String problem) {
        System.err.println("iq: " + problem);
        System.err.println("usage: java -jar qualigate.jar iq [--out <folder>] [--timeout PT5S] [--spring.…=…]");
        return 2;
    }

    @Configuration(proxyBeanMethods = false)
    static class EnvironmentOnly {}
}
