package org.qualigate.support;

import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.springframework.core.io.ClassPathResource;

/**
 * One sandbox (vendor simulators on a real port) per test JVM, like the embedded PostgreSQL, with one
 * SCIM group per role of the demo plant, as a plant's MES would have.
 */
public final class SharedSandbox {

    private static Sandbox sandbox;

    private SharedSandbox() {}

    public static synchronized Sandbox get() {
        if (sandbox == null) {
            sandbox = Sandbox.start(SandboxOptions.forTests());
            Plant plant = PlantDefinition.read(new ClassPathResource("plant/demo-plant.yaml"));
            plant.rules()
                    .allRoles(plant.sites().keySet())
                    .forEach(role -> sandbox.scim().createGroup(role.value()));
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        }
        return sandbox;
    }
}
