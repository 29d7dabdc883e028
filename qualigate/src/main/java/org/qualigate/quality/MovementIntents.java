package org.qualigate.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qualigate.connector.BatchStock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stock movements decided and not yet audited ({@code quality_movement_intent}). An intent is committed before
 * the ERP is called and removed in the transaction that audits the posting; one still there means the answer was
 * lost or the process died in between, and the ERP is asked for a document with its header text before anything
 * else is decided about the batch.
 */
@Component
class MovementIntents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A movement decided: its header text (the key the ERP is searched by), the lot, the posting, the explanation. */
    record Intent(String headerText, Lot lot, StockPlan.Posting posting, String explanation) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    MovementIntents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new header text: {@code QG} and ten digits, short enough for any material document header. */
    String nextHeaderText() {
        long n = jdbc.sql("SELECT nextval('quality_movement_seq')")
                .query(Long.class)
                .single();
        return String.format(java.util.Locale.ROOT, "QG%010d", n);
    }

    /** Records the intent in a transaction of its own, before the call. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void record(Intent intent) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (BatchStock.Line l : intent.posting().lines()) {
            lines.add(Map.of(
                    "storageLocation", l.storageLocation(),
                    "quantity", l.quantity().toPlainString(),
                    "unit", l.unit()));
        }
        jdbc.sql("""
                        INSERT INTO quality_movement_intent (header_text, material, batch, plant, direction, lines,
                            explanation, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(
                        intent.headerText(),
                        intent.lot().material(),
                        intent.lot().batch(),
                        intent.lot().plant(),
                        intent.posting().direction().name(),
                        JSON.writeValueAsString(lines),
                        intent.explanation(),
                        Timestamp.from(clock.instant()))
                .update();
    }

    /** The batch's open intents, oldest first. */
    List<Intent> of(Lot lot) {
        return jdbc.sql("SELECT header_text, direction, lines::text, explanation FROM quality_movement_intent"
                        + " WHERE material = ? AND batch = ? ORDER BY recorded_at, header_text")
                .params(lot.material(), lot.batch())
                .query((rs, n) -> new Intent(
                        rs.getString(1),
                        lot,
                        new StockPlan.Posting(BatchStock.Direction.valueOf(rs.getString(2)), lines(rs.getString(3))),
                        rs.getString(4)))
                .list();
    }

    /** The posting is audited (or known not to have happened): the intent goes, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void done(String headerText) {
        jdbc.sql("DELETE FROM quality_movement_intent WHERE header_text = ?")
                .param(headerText)
                .update();
    }

    @SuppressWarnings("unchecked")
    private static List<BatchStock.Line> lines(String json) {
        List<BatchStock.Line> lines = new ArrayList<>();
        for (Map<String, String> m : (List<Map<String, String>>) JSON.readValue(json, List.class)) {
            lines.add(new BatchStock.Line(
                    m.get("storageLocation"), new java.math.BigDecimal(m.get("quantity")), m.get("unit")));
        }
        return lines;
    }
}
