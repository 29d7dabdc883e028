package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Jazzer fuzz tests ({@code @FuzzTest}) of the test classes and their seed corpora. In the build's
 * regression mode Jazzer runs each fuzz test once on the empty input and once per file of its seed corpus:
 * the files directly in {@code <package>/<TestClass>Inputs/} (shared by the class's fuzz tests) and every
 * file under {@code <TestClass>Inputs/<method>/}. A fuzz test without seeds runs on the empty input only and
 * proves next to nothing.
 */
public final class FuzzTargets {

    /** Fewest seeds a fuzz target needs: a valid, a boundary and a known-bad input at least. */
    public static final int MINIMUM_SEEDS = 3;

    /** One fuzz test and the seed files Jazzer reads for it. */
    public record Target(String className, String method, List<String> seeds) {

        /** Invocations a regression run makes: the empty input and each seed. */
        public int expectedRuns() {
            return 1 + seeds.size();
        }

        public String simpleName() {
            return TaggedTests.simpleName(className, method);
        }
    }

    private FuzzTargets() {}

    /** Every {@code @FuzzTest} method of the compiled test classes, with its seeds (from the same folder). */
    public static List<Target> scan(Path testClasses, ClassLoader loader) {
        List<Target> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(testClasses)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")
                            && !p.getFileName().toString().contains("$"))
                    .toList()) {
                String name = TaggedTests.className(testClasses, file);
                Class<?> type;
                try {
                    type = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load test class " + name, e);
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (Arrays.stream(m.getAnnotations())
                            .anyMatch(a -> a.annotationType().getSimpleName().equals("FuzzTest"))) {
                        Path inputs = file.resolveSibling(type.getSimpleName() + "Inputs");
                        found.add(new Target(name, m.getName(), seeds(inputs, m.getName())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(Target::className).thenComparing(Target::method));
        return found;
    }

    private static List<String> seeds(Path inputs, String method) throws IOException {
        List<String> seeds = new ArrayList<>();
        if (!Files.isDirectory(inputs)) {
            return seeds;
        }
        try (Stream<Path> shared = Files.list(inputs)) {
            shared.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .forEach(seeds::add);
        }
        Path own = inputs.resolve(method);
        if (Files.isDirectory(own)) {
            try (Stream<Path> files = Files.walk(own)) {
                files.filter(Files::isRegularFile)
                        .map(p -> own.relativize(p).toString())
                        .forEach(seeds::add);
            }
        }
        seeds.sort(Comparator.naturalOrder());
        return seeds;
    }
}
