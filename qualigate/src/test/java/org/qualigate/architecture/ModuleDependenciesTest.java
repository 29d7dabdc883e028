package org.qualigate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qualigate.Module;
import org.qualigate.validation.Verifies;

/**
 * Module boundaries are a test: every top-level package under {@code org.qualigate} declares, in its
 * {@code package-info.java}, the modules it may use; any other arrow fails the build. {@code policy}
 * uses the JDK only.
 */
class ModuleDependenciesTest {

    private static final String ROOT = "org.qualigate";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Verifies("URS-VAL-004")
    @Test
    void everyModuleDeclaresItsDependencies() {
        Set<String> undeclared = new TreeSet<>();
        for (String module : modules()) {
            if (declaration(module).isEmpty()) {
                undeclared.add(module);
            }
        }
        assertThat(undeclared)
                .as("modules without @Module in package-info.java")
                .isEmpty();
    }

    @Verifies("URS-VAL-004")
    @Test
    void noModuleUsesAModuleItHasNotDeclared() {
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (String module : modules()) {
            allowed.put(
                    module,
                    new TreeSet<>(declaration(module)
                            .map(m -> Arrays.asList(m.uses()))
                            .orElse(List.of())));
        }
        List<String> violations = new ArrayList<>();
        for (JavaClass c : classes) {
            String from = moduleOf(c.getPackageName());
            if (from == null) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = moduleOf(d.getTargetClass().getPackageName());
                if (to != null
                        && !to.equals(from)
                        && !allowed.getOrDefault(from, Set.of()).contains(to)) {
                    violations.add(from + " -> " + to + ": " + d.getDescription());
                }
            }
        }
        assertThat(violations)
                .as("dependencies not declared in @Module(uses = …)")
                .isEmpty();
    }

    @Verifies("URS-VAL-004")
    @Test
    void policyDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".policy..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", ROOT + ".policy..", "org.jspecify.annotations..", ROOT)
                .check(classes);
    }

    private static Set<String> modules() {
        Set<String> modules = new TreeSet<>();
        for (JavaClass c : classes) {
            String m = moduleOf(c.getPackageName());
            if (m != null) {
                modules.add(m);
            }
        }
        return modules;
    }

    private static String moduleOf(String pkg) {
        if (!pkg.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Optional<Module> declaration(String module) {
        try {
            Class<?> info = Class.forName(ROOT + "." + module + ".package-info");
            return Optional.ofNullable(info.getAnnotation(Module.class));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
