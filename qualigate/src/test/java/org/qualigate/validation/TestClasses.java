package org.qualigate.validation;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The test classes of a module as the JUnit Platform's engines find them (Jupiter, jqwik, ArchUnit, Jazzer's
 * fuzz tests: whatever is on the module's test class path), and which plugin of the build runs each. A class
 * holding tests that neither Surefire nor Failsafe selects by name never runs in the build, however green
 * the build is; {@link BuildEvidence} fails the build on one.
 */
public final class TestClasses {

    /** What runs a test class in {@code ./mvnw verify}. */
    public enum Runner {
        SUREFIRE,
        FAILSAFE,
        /** Deliberately left to another runner ({@link RunOutsideTheBuild}), and named in the log. */
        OUTSIDE_THE_BUILD,
        /** Nothing: a class with tests that the build never runs. */
        NONE
    }

    /** A top-level class with at least one test (its {@code @Nested} classes' tests count for it). */
    public record TestClass(String name, Runner runner) {}

    private TestClasses() {}

    /**
     * Every top-level class under the class-file root that holds a test, found by discovery (no test runs);
     * {@code loader} must see the classes, their dependencies and the test engines.
     */
    public static List<TestClass> discover(Path classesRoot, ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            TestPlan plan = LauncherFactory.create()
                    .discover(LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectClasspathRoots(Set.of(classesRoot)))
                            .build());
            Set<String> classes = new TreeSet<>();
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier t : plan.getDescendants(root)) {
                    // A parameterised or fuzz test is a container until it runs: its method source counts.
                    boolean method =
                            t.getSource().filter(MethodSource.class::isInstance).isPresent();
                    if (t.isTest() || method) {
                        t.getSource()
                                .map(TestClasses::classOf)
                                .map(TestClasses::outer)
                                .ifPresent(classes::add);
                    }
                }
            }
            return classes.stream()
                    .map(c -> new TestClass(c, runnerOf(c, load(c, loader))))
                    .toList();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Which plugin selects the class: Surefire's and Failsafe's default includes, by simple name. */
    public static Runner runnerOf(String className, Class<?> type) {
        String simple = outer(className).substring(outer(className).lastIndexOf('.') + 1);
        if (simple.startsWith("Test")
                || simple.endsWith("Test")
                || simple.endsWith("Tests")
                || simple.endsWith("TestCase")) {
            return Runner.SUREFIRE;
        }
        if (simple.startsWith("IT") || simple.endsWith("IT") || simple.endsWith("ITCase")) {
            return Runner.FAILSAFE;
        }
        if (type != null
                && Arrays.stream(type.getAnnotations())
                        .anyMatch(a -> a.annotationType().getSimpleName().equals("RunOutsideTheBuild"))) {
            return Runner.OUTSIDE_THE_BUILD;
        }
        return Runner.NONE;
    }

    /** Whether Surefire or Failsafe selects the (outer) class of a test. */
    public static boolean runByTheBuild(String className) {
        Runner r = runnerOf(className, null);
        return r == Runner.SUREFIRE || r == Runner.FAILSAFE;
    }

    static String outer(String className) {
        int nested = className.indexOf('$');
        return nested > 0 ? className.substring(0, nested) : className;
    }

    private static String classOf(TestSource source) {
        if (source instanceof MethodSource m) {
            return m.getClassName();
        }
        if (source instanceof ClassSource c) {
            return c.getClassName();
        }
        return null;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    static List<String> names(List<TestClass> classes, Runner runner) {
        return classes.stream()
                .filter(c -> c.runner() == runner)
                .map(TestClass::name)
                .toList();
    }
}
