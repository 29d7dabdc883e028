package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.QualityRecordSource.Kind;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * CAPAs and recalls pulled from the sandbox's TrackWise Digital-style QMS over its Salesforce REST query API, beside
 * the same records received by signed webhook: the version decides, so the same version is applied once, a newer
 * pulled version wins and an older one never does; a recall only pulled is planned and blocks its batches, and a bad
 * row is set aside with its field and reason while the rest of the page goes on.
 */
class QualityRecordPullIT extends DrivenWorkersIT {

    @Autowired
    QualityRecordPull pull;

    @Autowired
    RecallSaga saga;

    @Autowired
    ErpBlocking blocking;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-QEV-383", "URS-QEV-385"})
    @Test
    void aCapaByWebhookAndByPullIsAppliedOnceANewerPulledVersionWinsAndAnOlderNeverDoes() throws Exception {
        // Given three CAPAs in the QMS, owned by a user whose manager is known
        CapaOwner owner = CapaOwner.inQms(sandbox());
        String run = owner.run();
        LocalDate due = LocalDate.parse("2027-03-01");
        ObjectNode same = owner.openCapa("corrective action " + run, due);
        ObjectNode newer = owner.openCapa("corrective action " + run, due);
        ObjectNode older = owner.openCapa("corrective action " + run, due);

        // and the QMS's webhooks: the same version of the first, an older one of the second, a newer one of the third
        send(NcEvents.capa(id(same), name(same), due.minusDays(9), "Opened", version(same), run));
        send(NcEvents.capa(
                id(newer),
                name(newer),
                due.minusDays(9),
                "Opened",
                version(newer).minusSeconds(60),
                run));
        send(NcEvents.capa(
                id(older),
                name(older),
                due.minusDays(9),
                "In Progress",
                version(older).plusSeconds(60),
                run));

        // When the CAPAs are pulled
        QualityRecordPull.Run first = pulled(Kind.CAPA);

        // Then the same version is a duplicate, recorded once; the newer pulled one applied; the older one stale
        assertThat(outcome(id(same))).isEqualTo("DUPLICATE");
        assertThat(outcome(id(newer))).isEqualTo("APPLIED");
        assertThat(outcome(id(older))).isEqualTo("STALE");
        assertThat(recorded(name(same))).hasSize(1);
        assertThat(recorded(name(newer)))
                .extracting(AuditEntry::reason)
                .contains("read by the pull from the QMS, version " + version(newer));
        assertThat(jdbc.sql("SELECT due_date, owner_employee_id, manager_email, version FROM quality_capa"
                                + " WHERE record_id = ?")
                        .param(id(newer))
                        .query((rs, n) -> List.of(
                                rs.getDate(1).toLocalDate().toString(),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant().toString()))
                        .single())
                .containsExactly(
                        due.toString(),
                        "O" + run,
                        "manager-" + run + "@plant.example",
                        version(newer).toString());
        assertThat(jdbc.sql("SELECT status FROM quality_capa WHERE record_id = ?")
                        .param(id(older))
                        .query(String.class)
                        .single())
                .isEqualTo("In Progress");
        assertThat(first.outcomes()).containsKeys(QualityIntakeResult.Outcome.APPLIED);

        // When the next window reads the same rows again (its overlap), nothing is stored or applied again
        long events = inbound(id(newer));
        pulled(Kind.CAPA);
        assertThat(inbound(id(newer))).isEqualTo(events);
        assertThat(recorded(name(newer))).hasSize(2);
    }

    @Verifies({"URS-QEV-384", "URS-QEV-383"})
    @Test
    void aRecallOnlyPulledIsPlannedAndBlocksItsBatchesAndABadOneIsSetAsideWithItsField() throws Exception {
        // Given stock of batches P01..P03 and, in the QMS, a recall of P01..P02 and one whose range runs backwards
        String material =
                "QGQ" + Long.toString(System.nanoTime() % 10_000_000L, 36).toUpperCase();
        sandbox().quality().erp().addMaterial(material, "EA");
        for (int i = 1; i <= 3; i++) {
            sandbox()
                    .quality()
                    .erp()
                    .receive(material, "CH10", "0001", "P0" + i, StockType.UNRESTRICTED, new BigDecimal(5));
        }
        ObjectNode good = recall(material, "P01", "P02");
        ObjectNode bad = recall(material, "P10", "P9");

        // When the recalls are pulled (no webhook) and the saga and the ERP worker run
        pulled(Kind.RECALL, () -> {
            for (int round = 0; round < 20 && saga.workDue() + blocking.workDue() > 0; round++) {
                // each round works one claim
            }
        });

        // Then the good one is recorded as pulled, planned, and its two batches are blocked
        assertThat(outcome(id(good))).isEqualTo("APPLIED");
        assertThat(stock(material, "P01", StockType.BLOCKED)).isEqualTo(5);
        assertThat(stock(material, "P02", StockType.BLOCKED)).isEqualTo(5);
        assertThat(stock(material, "P03", StockType.UNRESTRICTED)).isEqualTo(5);
        assertThat(audit.find(new AuditQuery(null, "recall", name(good), "quality.recall.recorded", null, null, 0, 5))
                        .getFirst()
                        .reason())
                .contains("read by the pull from the QMS");
        // and the bad one is kept with the field and the reason, never applied
        assertThat(jdbc.sql("SELECT outcome, field, reason, event_type FROM quality_inbound_event WHERE record_id = ?")
                        .param(id(bad))
                        .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                        .single())
                .containsExactly("REJECTED", "lastBatch", "must not come before firstBatch (P10)", "recall.pulled");
        assertThat(jdbc.sql("SELECT count(*) FROM quality_recall WHERE record_id = ?")
                        .param(id(bad))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Pulls the kind. The QMS stamps LastModifiedDate with its own (real) clock and the pull reads up to the service's
     * now, so the service's clock is brought to the QMS's for the pull, and back afterwards.
     */
    private QualityRecordPull.Run pulled(Kind kind) {
        return pulled(kind, () -> {});
    }

    /** Pulls the kind, then does {@code then} at the same time (what the pull made due is due). */
    private QualityRecordPull.Run pulled(Kind kind, Runnable then) {
        Instant testTime = clock.instant();
        clock.set(Instant.now().plusSeconds(2));
        try {
            QualityRecordPull.Run run = pull.pull(kind);
            then.run();
            return run;
        } finally {
            clock.set(testTime);
        }
    }

    private ObjectNode recall(String material, String first, String last) throws Exception {
        ObjectNode fields = (ObjectNode) JSON.createObjectNode();
        fields.put(QualityObject.SITE, "BSL");
        fields.put(QualityObject.MATERIAL, material);
        fields.put(QualityObject.PLANT, "CH10");
        fields.put(QualityObject.FIRST_BATCH, first);
        fields.put(QualityObject.LAST_BATCH, last);
        fields.put(QualityObject.RECALL_CLASS, "II");
        fields.put(QualityObject.REASON, "out-of-specification assay");
        fields.put(QualityObject.STATUS, "Opened");
        return sandbox().quality().records().create(QualityObject.RECALL, fields);
    }

    private void send(String body) throws Exception {
        assertThat(NcEvents.send(http, port, clock.instant(), "msg_" + UUID.randomUUID(), body, SECRET)
                        .statusCode())
                .isEqualTo(202);
    }

    private String outcome(String recordId) {
        return jdbc.sql("SELECT outcome FROM quality_inbound_event WHERE record_id = ? AND source LIKE 'qms-pull-%'")
                .param(recordId)
                .query(String.class)
                .single();
    }

    private long inbound(String recordId) {
        return jdbc.sql("SELECT count(*) FROM quality_inbound_event WHERE record_id = ?")
                .param(recordId)
                .query(Long.class)
                .single();
    }

    private List<AuditEntry> recorded(String name) {
        return audit.find(new AuditQuery(null, "capa", name, "quality.capa.recorded", null, null, 0, 10)).stream()
                .filter(e -> e.action().equals("quality.capa.recorded"))
                .toList();
    }

    private int stock(String material, String batch, StockType type) {
        return sandbox()
                .quality()
                .erp()
                .stock(material, "CH10", "0001", batch, type)
                .intValue();
    }

    private static String id(ObjectNode row) {
        return row.path("Id").asString();
    }

    private static String name(ObjectNode row) {
        return row.path("Name").asString();
    }

    private static Instant version(ObjectNode row) {
        return java.time.OffsetDateTime.parse(
                        row.path("LastModifiedDate").asString(),
                        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"))
                .toInstant();
    }
}
