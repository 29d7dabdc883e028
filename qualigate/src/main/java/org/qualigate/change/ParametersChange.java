package org.qualigate.change;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.text.Refusal;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Run-time parameters, {@code {"parameters": {"name": "value"}}}, names and values as {@link Parameters} allows. */
@Component
class ParametersChange implements KindOfChange {

    private final Parameters parameters;
    private final AuditTrail audit;

    ParametersChange(Parameters parameters, AuditTrail audit) {
        this.parameters = parameters;
        this.audit = audit;
    }

    @Override
    public ChangeKind kind() {
        return ChangeKind.PARAMETERS;
    }

    @Override
    public Optional<Refusal> refusal(String content) {
        JsonNode params = JSON.readTree(content).path("parameters");
        if (!params.isObject() || params.isEmpty()) {
            return Optional.of(Refusal.of(
                    "parameters",
                    "parameters must name at least one parameter and its value",
                    "refusal.parameter.none"));
        }
        for (var e : params.properties()) {
            String field = "parameters." + e.getKey();
            if (!e.getValue().isString()) {
                return Optional.of(
                        Refusal.of(field, field + " must be a string", "refusal.parameter.string", e.getKey()));
            }
            Optional<Refusal> refused =
                    Parameters.refusal(e.getKey(), e.getValue().asString());
            if (refused.isPresent()) {
                // the page shows the value's own sentence next to that parameter
                return Optional.of(new Refusal(
                        field,
                        field + " " + refused.get().reason(),
                        refused.get().said()));
            }
        }
        return Optional.empty();
    }

    @Override
    public ChangeSetPreview preview(long changeSetId, int version, String content) {
        return new ChangeSetPreview.OfParameters(
                changeSetId, version, parameters.all(), JSON.readTree(content).path("parameters"));
    }

    @Override
    public ChangeOutcome.Effects putInForce(ChangeSet c, ChangeSetVersion v, String approver, Instant now) {
        Map<String, String> changed = new LinkedHashMap<>();
        Map<String, Object> before = new LinkedHashMap<>();
        for (var e : JSON.readTree(v.content()).path("parameters").properties()) {
            // the value in force until now (absent: the configured default), for the audit's old side
            before.put(e.getKey(), parameters.value(e.getKey()).orElse(null));
            parameters.put(e.getKey(), e.getValue().asString(), c.id(), now);
            changed.put(e.getKey(), e.getValue().asString());
        }
        audit.append(new AuditRecord(
                approver,
                "parameters.changed",
                "parameters",
                Long.toString(c.id()),
                null,
                before,
                changed,
                KindOfChange.why(c, v),
                null));
        return ChangeOutcome.Effects.parametersInForce(changed);
    }
}
