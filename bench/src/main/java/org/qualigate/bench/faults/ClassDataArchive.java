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
 * The service jar extracted once into the run's work directory, and the classes a start of the service loads archived
 * for class data sharing (a dynamic CDS archive, JEP 350), so that each of the suite's many lives of the service
 * starts without parsing and verifying them again. The archive holds class data only: the lives run the same code,
 * settings and data as from the jar. It is written at the end of one start of the service that ends once its context
 * is refreshed ({@code spring.context.exit=onRefresh}: no worker, scheduler or web server has started), with the
 * lives' own JVM options and settings. When the extraction or that start fails there is no archive, and every life
 * starts from the packaged jar; a life whose JVM cannot map the archive starts without it.
 */
final class ClassDataArchive {

    private static final Logger log = LoggerFactory.getLogger(ClassDataArchive.class);

    private final Path launcher;
    private final Path archive;

    private ClassDataArchive(Path launcher, Path archive) {
        this.launcher = launcher;
        this.archive = archive;
    }

    /** The extracted jar to start ({@code java -jar}); its libraries lie beside it, in {@code lib/}. */
    Path launcher() {
        return launcher;
    }

    /** The JVM option that starts a life with the archive. */
    String jvmOption() {
        return "-XX:SharedArchiveFile=" + archive;
    }

    /**
     * Extracts {@code jar} into {@code directory} and starts it once with {@code jvmOptions} and {@code arguments}
     * up to its refreshed context, writing the archive; empty (with the reason logged) if that cannot be done.
     */
    static Optional<ClassDataArchive> make(
            Path jar, Path directory, String heap, List<String> jvmOptions, List<String> arguments, Duration timeout)
            throws IOException, InterruptedException {
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
        Path archive = directory.resolve("service.jsa").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar"));
        command.add(launcher.toString());
        command.add("--server.port=" + BenchSupport.freePort());
        command.addAll(arguments);
        int training = run(command, directory.resolve("training.log"), timeout);
        if (training != 0 || !Files.isRegularFile(archive)) {
            log.warn(
                    "the archiving start ended with {} and wrote no archive (see {}); every life starts from the"
                            + " packaged jar",
                    training,
                    directory.resolve("training.log"));
            return Optional.empty();
        }
        log.info("class data of the service archived in {}", archive);
        return Optional.of(new ClassDataArchive(launcher, archive));
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
