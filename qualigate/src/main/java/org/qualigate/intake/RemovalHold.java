package org.qualigate.intake;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hold of a site's removals as listed ({@link PulledRemovals#holds}): how many it would remove of how many held,
 * the limit, when it was seen, the decision (null until decided) and the records it would remove.
 */
public record RemovalHold(
        UUID id,
        String source,
        String site,
        String status,
        int removing,
        int holding,
        double limitPercent,
        Instant firstSeenAt,
        Instant lastSeenAt,
        @Nullable Instant decidedAt,
        @Nullable String decidedBy,
        @Nullable String decisionReason,
        List<HeldRecord> records) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A record a hold would remove, as the full read that lacked it identified it. */
    public record HeldRecord(String employeeId, String sourceRecordId, String certificationId, String completedOn) {}

    /** A row of {@code pulled_removal_hold}, its candidates as stored. */
    static RemovalHold of(ResultSet rs, int n) throws SQLException {
        List<HeldRecord> records = new ArrayList<>();
        for (JsonNode c : JSON.readTree(rs.getString("candidates"))) {
            records.add(new HeldRecord(
                    c.path("employeeId").asString(),
                    c.path("sourceRecordId").asString(),
                    c.path("certificationId").asString(),
                    c.path("completedOn").asString()));
        }
        Timestamp decided = rs.getTimestamp("decided_at");
        return new RemovalHold(
                rs.getObject("id", UUID.class),
                rs.getString("source"),
                rs.getString("site"),
                rs.getString("status"),
                rs.getInt("removing"),
                rs.getInt("holding"),
                rs.getDouble("limit_percent"),
                rs.getTimestamp("first_seen_at").toInstant(),
                rs.getTimestamp("last_seen_at").toInstant(),
                decided == null ? null : decided.toInstant(),
                rs.getString("decided_by"),
                rs.getString("decision_reason"),
                records);
    }
}
