package org.qualigate.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No source file of the service over 400 lines, no method over 60 (decision 0052). A method is measured from the
 * line holding its name to its closing brace ({@link SourceOutline}). What is still too long is listed in
 * {@code size-exceptions.txt} with its reason; an entry no longer needed fails the test too, so the list only
 * shrinks.
 */
class SizeLimitsTest {

    static final int MAX_FILE_LINES = 400;
    static final int MAX_METHOD_LINES = 60;

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path EXCEPTIONS = Path.of("src/test/resources/size-exceptions.txt");

    @Test
    void noSourceFileIsOver400LinesAndNoMethodOver60ExceptThoseListedAndEveryListedOneStillIs() {
        Map<String, String> tooLong = tooLong();
        Map<String, String> exceptions = exceptions(read(EXCEPTIONS));

        assertThat(tooLong.keySet().stream()
                        .filter(key -> !exceptions.containsKey(key))
                        .map(tooLong::get)
                        .toList())
                .as("over the size limits (split by responsibility; decision 0052)")
                .isEmpty();
        assertThat(exceptions.keySet().stream()
                        .filter(key -> !tooLong.containsKey(key))
                        .toList())
                .as("entries of size-exceptions.txt within the limits now (remove them)")
                .isEmpty();
    }

    @Test
    void anExceptionWithoutAReasonIsRefused() {
        assertThatThrownBy(() -> exceptions("org/qualigate/a/B.java\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org/qualigate/a/B.java");
        assertThat(exceptions("# comment\n\norg/qualigate/a/B.java#run  split by its owner\n"))
                .containsExactly(Map.entry("org/qualigate/a/B.java#run", "split by its owner"));
    }

    /** Each file or method over its limit, as {@code path} or {@code path#method}, with what it measures. */
    private static Map<String, String> tooLong() {
        Map<String, String> tooLong = new TreeMap<>();
        for (Path file : javaSources()) {
            String path = MAIN.relativize(file).toString().replace('\\', '/');
            String source = read(file);
            long lines = source.lines().count();
            if (lines > MAX_FILE_LINES) {
                tooLong.put(path, path + " has " + lines + " lines (at most " + MAX_FILE_LINES + ")");
            }
            for (SourceOutline.Method method : SourceOutline.methodsOf(source)) {
                if (method.lines() > MAX_METHOD_LINES) {
                    String key = path + "#" + method.name();
                    tooLong.put(
                            key,
                            key + " has " + method.lines() + " lines from line " + method.firstLine() + " (at most "
                                    + MAX_METHOD_LINES + ")");
                }
            }
        }
        return tooLong;
    }

    /** Lines of {@code path[#method] reason}; blank lines and lines starting with {@code #} are left out. */
    static Map<String, String> exceptions(String text) {
        return exceptions("size-exceptions.txt", text);
    }

    /** Lines of {@code key reason} of the named list; blank lines and lines starting with {@code #} are left out. */
    static Map<String, String> exceptions(String list, String text) {
        Map<String, String> exceptions = new TreeMap<>();
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length < 2 || parts[1].isBlank()) {
                throw new IllegalArgumentException(list + ": " + parts[0] + " needs a reason");
            }
            exceptions.put(parts[0], parts[1].strip());
        }
        return exceptions;
    }

    private static List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
