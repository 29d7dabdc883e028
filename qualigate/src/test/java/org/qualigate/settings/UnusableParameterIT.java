package org.qualigate.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SharedMailSink;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An approved run-time parameter whose value no longer parses (a later release reads it differently, or the
 * row was written outside change control) is never replaced silently: the configured value is used, and the
 * first read of that value audits it and e-mails an alert saying which value is used instead, once per value
 * however often it is read.
 */
class UnusableParameterIT extends QualigateIT {

    @Autowired
    ApprovedParameters parameters;

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-BCP-039", "URS-AUD-001"})
    @Test
    void anApprovedValueThatNoLongerParsesIsAuditedAndAlertedOnceAndTheConfiguredValueIsUsed() {
        String name = "test.unusable-" + UUID.randomUUID().toString().substring(0, 8);
        long first = approve(name, "ten");

        for (int read = 0; read < 5; read++) {
            assertThat(parameters.intValue(name, 7)).isEqualTo(7);
        }

        JsonNode audited = audited(name);
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).get("new").get("approvedValue").asString()).isEqualTo("ten");
        assertThat(audited.get(0).get("new").get("inUse").asString()).isEqualTo("7");
        assertThat(audited.get(0).get("reason").asString())
                .contains("'ten'")
                .contains("the configured value 7 is used instead");
        assertThat(alerts(name)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SharedMailSink.subjectsTo("qa-operations@plant.example")
                        .contains("[Qualigate] approved parameter " + name + " cannot be used"));

        // another unusable value is another alert; a usable one is used, with none
        approve(name, "P1X");
        assertThat(parameters.parsed(name, v -> Duration.parse(v), "PT15M")).isEmpty();
        assertThat(parameters.intValue(name, 7)).isEqualTo(7);
        assertThat(audited(name)).hasSize(2);
        approve(name, "8");
        assertThat(parameters.intValue(name, 7)).isEqualTo(8);
        assertThat(audited(name)).hasSize(2);
        assertThat(alerts(name)).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM parameter_alert WHERE name = ? AND seq = ?")
                        .params(name, first)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /** An approved value as a change set leaves it (the value is written as is, unchecked). */
    private long approve(String name, String value) {
        long changeSet = jdbc.sql("""
                        INSERT INTO change_set (kind, title, state, author, latest_version, created_at, decided_by,
                            decided_at, decision_reason)
                        VALUES ('PARAMETERS', ?, 'APPROVED', 'hr-editor', 1, ?, 'qa-approver', ?, 'test')
                        RETURNING id""")
                .params("set " + name, Timestamp.from(clock.instant()), Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return jdbc.sql("INSERT INTO parameter_value (name, value, change_set_id, approved_at) VALUES (?, ?, ?, ?) "
                        + "RETURNING seq")
                .params(name, value, changeSet, Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
    }

    private JsonNode audited(String name) {
        return json(get("/api/v1/audit?entityType=parameter&action=parameter.unusable&entityId=" + name))
                .get("entries");
    }

    private long alerts(String name) {
        return jdbc.sql("SELECT count(*) FROM notice WHERE kind = 'ALERT' AND dedupe_key LIKE ?")
                .param("parameter-unusable/" + name + "/%")
                .query(Long.class)
                .single();
    }
}
