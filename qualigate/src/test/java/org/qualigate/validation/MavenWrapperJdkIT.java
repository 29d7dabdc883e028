package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mvnw} on a machine whose default {@code java} is 17: with nothing set it finds a JDK 21 or newer
 * itself and names it; with {@code JAVA_HOME} pointing to a JDK 17 it says so and uses a newer one (decision
 * 0022). A fake JDK 17 — two scripts that answer as Java 17 does — stands for the old default, so the test
 * means the same on any machine; where no JDK 21 or newer is installed in the usual folders, the wrapper
 * must instead fail naming what to install.
 */
class MavenWrapperJdkIT {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CHOSEN = Pattern.compile("Qualigate: JDK (\\d+) at (\\S+)");
    private static final Pattern MAVEN_JAVA =
            Pattern.compile("Java version: (\\d+)[^,]*, vendor: [^,]*, runtime: (\\S+)");

    @TempDir
    Path tmp;

    private Path jdk17;

    @BeforeEach
    void fakeJdk17() throws IOException {
        jdk17 = tmp.resolve("jdk-17");
        Path bin = Files.createDirectories(jdk17.resolve("bin"));
        script(bin.resolve("java"), """
                #!/bin/sh
                echo 'Property settings:' >&2
                echo '    java.specification.version = 17' >&2
                echo 'openjdk version "17.0.13" 2024-10-15' >&2
                """);
        script(bin.resolve("javac"), "#!/bin/sh\necho 'javac 17.0.13'\n");
    }

    @Verifies("URS-VAL-020")
    @Test
    void withNothingSetAndJava17OnThePathTheWrapperFindsAndNamesAJdk21OrNewer() throws Exception {
        Run run = mvnw(null);

        if (aJdk21IsInstalled()) {
            assertThat(run.exit()).as(run.output()).isZero();
            assertRunsOnTheNamedNewerJdk(run);
        } else {
            assertThat(run.exit()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("No JDK 21 or newer found").contains("Install one");
        }
    }

    @Verifies("URS-VAL-020")
    @Test
    void aJavaHomeOfJdk17IsNotUsedAndTheWrapperSaysSo() throws Exception {
        Run run = mvnw(jdk17);

        assertThat(run.output()).contains("JAVA_HOME=" + jdk17 + " is a JDK 17; Qualigate needs 21 or newer");
        if (aJdk21IsInstalled()) {
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).contains(": using ").contains(" instead.");
            assertRunsOnTheNamedNewerJdk(run);
        } else {
            assertThat(run.exit()).as(run.output()).isNotZero();
        }
    }

    private static void assertRunsOnTheNamedNewerJdk(Run run) {
        Matcher chosen = CHOSEN.matcher(run.output());
        Matcher maven = MAVEN_JAVA.matcher(run.output());
        assertThat(chosen.find()).as(run.output()).isTrue();
        assertThat(maven.find()).as(run.output()).isTrue();
        assertThat(Integer.parseInt(chosen.group(1))).isGreaterThanOrEqualTo(21);
        assertThat(maven.group(1)).isEqualTo(chosen.group(1));
        assertThat(Path.of(maven.group(2)).toAbsolutePath().normalize())
                .isEqualTo(Path.of(chosen.group(2)).toAbsolutePath().normalize());
    }

    private record Run(int exit, String output) {}

    /** {@code ./mvnw -v} with {@code JAVA_HOME} unset or set, and a PATH whose java and javac are the fake 17. */
    private Run mvnw(Path javaHome) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(REPOSITORY.resolve("mvnw").toString(), "-v")
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        env.remove("MAVEN_OPTS");
        env.put("PATH", jdk17.resolve("bin") + ":/usr/bin:/bin");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    /** Whether the usual install folders the lookup searches hold a JDK 21 or newer. */
    private static boolean aJdk21IsInstalled() throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (String folder : List.of(
                "/usr/lib/jvm",
                System.getProperty("user.home") + "/.sdkman/candidates/java",
                "/Library/Java/JavaVirtualMachines")) {
            Path dir = Path.of(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.forEach(d -> {
                        candidates.add(d);
                        candidates.add(d.resolve("Contents/Home"));
                    });
                }
            }
        }
        candidates.add(Path.of("/opt/java/openjdk"));
        for (Path c : candidates) {
            Path release = c.resolve("release");
            if (Files.isExecutable(c.resolve("bin/javac")) && Files.isRegularFile(release)) {
                Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 21) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
