package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TrickleEventsTest {

    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void mixesCompletionsRenewalsRevocationsAndSomeInvalidEvents() {
        DemoPlant plant = DemoPlant.load();
        HrisDirectory hris = new HrisDirectory(JsonMapper.builder().build());
        hris.load(DemoWorkforce.generate(plant, 1, NOW));
        WebhookSender.TrickleEvents trickle =
                new WebhookSender.TrickleEvents(hris, plant, Clock.fixed(NOW, ZoneOffset.UTC), new Random(3));

        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            events.add(trickle.next());
        }

        assertThat(events)
                .allSatisfy(e -> assertThat(e.keySet())
                        .containsExactly(
                                "eventType",
                                "employeeId",
                                "certificationId",
                                "certificationName",
                                "level",
                                "completedOn",
                                "expiresOn",
                                "sourceRecordId",
                                "sourceVersion",
                                "approvedBy",
                                "approvedAt"));
        assertThat(events)
                .extracting(e -> e.get("eventType"))
                .contains("certification.completed", "certification.updated", "certification.revoked");
        long unknown = events.stream()
                .filter(e -> hris.worker((String) e.get("employeeId")).isEmpty()
                        || ((String) e.get("certificationId")).startsWith("WD-CERT-9"))
                .count();
        assertThat(unknown).isBetween(10L, 80L);
        long expiringInMinutes = events.stream()
                .filter(e -> e.get("expiresOn") instanceof String s && s.contains("T"))
                .count();
        assertThat(expiringInMinutes).isPositive();
        assertThat(events)
                .filteredOn(e -> e.get("eventType").equals("certification.updated"))
                .allSatisfy(e -> assertThat((Integer) e.get("sourceVersion")).isGreaterThan(1));
    }
}
