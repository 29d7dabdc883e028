package org.qualigate.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of the entitlement projection: the rules justified {@code role} for the person from
 * {@code validFrom} until {@code validTo} (null: no end), by requirement set {@code set} on the evidence in
 * {@code basis}, and that was Qualigate's answer under the knowledge it held from {@code knownFrom} until
 * {@code knownTo} (null: it still is).
 */
public record EntitlementInterval(
        EmployeeId employeeId,
        String site,
        RoleName role,
        Instant validFrom,
        @Nullable Instant validTo,
        Instant knownFrom,
        @Nullable Instant knownTo,
        String rulesVersion,
        int set,
        boolean inGrace,
        String basisJson) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One requirement of the set and the evidence that met it. */
    public record Evidence(
            String code,
            int minimumLevel,
            String evidenceId,
            String sourceRecordId,
            long sourceVersion,
            int level,
            Instant completedAt,
            @Nullable Instant expiresAt,
            boolean inGrace,
            String authority,
            @Nullable String approvedBy,
            @Nullable Instant approvedAt) {}

    /** Whether the rules justified the role at {@code at}. */
    public boolean coversValid(Instant at) {
        return !at.isBefore(validFrom) && (validTo == null || at.isBefore(validTo));
    }

    /** The basis, read from its stored JSON. */
    public List<Evidence> basis() {
        List<Evidence> out = new ArrayList<>();
        for (JsonNode b : JSON.readTree(basisJson)) {
            out.add(new Evidence(
                    b.path("code").asString(),
                    b.path("minimumLevel").asInt(1),
                    b.path("evidence").asString(),
                    b.path("sourceRecordId").asString(),
                    b.path("sourceVersion").asLong(),
                    b.path("level").asInt(1),
                    Instant.parse(b.path("completedAt").asString()),
                    instant(b.get("expiresAt")),
                    b.path("inGrace").asBoolean(false),
                    b.path("authority").asString(""),
                    b.hasNonNull("approvedBy") ? b.get("approvedBy").asString() : null,
                    instant(b.get("approvedAt"))));
        }
        return out;
    }

    private static @Nullable Instant instant(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asString());
    }
}
