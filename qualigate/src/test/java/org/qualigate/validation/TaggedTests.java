package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The test methods carrying {@link Verifies} tags, found in compiled test classes. */
public final class TaggedTests {

    /** A test method of a concrete test class and the requirement IDs it verifies. */
    public record TaggedTest(String className, String method, List<String> requirementIds) {

        public String simpleName() {
            return TaggedTests.simpleName(className, method);
        }
    }

    /** {@code Class.method} without the package, as the matrix and the log show a test. */
    static String simpleName(String className, String method) {
        return className.substring(className.lastIndexOf('.') + 1) + "." + method;
    }

    /** The binary name of the class in a class file under a class-path root. */
    static String className(Path root, Path classFile) {
        return root.relativize(classFile)
                .toString()
                .replace(java.io.File.separatorChar, '.')
                .replaceAll("\\.class$", "");
    }

    private TaggedTests() {}

    /** Every tagged test method of every concrete class under the given class-file root. */
    public static List<TaggedTest> scan(Path testClasses, ClassLoader loader) {
        List<TaggedTest> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(testClasses)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = className(testClasses, file);
                if (name.contains("$") && !isNestedTestClass(name)) {
                    continue;
                }
                found.addAll(of(load(name, loader)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(TaggedTest::className).thenComparing(TaggedTest::method));
        return found;
    }

    /** The tagged methods a concrete class runs, including those it inherits or takes from interfaces. */
    public static List<TaggedTest> of(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isAnnotation()) {
            return List.of();
        }
        List<TaggedTest> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Verifies onClass = type.getAnnotation(Verifies.class);
        for (Method m : methods(type)) {
            Verifies tag = m.getAnnotation(Verifies.class);
            if ((tag == null && onClass == null) || !isTest(m) || !seen.add(m.getName())) {
                continue;
            }
            Set<String> ids = new LinkedHashSet<>();
            if (onClass != null) {
                ids.addAll(Arrays.asList(onClass.value()));
            }
            if (tag != null) {
                ids.addAll(Arrays.asList(tag.value()));
            }
            found.add(new TaggedTest(type.getName(), m.getName(), List.copyOf(ids)));
        }
        return found;
    }

    private static List<Method> methods(Class<?> type) {
        List<Method> all = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            all.addAll(Arrays.asList(c.getDeclaredMethods()));
            for (Class<?> i : c.getInterfaces()) {
                all.addAll(Arrays.asList(i.getDeclaredMethods()));
            }
        }
        return all;
    }

    private static boolean isTest(Method m) {
        return Arrays.stream(m.getAnnotations())
                .map(a -> a.annotationType().getSimpleName())
                .anyMatch(n -> n.equals("Test")
                        || n.equals("ParameterizedTest")
                        || n.equals("Property")
                        || n.equals("RepeatedTest")
                        || n.equals("FuzzTest")
                        || n.equals("TestFactory"));
    }

    private static boolean isNestedTestClass(String name) {
        return !name.substring(name.lastIndexOf('$') + 1).matches("\\d+.*");
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load test class " + name, e);
        }
    }
}
