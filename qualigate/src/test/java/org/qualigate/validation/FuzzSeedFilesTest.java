package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.FuzzSeedFiles.Seed;

/**
 * The binary seeds of fuzz tests with several parameters are the inputs their declarations name: each file
 * in the seed folder decodes, with Jazzer's own serializer, to the declared arguments, and the folder holds
 * no file that is not declared (a finding Jazzer adds must be declared too, to say what it is). With
 * {@code -Dfuzz.seeds.write=true} it first writes the declared seeds into {@code src/test/resources}.
 */
class FuzzSeedFilesTest {

    private static final Path TEST_CLASSES = Path.of("target/test-classes");

    @Verifies("URS-VAL-023")
    @Test
    void eachSeedFileDecodesToTheArgumentsItIsDeclaredWith() throws IOException {
        List<Seed> seeds =
                FuzzSeedFiles.declared(TEST_CLASSES, Thread.currentThread().getContextClassLoader());
        if (Boolean.getBoolean("fuzz.seeds.write")) {
            // asked for after a declaration changed: write them into the sources, and here to check them
            FuzzSeedFiles.write(seeds, Path.of("src/test/resources"));
            FuzzSeedFiles.write(seeds, TEST_CLASSES);
        }

        assertThat(seeds).hasSizeGreaterThanOrEqualTo(20);
        for (Seed s : seeds) {
            Path file = TEST_CLASSES.resolve(s.file());
            assertThat(file).as("seed file of %s", s.name()).isRegularFile();
            assertThat(Seed.read(s.method(), Files.readAllBytes(file)))
                    .as("%s decodes to its declaration", s.file())
                    .isEqualTo(s.arguments());
        }
        for (Path folder : seeds.stream()
                .map(s -> TEST_CLASSES.resolve(s.file()).getParent())
                .distinct()
                .toList()) {
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("files of %s", folder)
                        .allMatch(name -> seeds.stream().anyMatch(s -> s.name().equals(name)));
            }
        }
    }
}
