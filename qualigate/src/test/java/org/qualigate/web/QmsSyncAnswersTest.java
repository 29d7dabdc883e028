package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.DEFAULTS;
import static org.qualigate.support.AnswerFixtures.ID;
import static org.qualigate.support.AnswerFixtures.SERVICE;
import static org.qualigate.support.AnswerFixtures.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.training.TrainingReconciliation;
import org.qualigate.validation.Verifies;

/**
 * A reconciliation run's answer written by the service's mapper and by one with Jackson's defaults: the run's own
 * fields in place, then its discrepancies, as when the run was a map (the expected texts were written from the map).
 */
class QmsSyncAnswersTest {

    @Verifies("URS-INT-260")
    @Test
    void aReconciliationShowsTheRunsFieldsThenItsDiscrepancies() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("persons", 1);
        var run = new TrainingReconciliation.Run(
                ID, "BSL", TrainingReconciliation.Trigger.ON_DEMAND, "user:qa", AT, AT, counts, null);
        var running = new TrainingReconciliation.Run(
                ID, "BSL", TrainingReconciliation.Trigger.ON_DEMAND, "user:qa", AT, null, null, null);
        var item = new TrainingReconciliation.Item(
                TrainingReconciliation.Kind.MISSING_IN_QMS, "E1", "R1", "GMP-1", "aa", "bb", null, "not in the QMS");

        assertThat(json(SERVICE, new QmsSyncController.Reconciliation(run, List.of(item))))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"ON_DEMAND\",\"requestedBy\":\"user:qa\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"finishedAt\":\"2026-12-07T08:00:00Z\",\"counts\":{\"persons\":1},\"discrepancies\":[{\"kind\":\"MISSING_IN_QMS\",\"employeeId\":\"E1\",\"recordKey\":\"R1\",\"courseCode\":\"GMP-1\",\"hrisSha256\":\"aa\",\"ledgerSha256\":\"bb\",\"reason\":\"not in the QMS\"}]}");
        assertThat(json(SERVICE, new QmsSyncController.Reconciliation(running, List.of())))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"ON_DEMAND\",\"requestedBy\":\"user:qa\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"discrepancies\":[]}");
        assertThat(json(DEFAULTS, new QmsSyncController.Reconciliation(running, List.of(item))))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"ON_DEMAND\",\"requestedBy\":\"user:qa\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"finishedAt\":null,\"counts\":null,\"error\":null,\"discrepancies\":[{\"kind\":\"MISSING_IN_QMS\",\"employeeId\":\"E1\",\"recordKey\":\"R1\",\"courseCode\":\"GMP-1\",\"hrisSha256\":\"aa\",\"ledgerSha256\":\"bb\",\"qmsSha256\":null,\"reason\":\"not in the QMS\"}]}");
        assertThat(json(SERVICE, new QmsSyncController.ReconciliationList(List.of(running))))
                .isEqualTo(
                        "{\"runs\":[{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"ON_DEMAND\",\"requestedBy\":\"user:qa\",\"startedAt\":\"2026-12-07T08:00:00Z\"}]}");
    }
}
