package org.qualigate.interfaces;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qualigate.delivery.DeliverySettings;
import org.qualigate.intake.PullSettings;
import org.qualigate.quality.QualityView;
import org.qualigate.settings.ApprovedParameters;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Every interface Qualigate has, each with its control document filled from the configuration in force at the moment
 * it is asked for (and the run-time parameters approved under change control), so a document never describes a
 * setting that is not the one running.
 */
@Component
public class InterfaceCatalogue {

    private final Environment environment;
    private final DeliverySettings delivery;
    private final PullSettings pulls;
    private final QualityView quality;
    private final ApprovedParameters parameters;

    InterfaceCatalogue(
            Environment environment,
            DeliverySettings delivery,
            PullSettings pulls,
            QualityView quality,
            ApprovedParameters parameters) {
        this.environment = environment;
        this.delivery = delivery;
        this.pulls = pulls;
        this.quality = quality;
        this.parameters = parameters;
    }

    /** Every interface, configured or not (a document says which), in a stable order. */
    public List<InterfaceDocument> all() {
        Configured c = new Configured(Binder.get(environment));
        List<InterfaceDocument> all = new ArrayList<>();
        all.addAll(HrisInterfaces.of(c, pulls));
        all.addAll(
                TargetInterfaces.of(c, delivery, parameters.intValue("delivery.max-attempts", delivery.maxAttempts())));
        all.addAll(QualityInterfaces.of(c, quality));
        all.addAll(EventInterfaces.of(c));
        return all;
    }

    /** The interface of that name. */
    public Optional<InterfaceDocument> named(String name) {
        return all().stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
