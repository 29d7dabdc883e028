package org.qualigate.validation;

import com.code_intelligence.jazzer.mutation.ArgumentsMutator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seeds of fuzz tests that take several parameters. Jazzer stores such an input in its own binary form (each
 * parameter but the last with its length), which nobody can review as a file; so these seeds are declared in
 * Java beside the fuzz test, in a static method {@code <fuzz test>Seeds()} returning name → arguments, and
 * this program writes them with Jazzer's own serializer. {@code FuzzSeedFilesTest} checks in every build that
 * each file decodes to the arguments it is declared with.
 *
 * <p>After changing a declaration, {@code FuzzSeedFilesTest} with {@code -Dfuzz.seeds.write=true} writes the
 * files (see {@code docs/validation/fuzzing.md}).
 */
public final class FuzzSeedFiles {

    /** A declared seed: the fuzz test, the file name and the arguments. */
    public record Seed(FuzzTargets.Target target, Method method, String name, Object[] arguments) {

        /** The file, relative to a class-path root (or the test resources folder). */
        public Path file() {
            String pkg = target.className().substring(0, target.className().lastIndexOf('.'));
            String simple = target.className().substring(target.className().lastIndexOf('.') + 1);
            return Path.of(pkg.replace('.', '/'), simple + "Inputs", target.method(), name);
        }

        /** The bytes Jazzer reads these arguments from. */
        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ArgumentsMutator.forMethodOrThrow(method, false).writeAny(out, arguments);
            return out.toByteArray();
        }

        /** The arguments Jazzer reads from the bytes, as a regression run passes them to the fuzz test. */
        public static Object[] read(Method method, byte[] bytes) {
            ArgumentsMutator mutator = ArgumentsMutator.forMethodOrThrow(method, false);
            mutator.read(new ByteArrayInputStream(bytes));
            return mutator.getArguments();
        }
    }

    private FuzzSeedFiles() {}

    /** Every seed declared by a {@code <fuzz test>Seeds()} method of the compiled test classes. */
    public static List<Seed> declared(Path testClasses, ClassLoader loader) {
        List<Seed> seeds = new ArrayList<>();
        for (FuzzTargets.Target t : FuzzTargets.scan(testClasses, loader)) {
            try {
                Class<?> type = Class.forName(t.className(), false, loader);
                Method fuzz = fuzzMethod(type, t.method());
                Method declaring;
                try {
                    declaring = type.getDeclaredMethod(t.method() + "Seeds");
                } catch (NoSuchMethodException none) {
                    continue;
                }
                declaring.setAccessible(true);
                @SuppressWarnings("unchecked")
                Map<String, Object[]> declared = (Map<String, Object[]>) declaring.invoke(null);
                declared.forEach((name, args) -> seeds.add(new Seed(t, fuzz, name, args)));
            } catch (ClassNotFoundException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read the seeds of " + t.simpleName(), e);
            }
        }
        return seeds;
    }

    static Method fuzzMethod(Class<?> type, String name) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() > 0) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " has no fuzz test " + name);
    }

    /** Writes the seeds under a class-path root or the test resources folder. */
    public static void write(List<Seed> seeds, Path root) throws IOException {
        for (Seed s : seeds) {
            Path file = root.resolve(s.file());
            Files.createDirectories(file.getParent());
            try {
                Files.write(file, s.bytes());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
