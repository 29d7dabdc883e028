package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CAPA let slip, as an auditor would read it: its due date passes at the site with the CAPA still open, and it is
 * escalated once — a reminder and an escalation to the owner's manager — in both the QMS (comments, escalation
 * level) and Jira (one issue, a comment per step, in progress); a week later QA leadership is told, once; when QA
 * closes the CAPA in the QMS, the Jira issue is done. Every step is audited with its reason.
 */
class CapaEscalationScenarioIT extends QualigateIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final ZoneId BSL = ZoneId.of("Europe/Zurich");

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Verifies("URS-QEV-128")
    @Test
    void anOverdueCapaIsEscalatedOnceInBothSystemsAndItsClosureClosesTheTask() throws Exception {
        // Given a CAPA in the QMS, owned by a QA reviewer whose manager is known, due yesterday at BSL
        CapaOwner owner = CapaOwner.inQms(sandbox());
        String run = owner.run();
        var records = sandbox().quality().records();
        LocalDate due = LocalDate.ofInstant(clock.instant(), BSL).minusDays(1);
        ObjectNode created = owner.openCapa("corrective action for particles " + run, due);
        String id = created.path("Id").asString();
        String name = created.path("Name").asString();

        // When the QMS announces it
        assertThat(send(NcEvents.capa(id, name, due, "Opened", clock.instant(), run))
                        .statusCode())
                .isEqualTo(202);

        // Then it is reminded and escalated to the manager, once, in the QMS and in Jira
        await().atMost(WITHIN).until(() -> steps(id).equals(List.of("REMINDER", "MANAGER")));
        String key = jdbc.sql("SELECT task_key FROM quality_capa WHERE record_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(sandbox().quality().jira().commentCount(key)).isEqualTo(2);
        assertThat(sandbox().quality().jira().status(key)).contains("In Progress");
        assertThat(qmsComments(id)).hasSize(2);
        assertThat(records.get(QualityObject.CAPA, id)
                        .orElseThrow()
                        .path(QualityObject.ESCALATION)
                        .asInt())
                .isEqualTo(1);
        assertThat(entries(name, "quality.capa.escalated"))
                .singleElement()
                .satisfies(reason -> assertThat(reason)
                        .contains("escalated to manager-" + run + "@plant.example")
                        .contains("because " + name + " was due " + due + " and is still open with status Opened"));

        // And the same event again, or the worker coming round again, writes nothing more
        assertThat(send(NcEvents.capa(id, name, due, "Opened", clock.instant().plusSeconds(1), run))
                        .statusCode())
                .isEqualTo(202);
        await().atMost(WITHIN).until(() -> notDue(id));
        assertThat(sandbox().quality().jira().commentCount(key)).isEqualTo(2);
        assertThat(qmsComments(id)).hasSize(2);
        assertThat(entries(name, "quality.capa.escalated")).hasSize(1);

        // When a week more passes with the CAPA open
        clock.advance(Duration.ofDays(8));
        await().atMost(WITHIN).until(() -> steps(id).contains("QA_LEADERSHIP"));
        assertThat(sandbox().quality().jira().commentCount(key)).isEqualTo(3);
        assertThat(records.get(QualityObject.CAPA, id)
                        .orElseThrow()
                        .path(QualityObject.ESCALATION)
                        .asInt())
                .isEqualTo(2);
        assertThat(entries(name, "quality.capa.escalated")).hasSize(2);

        // When QA closes the CAPA in the QMS, the task is done
        assertThat(send(NcEvents.capa(id, name, due, "Closed - Effective", clock.instant(), run))
                        .statusCode())
                .isEqualTo(202);
        await().atMost(WITHIN).until(() -> steps(id).contains("CLOSED"));
        assertThat(sandbox().quality().jira().status(key)).contains("Done");
        assertThat(entries(name, "quality.capa.task-closed")).hasSize(1);
        assertThat(json(get("/api/v1/quality/capas")).path("items").values()).anySatisfy(c -> {
            assertThat(c.path("name").asString()).isEqualTo(name);
            assertThat(c.path("task").asString()).isEqualTo(key);
            assertThat(c.path("steps").values())
                    .extracting(tools.jackson.databind.JsonNode::asString)
                    .containsExactly("REMINDER", "MANAGER", "QA_LEADERSHIP", "CLOSED");
        });
    }

    private List<String> steps(String id) {
        return jdbc.sql("SELECT step FROM quality_capa_step WHERE record_id = ? ORDER BY done_at, step")
                .param(id)
                .query(String.class)
                .list();
    }

    private boolean notDue(String id) {
        return jdbc.sql("SELECT next_check_at IS NULL OR next_check_at > ? FROM quality_capa WHERE record_id = ?")
                .params(java.sql.Timestamp.from(clock.instant()), id)
                .query(Boolean.class)
                .single();
    }

    private List<?> qmsComments(String capaId) {
        return sandbox().quality().records().all(QualityObject.CAPA_COMMENT).stream()
                .filter(c -> capaId.equals(c.path(QualityObject.CAPA_REF).asString()))
                .toList();
    }

    private List<String> entries(String capa, String action) {
        return audit.find(new AuditQuery(null, "capa", capa, action, null, null, 0, 100)).stream()
                .filter(e -> e.action().equals(action))
                .map(e -> e.reason())
                .toList();
    }

    private java.net.http.HttpResponse<String> send(String body) throws Exception {
        return NcEvents.send(http, port, clock.instant(), "msg_" + UUID.randomUUID(), body, SECRET);
    }
}
