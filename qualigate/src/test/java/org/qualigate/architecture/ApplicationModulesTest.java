package org.qualigate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.qualigate.QualigateApplication;
import org.qualigate.validation.Verifies;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Module boundaries are a test (decision 0044): each package under {@code org.qualigate} is a Spring Modulith
 * application module that declares, in its {@code package-info.java}, the modules (and named interfaces) it may
 * use; a sub-package is internal unless it is a named interface. {@code policy} uses the JDK only. The module
 * diagrams under {@code docs/modules/} are generated from the same model and must be current.
 */
class ApplicationModulesTest {

    private static final String ROOT = "org.qualigate";

    /** The service's modules; the simulators share the root package on the test class path but are no module. */
    static final ApplicationModules MODULES = ApplicationModules.of(
            QualigateApplication.class, JavaClass.Predicates.resideInAPackage(ROOT + ".sandbox.."));

    /** Where the generated diagrams are checked in, relative to the service module. */
    private static final Path CHECKED_IN = Path.of("../docs/modules");

    @Verifies("URS-VAL-004")
    @Test
    void everyModuleUsesOnlyTheModulesAndNamedInterfacesItDeclaresAndNoCyclesExist() {
        MODULES.verify();
    }

    @Verifies("URS-VAL-004")
    @Test
    void everyModuleDeclaresItsAllowedDependencies() {
        Set<String> open = new TreeSet<>();
        for (ApplicationModule module : MODULES) {
            Class<?> info = packageInfo(module.getBasePackage().getName());
            var declared =
                    info == null ? null : info.getAnnotation(org.springframework.modulith.ApplicationModule.class);
            if (declared == null
                    || (declared.allowedDependencies().length == 1
                            && declared.allowedDependencies()[0].equals(
                                    org.springframework.modulith.ApplicationModule.OPEN_TOKEN))) {
                open.add(module.getIdentifier().toString());
            }
        }
        assertThat(open)
                .as("modules without @ApplicationModule(allowedDependencies = …) in package-info.java")
                .isEmpty();
        assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
                .as("the modules, with the vendor adapters inside connector")
                .contains("policy", "ledger", "connector", "training", "access")
                .doesNotContain("sandbox", "qms", "workday");
    }

    @Verifies("URS-VAL-004")
    @Test
    void policyDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".policy..")
                .and()
                .doNotHaveSimpleName("package-info") // the module's declaration, read by the build only
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", ROOT + ".policy..", "org.jspecify.annotations..", ROOT)
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages(ROOT + ".policy"));
    }

    /**
     * The PlantUML (C4) diagrams of all modules and of each one, regenerated into {@code target/} and compared with
     * those checked in under {@code docs/modules/}. After a change of the modules, {@code -Dqualigate.modules.write=true}
     * writes them there.
     */
    @Verifies("URS-VAL-161")
    @Test
    void moduleDiagramsUnderDocsAreCurrent() throws IOException {
        Path generated = Path.of("target/modules");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        Map<String, String> fresh = diagrams(generated);
        assertThat(fresh).as("generated diagrams").containsKey("components.puml");
        if (Boolean.getBoolean("qualigate.modules.write")) {
            Files.createDirectories(CHECKED_IN);
            Map<String, String> checkedIn = diagrams(CHECKED_IN);
            for (String name : checkedIn.keySet()) {
                if (!fresh.containsKey(name)) {
                    Files.delete(CHECKED_IN.resolve(name));
                }
            }
            // only a diagram whose content changed is written: a new order of the same lines is no change
            for (Map.Entry<String, String> e : fresh.entrySet()) {
                String old = checkedIn.get(e.getKey());
                if (old == null || !sortedLines(Map.of("", old)).equals(sortedLines(Map.of("", e.getValue())))) {
                    Files.writeString(CHECKED_IN.resolve(e.getKey()), e.getValue());
                }
            }
        }
        // compared line by line in sorted order: the order in which PlantUML elements are written carries no meaning
        assertThat(sortedLines(diagrams(CHECKED_IN)))
                .as("docs/modules/*.puml equal to the diagrams generated from the code "
                        + "(./mvnw -pl qualigate test -Dtest=ApplicationModulesTest -Dqualigate.modules.write=true)")
                .isEqualTo(sortedLines(fresh));
    }

    private static Map<String, java.util.List<String>> sortedLines(Map<String, String> diagrams) {
        Map<String, java.util.List<String>> out = new TreeMap<>();
        diagrams.forEach((name, text) -> out.put(name, text.lines().sorted().toList()));
        return out;
    }

    private static Map<String, String> diagrams(Path folder) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".puml")).toList()) {
                out.put(f.getFileName().toString(), Files.readString(f).replace("\r\n", "\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Class<?> packageInfo(String pkg) {
        try {
            return Class.forName(pkg + ".package-info");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
