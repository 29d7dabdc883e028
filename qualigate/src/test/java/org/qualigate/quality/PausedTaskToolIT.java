package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The task tool paused under stress, as QA would do it: a change set pausing {@code task-tool}, signed by its author
 * and approved by QA, holds an overdue CAPA's escalation back — kept due in its queue, nothing sent to either system
 * — and the change set lifting the pause lets it go out once. A core flow cannot be paused at all.
 */
class PausedTaskToolIT extends QualigateIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final ZoneId BSL = ZoneId.of("Europe/Zurich");

    @Autowired
    private CapaEscalations escalations;

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Verifies({"URS-QEV-286", "URS-QEV-287"})
    @Test
    void aPausedTaskToolKeepsTheEscalationQueuedAndResumingSendsItOnce() throws Exception {
        long paused = pause("true");
        try {
            assertThat(audit.find(new AuditQuery(
                            null, "parameters", Long.toString(paused), "parameters.changed", null, null, 0, 10)))
                    .singleElement()
                    .satisfies(e -> assertThat(String.valueOf(e.newValue()))
                            .contains("\"interface.task-tool.paused\":\"true\""));
            int issuesBefore = sandbox().quality().jira().issueCount();

            // Given an overdue CAPA announced by the QMS while the task tool is paused
            CapaOwner owner = CapaOwner.inQms(sandbox());
            String run = owner.run();
            LocalDate due = LocalDate.ofInstant(clock.instant(), BSL).minusDays(1);
            ObjectNode created = owner.openCapa("paused escalation " + run, due);
            String id = created.path("Id").asString();
            String name = created.path("Name").asString();
            assertThat(NcEvents.send(
                                    http,
                                    port,
                                    clock.instant(),
                                    "msg_" + UUID.randomUUID(),
                                    NcEvents.capa(id, name, due, "Opened", clock.instant(), run),
                                    SECRET)
                            .statusCode())
                    .isEqualTo(202);
            await().atMost(WITHIN).until(() -> due(id));

            // When the worker comes round, it takes nothing: the escalation stays queued, nothing is sent
            assertThat(escalations.workDue()).isZero();
            assertThat(due(id)).isTrue();
            assertThat(steps(id)).isEmpty();
            assertThat(sandbox().quality().jira().issueCount()).isEqualTo(issuesBefore);

            // When QA lifts the pause, the escalation goes out once, in both systems
            pause("false");
            await().atMost(WITHIN).until(() -> steps(id).equals(List.of("REMINDER", "MANAGER")));
            String key = jdbc.sql("SELECT task_key FROM quality_capa WHERE record_id = ?")
                    .param(id)
                    .query(String.class)
                    .single();
            assertThat(sandbox().quality().jira().commentCount(key)).isEqualTo(2);
            assertThat(audit.find(new AuditQuery(null, "capa", name, "quality.capa.escalated", null, null, 0, 100)))
                    .hasSize(1);
        } finally {
            pause("false");
        }
    }

    @Verifies("URS-QEV-287")
    @Test
    void aCoreFlowCannotBePausedAndTheRefusalNamesTheInterface() {
        HttpResponse<String> refused = postAs(
                "hr-editor",
                "/api/v1/change-sets",
                JSON.writeValueAsString(Map.of(
                        "kind",
                        "PARAMETERS",
                        "title",
                        "pause MES roles",
                        "content",
                        "{\"parameters\": {\"interface.mes.paused\": \"true\"}}")));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = json(refused);
        assertThat(problem.get("detail").asString())
                .contains("interface.mes.paused")
                .contains("the interface mes is not one that may be paused")
                .contains("core flows such as MES roles");
    }

    /** A change set setting the pause, signed by its author and approved by QA with a signature; its id (0: none). */
    private long pause(String value) {
        if (value.equals("false") && !paused()) {
            return 0;
        }
        return approvedChangeSet(
                "PARAMETERS",
                "task tool paused " + value,
                "{\"parameters\": {\"interface.task-tool.paused\": \"" + value + "\"}}");
    }

    private boolean paused() {
        return jdbc.sql("SELECT value FROM parameter_value WHERE name = 'interface.task-tool.paused' "
                        + "ORDER BY seq DESC LIMIT 1")
                .query(String.class)
                .optional()
                .map("true"::equals)
                .orElse(false);
    }

    private boolean due(String id) {
        return jdbc.sql("SELECT count(*) FROM quality_capa WHERE record_id = ? AND next_check_at <= ?")
                        .params(id, Timestamp.from(clock.instant()))
                        .query(Long.class)
                        .single()
                == 1;
    }

    private List<String> steps(String id) {
        return jdbc.sql("SELECT step FROM quality_capa_step WHERE record_id = ? ORDER BY done_at, step")
                .param(id)
                .query(String.class)
                .list();
    }
}
