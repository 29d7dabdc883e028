package org.qualigate.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qualigate.support.InBrowserIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * EMS readings through a real Kafka broker (embedded KRaft, one for the class) into the service's consumer: an
 * excursion is one NC draft until every sensor is back within; a poison record is kept for review and the readings
 * behind it are consumed; the whole topic delivered again raises and counts nothing twice; QA dismisses a draft on
 * the page under signature. The context is this class's own (the consumer needs the broker's address) and is closed
 * after it, so no consumer outlives its broker.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EmsExcursionsIT extends InBrowserIT {

    static final String TOPIC = "ems.readings";
    static final String GROUP = "qualigate-ems-it";
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static EmbeddedKafkaKraftBroker broker;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ConcurrentMessageListenerContainer<String, String> container;

    private KafkaProducer<String, String> producer;

    static synchronized String brokers() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
            // a consumer group formed at once, not after the broker's default 3 s wait for more members
            broker.brokerProperty("group.initial.rebalance.delay.ms", 0);
            broker.afterPropertiesSet();
        }
        return broker.getBrokersAsString();
    }

    @DynamicPropertySource
    static void ems(DynamicPropertyRegistry registry) {
        registry.add("qualigate.ems.kafka.bootstrap-servers", EmsExcursionsIT::brokers);
        registry.add("qualigate.ems.kafka.group-id", () -> GROUP);
        registry.add("qualigate.ems.kafka.concurrency", () -> "2");
        String[] rooms = {"IT-EXCURSION", "IT-POISON", "IT-AGAIN", "IT-PAGE"};
        for (int i = 0; i < rooms.length; i++) {
            String room = rooms[i];
            registry.add("qualigate.ems.rooms[" + i + "].room", () -> room);
            registry.add("qualigate.ems.rooms[" + i + "].site", () -> "BSL");
            registry.add("qualigate.ems.rooms[" + i + "].grade", () -> "A");
        }
    }

    @BeforeAll
    void producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    void stopConsumerThenBroker() {
        producer.close(Duration.ofSeconds(5));
        container.stop();
        broker.destroy();
    }

    /** Sends the readings of one room, keyed by the room as the EMS sends them, and waits for the broker's ack. */
    void send(String room, String... values) throws Exception {
        for (String v : values) {
            producer.send(new ProducerRecord<>(TOPIC, room, v)).get(30, TimeUnit.SECONDS);
        }
    }

    static String reading(String room, String sensor, double value, long second) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 1);
        m.put("readingId", room + "-" + sensor + "-" + second);
        m.put("room", room);
        m.put("site", "BSL");
        m.put("grade", "A");
        m.put("sensor", sensor);
        m.put("parameter", "PARTICLES_0_5_UM");
        m.put("value", value);
        m.put("unit", "particles/m3");
        m.put("measuredAt", T0.plusSeconds(second).toString());
        m.put("operatingState", "IN_OPERATION");
        return JSON.writeValueAsString(m);
    }

    List<Map<String, Object>> excursionsOf(String room) {
        return jdbc.sql("SELECT * FROM ems_excursion WHERE room = ? ORDER BY started_at")
                .param(room)
                .query()
                .listOfRows();
    }

    long readingsCounted(String room) {
        return jdbc.sql("SELECT coalesce(sum(readings), 0) FROM ems_reading_minute WHERE room = ?")
                .param(room)
                .query(Long.class)
                .single();
    }

    @Test
    @Verifies({"URS-QEV-280", "URS-QEV-281", "URS-BCP-320"})
    void anExcursionIsOneDraftAuditedWithItsReadingAndEndsWhenEverySensorIsBackWithin() throws Exception {
        String room = "IT-EXCURSION";
        send(
                room,
                reading(room, "S1", 120, 0),
                reading(room, "S1", 4210, 1),
                reading(room, "S2", 5000, 2),
                reading(room, "S1", 4500, 3),
                reading(room, "S1", 100, 4));
        await().atMost(Duration.ofSeconds(60)).until(() -> readingsCounted(room) == 5);
        List<Map<String, Object>> open = excursionsOf(room);
        assertThat(open).hasSize(1);
        assertThat(open.getFirst().get("review")).isEqualTo("PENDING");
        assertThat(open.getFirst().get("ended_at")).as("S2 is still beyond").isNull();
        // the room's one alert (decision 0075): opened by the draft, counting it once
        assertThat(roomAlert(room)).containsEntry("state", "OPEN").containsEntry("occurrences", 1);

        send(room, reading(room, "S2", 2900, 5));
        await().atMost(Duration.ofSeconds(60)).until(() -> readingsCounted(room) == 6);
        List<Map<String, Object>> all = excursionsOf(room);
        assertThat(all).hasSize(1);
        Map<String, Object> e = all.getFirst();
        assertThat(((java.sql.Timestamp) e.get("ended_at")).toInstant()).isEqualTo(T0.plusSeconds(5));
        assertThat(((java.sql.Timestamp) e.get("draft_at")).toInstant()).isEqualTo(T0.plusSeconds(1));
        assertThat(e.get("worst_value")).isEqualTo(5000.0);
        assertThat(e.get("readings_beyond")).isEqualTo(3);
        assertThat(roomAlert(room)).containsEntry("state", "CLEARED").containsEntry("occurrences", 1);

        sealAuditTrail();
        String id = e.get("id").toString();
        List<String> drafted = jdbc.sql(
                        "SELECT reason FROM audit_event WHERE entity_type = 'ems-excursion' AND entity_id = ?"
                                + " AND action = 'ems.excursion.drafted'")
                .param(id)
                .query(String.class)
                .list();
        assertThat(drafted).singleElement().asString().contains("sensor S1 read 4210 particles/m3");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE entity_id = ? AND action = 'ems.excursion.ended'")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        JsonNode api = json(get("/api/v1/environment/excursions/" + id));
        assertThat(api.path("limit").asString()).isEqualTo("above 3520 particles/m3");
        assertThat(api.path("firstReading").path("value").asDouble()).isEqualTo(4210);
    }

    @Test
    @Verifies("URS-QEV-282")
    void aPoisonRecordIsKeptForReviewWithItsReasonAndTheReadingsBehindItAreConsumed() throws Exception {
        String room = "IT-POISON";
        send(
                room,
                "{\"room\":\"" + room + "\",\"value\":",
                reading(room, "S1", 10, 0).replace("\"schemaVersion\":1", "\"schemaVersion\":7"),
                reading(room, "S1", 10, 1).replace("\"value\":10.0", "\"value\":\"ten\""),
                reading(room, "S1", 9000, 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> excursionsOf(room).size() == 1);
        List<Map<String, Object>> kept = jdbc.sql(
                        "SELECT field, reason, value FROM ems_unreadable WHERE record_key = ? ORDER BY record_offset")
                .param(room)
                .query()
                .listOfRows();
        assertThat(kept).hasSize(3);
        assertThat(kept.get(0).get("field")).isEqualTo("value");
        assertThat(kept.get(0).get("reason").toString()).startsWith("not JSON");
        assertThat(kept.get(1).get("field")).isEqualTo("schemaVersion");
        assertThat(kept.get(1).get("reason").toString()).contains("unknown schema version 7");
        assertThat(kept.get(2).get("field")).isEqualTo("value");
        assertThat(json(get("/api/v1/environment/unreadable")).path("count").asInt())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @Verifies("URS-QEV-283")
    void theWholeTopicDeliveredAgainRaisesNoSecondDraftAndCountsNoReadingTwice() throws Exception {
        String room = "IT-AGAIN";
        send(room, reading(room, "S1", 8000, 0), reading(room, "S1", 9000, 1), reading(room, "S2", 200, 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> readingsCounted(room) == 3);
        long excursions =
                jdbc.sql("SELECT count(*) FROM ems_excursion").query(Long.class).single();
        long readings = jdbc.sql("SELECT coalesce(sum(readings), 0) FROM ems_reading_minute")
                .query(Long.class)
                .single();
        long kept = jdbc.sql("SELECT count(*) FROM ems_unreadable")
                .query(Long.class)
                .single();

        // the consumer stops, the group's committed offsets are lost (reset to the start), and it comes back
        container.stop();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()))) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                start.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(0));
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            admin.alterConsumerGroupOffsets(GROUP, start).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            container.start();
            // every record delivered again and committed again
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                ends.forEach((tp, end) -> assertThat(committed.get(tp))
                        .isNotNull()
                        .extracting(OffsetAndMetadata::offset)
                        .isEqualTo(end.offset()));
            });
        }

        assertThat(jdbc.sql("SELECT count(*) FROM ems_excursion")
                        .query(Long.class)
                        .single())
                .isEqualTo(excursions);
        assertThat(jdbc.sql("SELECT coalesce(sum(readings), 0) FROM ems_reading_minute")
                        .query(Long.class)
                        .single())
                .isEqualTo(readings);
        assertThat(jdbc.sql("SELECT count(*) FROM ems_unreadable")
                        .query(Long.class)
                        .single())
                .isEqualTo(kept);
        sealAuditTrail();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ems.excursion.drafted'"
                                + " AND new_value->>'room' = ?")
                        .param(room)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    @Verifies({"URS-QEV-284"})
    void qaDismissesADraftOnThePageUnderSignature() throws Exception {
        String room = "IT-PAGE";
        send(room, reading(room, "S3", 7777, 0));
        await().atMost(Duration.ofSeconds(60)).until(() -> excursionsOf(room).size() == 1);
        String id = excursionsOf(room).getFirst().get("id").toString();
        assertThat(postAs("plant-manager", "/api/v1/environment/excursions/" + id + "/review", "{}")
                        .statusCode())
                .isEqualTo(403);

        browser.signIn("qa-approver", PASSWORD).open("/quality/excursions");
        assertThat(browser.text("#e-" + id)).contains(room).contains("7777 particles/m3");
        browser.screenshot("excursions-01-drafts");
        browser.follow("#e-" + id + " a.open-excursion");
        browser.waitFor("#review-form");
        assertThat(browser.text("#first-reading")).contains("S3").contains("7777");
        browser.click("input[name=resolution][value=DISMISS]")
                .type("#reason", "counter S3 was being cleaned; the filling line was not running")
                .type("#userId", "qa-approver")
                .type("#password", PASSWORD)
                .submit("#review-form button");
        assertThat(browser.text(".notice")).contains("Dismissed").contains("signed by qa-approver");
        browser.screenshot("excursions-02-dismissed");

        JsonNode after = json(get("/api/v1/environment/excursions/" + id));
        assertThat(after.path("review").asString()).isEqualTo("DISMISSED");
        assertThat(after.path("reviewedBy").asString()).isEqualTo("user:qa-approver");
        sealAuditTrail();
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM audit_event WHERE entity_id = ? AND action = 'ems.excursion.dismissed'")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /** The room's latest alert: its state and count. */
    private Map<String, Object> roomAlert(String room) {
        return jdbc.sql("SELECT state, occurrences FROM alert WHERE cause = ? ORDER BY id DESC LIMIT 1")
                .param("room:" + room)
                .query()
                .singleRow();
    }
}
