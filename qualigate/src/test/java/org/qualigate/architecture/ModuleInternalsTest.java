package org.qualigate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.NamedInterface;

/**
 * A module's {@code internal} sub-package is closed to the other modules (decision 0072): Spring Modulith exposes a
 * module's root package and the sub-packages declared {@code @NamedInterface}, nothing else, so the verification in
 * {@link ApplicationModulesTest} fails when another module names a type of {@code internal}. Shown on a fixture
 * application of two modules, and checked on the service's own model: no {@code internal} package is a named
 * interface, and the modules that moved their internals there have them.
 */
class ModuleInternalsTest {

    private static final String FIXTURE = "org.qualigate.architecture.fixture";

    @Verifies("URS-VAL-305")
    @Test
    void anotherModuleNamingATypeOfAnInternalPackageFailsTheVerificationWhileTheApiAndANamedInterfacePass() {
        // the fixture lives in the test sources, which the service's own model leaves out
        ApplicationModules fixture = ApplicationModules.of(FIXTURE, location -> true);

        assertThat(fixture.stream().map(m -> m.getIdentifier().toString()))
                .containsExactlyInAnyOrder("orders", "billing");
        assertThat(fixture.detectViolations().getMessages())
                .as("the one violation: billing names orders' internal OrderRows; Orders and the spi pass")
                .singleElement()
                .asString()
                .startsWith("Module 'billing' depends on module 'orders' via " + FIXTURE + ".billing.Billing -> "
                        + FIXTURE + ".orders.internal.OrderRows.");
    }

    @Verifies("URS-VAL-305")
    @Test
    void noTypeOfAModulesInternalPackageIsExposedToTheOtherModules() {
        Map<String, Set<String>> internals = new TreeMap<>();
        Set<String> exposed = new TreeSet<>();
        for (ApplicationModule module : ApplicationModulesTest.MODULES) {
            String internal = module.getBasePackage().getName() + ".internal";
            for (JavaClass type : module.getBasePackage()) {
                if (!type.getPackageName().equals(internal)
                        && !type.getPackageName().startsWith(internal + ".")) {
                    continue;
                }
                internals
                        .computeIfAbsent(module.getIdentifier().toString(), m -> new TreeSet<>())
                        .add(type.getSimpleName());
                module.getNamedInterfaces()
                        .getNamedInterfacesContaining(type)
                        .map(NamedInterface::getName)
                        .forEach(name -> exposed.add(type.getName() + " in " + name));
            }
        }
        assertThat(exposed)
                .as("types of an internal package that a named interface exposes")
                .isEmpty();
        assertThat(internals)
                .as("the modules whose internals are in an internal package")
                .containsKeys("access", "connector");
        assertThat(internals.get("connector")).contains("HttpCalls", "PagedList", "SharedSession", "RetryAfter");
        assertThat(internals.get("access")).contains("PlantDefinitionFile", "AccessTimers");
    }
}
