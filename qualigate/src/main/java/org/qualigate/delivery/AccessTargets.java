package org.qualigate.delivery;

import java.util.List;
import java.util.Optional;
import org.qualigate.connector.AccessTarget;

/** The configured access targets, by name. */
public record AccessTargets(List<AccessTarget> all) {

    public AccessTargets {
        all = List.copyOf(all);
    }

    public Optional<AccessTarget> named(String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
