package org.qualigate.change;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.access.DeliveryRequests;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.ImpactPreview;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A change of the whole plant definition: a new version of the rules, which plans everyone again once approved. */
@Component
class RulesChange implements KindOfChange {

    private final JdbcClient jdbc;
    private final PlantDefinition plant;
    private final ImpactPreview impact;
    private final EntitlementProjection projection;
    private final Persons persons;
    private final DeliveryRequests delivery;
    private final AuditTrail audit;

    RulesChange(
            JdbcClient jdbc,
            PlantDefinition plant,
            ImpactPreview impact,
            EntitlementProjection projection,
            Persons persons,
            DeliveryRequests delivery,
            AuditTrail audit) {
        this.jdbc = jdbc;
        this.plant = plant;
        this.impact = impact;
        this.projection = projection;
        this.persons = persons;
        this.delivery = delivery;
        this.audit = audit;
    }

    @Override
    public ChangeKind kind() {
        return ChangeKind.RULES;
    }

    @Override
    public Optional<Refusal> refusal(String content) {
        Plant proposed = PlantDefinition.parse(content, "proposed definition");
        if (plant.versionKnown(jdbc, proposed.version())) {
            return Optional.of(Refusal.of(
                    "version",
                    "version " + proposed.version() + " was used before: give the rules a new version",
                    "refusal.rules.version-used",
                    proposed.version()));
        }
        if (!proposed.sites().keySet().containsAll(plant.current().sites().keySet())) {
            return Optional.of(Refusal.of(
                    "sites", "sites: a change set cannot remove a site in use", "refusal.rules.site-in-use"));
        }
        return Optional.empty();
    }

    @Override
    public ChangeSetPreview preview(long changeSetId, int version, String content) {
        return new ChangeSetPreview.OfRules(
                changeSetId,
                version,
                ChangeSetPreview.Impact.of(
                        impact.preview(PlantDefinition.parse(content, "change set " + changeSetId))));
    }

    @Override
    public ChangeOutcome.Effects putInForce(ChangeSet c, ChangeSetVersion v, String approver, Instant now) {
        Plant proposed = PlantDefinition.parse(v.content(), "change set " + c.id());
        Plant before = plant.current();
        plant.putInForce(jdbc, proposed, c.id(), now);
        projection.rulesChanged(proposed, plant.loadedAt(jdbc, proposed.version()));
        List<Person> all = persons.all();
        all.forEach(p -> delivery.request(p.employeeId(), now));
        audit.append(new AuditRecord(
                approver,
                "rules.changed",
                "rules",
                proposed.version(),
                null,
                Map.of("version", before.version(), "sha256", before.sha256()),
                Map.of("version", proposed.version(), "sha256", proposed.sha256(), "changeSet", c.id()),
                KindOfChange.why(c, v),
                null));
        return ChangeOutcome.Effects.rulesInForce(proposed.version(), all.size());
    }
}
