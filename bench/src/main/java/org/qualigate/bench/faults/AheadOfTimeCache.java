package org.qualigate.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.qualigate.bench.BenchSupport;
import org.qualigate.bench.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service jar extracted once into the run's work directory, and the classes a start of the service loads cached
 * ahead of time (JDK 25's AOT cache, JEP 483 and 514), so that each of the suite's many lives of the service starts
 * without finding, loading and linking them again. The cache holds loaded and linked classes only:
 * the lives run the same code, settings and data as from the jar. It is made by one start of the service that ends
 * once its context is refreshed ({@code spring.context.exit=onRefresh}: no worker, scheduler or web server has
 * started), with the lives' own JVM options and settings. On an older JDK, or when the extraction or that start
 * fails, there is no cache and every life starts from the packaged jar.
 */
final class AheadOfTimeCache {

    private static final Logger log = LoggerFactory.getLogger(AheadOfTimeCache.class);

    /** The JDK release that can write an AOT cache in one training run ({@code -XX:AOTCacheOutput}, JEP 514). */
    private static final int FIRST_RELEASE = 25;

    private final Path launcher;
    private final Path cache;

    private AheadOfTimeCache(Path launcher, Path cache) {
        this.launcher = launcher;
        this.cache = cache;
    }

    /** The extracted jar to start ({@code java -jar}); its libraries lie beside it, in {@code lib/}. */
    Path launcher() {
        return launcher;
    }

    /** The JVM option that starts a life from the cache. */
    String jvmOption() {
        return "-XX:AOTCache=" + cache;
    }

    /**
     * Extracts {@code jar} into {@code directory} and starts it once with {@code jvmOptions} and {@code arguments}
     * up to its refreshed context, writing the cache; empty (with the reason logged) if that cannot be done.
     */
    static Optional<AheadOfTimeCache> make(
            Path jar, Path directory, String heap, List<String> jvmOptions, List<String> arguments, Duration timeout)
            throws IOException, InterruptedException {
        if (Runtime.version().feature() < FIRST_RELEASE) {
            log.info("no AOT cache on Java {}: every life starts from the packaged jar", Runtime.version());
            return Optional.empty();
        }
        Files.createDirectories(directory);
        Path extracted = directory.resolve("service");
        String java = ServiceProcess.javaExecutable();
        int extract = run(
                List.of(
                        java,
                        "-Djarmode=tools",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "extract",
                        "--destination",
                        extracted.toAbsolutePath().toString()),
                directory.resolve("extract.log"),
                timeout);
        Path launcher = extracted.resolve(jar.getFileName()).toAbsolutePath();
        if (extract != 0 || !Files.isRegularFile(launcher)) {
            log.warn("the jar could not be extracted (exit {}); every life starts from the packaged jar", extract);
            return Optional.empty();
        }
        Path cache = directory.resolve("service.aot").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-jar"));
        command.add(launcher.toString());
        command.add("--server.port=" + BenchSupport.freePort());
        command.addAll(arguments);
        int training = run(command, directory.resolve("training.log"), timeout);
        if (training != 0 || !Files.isRegularFile(cache)) {
            log.warn(
                    "the training start ended with {} and wrote no AOT cache (see {}); every life starts from the"
                            + " packaged jar",
                    training,
                    directory.resolve("training.log"));
            return Optional.empty();
        }
        log.info("AOT cache of the service's classes written to {}", cache);
        return Optional.of(new AheadOfTimeCache(launcher, cache));
    }

    private static int run(List<String> command, Path logFile, Duration timeout)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }
}
