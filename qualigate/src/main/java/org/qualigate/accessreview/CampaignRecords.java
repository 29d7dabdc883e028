package org.qualigate.accessreview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.accessreview.AccessReviews.Campaign;
import org.qualigate.accessreview.AccessReviews.Decision;
import org.qualigate.accessreview.AccessReviews.Item;
import org.qualigate.accessreview.AccessReviews.Report;
import org.qualigate.accessreview.AccessReviews.Scope;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The stored campaigns, their holders and their reports, as read back. */
@Component
class CampaignRecords {

    private final JdbcClient jdbc;

    CampaignRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Campaigns, newest first. */
    List<Campaign> list() {
        return jdbc.sql(CAMPAIGNS + " ORDER BY c.id DESC LIMIT 500")
                .query((rs, n) -> campaign(rs))
                .list();
    }

    Optional<Campaign> find(long id) {
        return jdbc.sql(CAMPAIGNS + " WHERE c.id = ?")
                .param(id)
                .query((rs, n) -> campaign(rs))
                .optional();
    }

    /** The campaign's holders in the order listed. */
    List<Item> items(long campaignId) {
        return jdbc.sql("SELECT * FROM access_review_item WHERE campaign_id = ? ORDER BY id")
                .param(campaignId)
                .query((rs, n) -> item(rs))
                .list();
    }

    Optional<Item> item(long id) {
        return jdbc.sql("SELECT * FROM access_review_item WHERE id = ?")
                .param(id)
                .query((rs, n) -> item(rs))
                .optional();
    }

    Optional<Report> report(long campaignId) {
        return jdbc.sql("SELECT campaign_id, generated_at, generated_by, pdf_sha256, csv_sha256, signature_id "
                        + "FROM access_review_report WHERE campaign_id = ?")
                .param(campaignId)
                .query((rs, n) -> new Report(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, UUID.class)))
                .optional();
    }

    /** The stored report file: {@code pdf} or {@code csv}. */
    Optional<byte[]> file(long campaignId, String format) {
        String column = switch (format) {
            case "pdf" -> "pdf";
            case "csv" -> "csv";
            default -> throw new IllegalArgumentException("format must be pdf or csv");
        };
        return jdbc.sql("SELECT " + column + " FROM access_review_report WHERE campaign_id = ?")
                .param(campaignId)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    private static final String CAMPAIGNS = """
            SELECT c.*,
                (SELECT count(*) FROM access_review_item i WHERE i.campaign_id = c.id) AS items,
                (SELECT count(*) FROM access_review_item i WHERE i.campaign_id = c.id AND i.decision = 'CONFIRMED') AS confirmed,
                (SELECT count(*) FROM access_review_item i WHERE i.campaign_id = c.id AND i.decision = 'REVOKED') AS revoked
            FROM access_review_campaign c""";

    private static Campaign campaign(ResultSet rs) throws SQLException {
        Timestamp completed = rs.getTimestamp("completed_at");
        return new Campaign(
                rs.getLong("id"),
                rs.getString("title"),
                Scope.valueOf(rs.getString("scope_kind")),
                rs.getString("scope"),
                rs.getString("started_by"),
                rs.getTimestamp("started_at").toInstant(),
                "OPEN".equals(rs.getString("status")),
                rs.getString("completed_by"),
                completed == null ? null : completed.toInstant(),
                rs.getInt("items"),
                rs.getInt("confirmed"),
                rs.getInt("revoked"));
    }

    private static Item item(ResultSet rs) throws SQLException {
        Timestamp until = rs.getTimestamp("valid_until");
        Timestamp decided = rs.getTimestamp("decided_at");
        String decision = rs.getString("decision");
        return new Item(
                rs.getLong("id"),
                rs.getLong("campaign_id"),
                EmployeeId.of(rs.getString("employee_id")),
                rs.getString("person_name"),
                rs.getString("site"),
                rs.getString("target"),
                RoleName.of(rs.getString("role")),
                rs.getString("basis"),
                rs.getTimestamp("held_since").toInstant(),
                until == null ? null : until.toInstant(),
                decision == null ? null : Decision.valueOf(decision),
                rs.getString("reason"),
                rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(),
                rs.getObject("signature_id", UUID.class),
                rs.getObject("suspension_id", UUID.class));
    }
}
