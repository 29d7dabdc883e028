package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.sandbox.qms.QualityRecords;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class QualityEventsIT {

    WebhookReceiver receiver;
    ConcurrentLinkedQueue<WebhookReceiver.Received> received;
    Sandbox sandbox;
    QualityRecords records;

    @BeforeEach
    void start() throws IOException {
        receiver = WebhookReceiver.accepting("/api/v1/hooks/trackwise");
        received = receiver.received();
        URI uri = receiver.uri();
        sandbox = Sandbox.start(
                SandboxOptions.forTests().withQualigateUri(uri),
                QualityOptions.defaults(),
                java.time.Clock.systemUTC());
        records = sandbox.quality().records();
        records.addUser("E10001", "Anna Keller", "anna.keller@example.com", null);
        records.addUser("E10002", "Marco Rossi", "marco.rossi@example.com", "E10001");
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    List<JsonNode> awaitEvents(int count) throws InterruptedException {
        return receiver.await(count, Duration.ofSeconds(10)).stream()
                .map(WebhookReceiver.Received::json)
                .toList();
    }

    @Test
    void sendsSignedNonconformanceEventsInVersionOneAndTwoOnlyOnceStarted() throws Exception {
        String first = records.create(QualityObject.NONCONFORMANCE, QualityRecordFixtures.aNonconformance("BSL25K0401"))
                .path("Id")
                .asString();
        records.create(QualityObject.NONCONFORMANCE, QualityRecordFixtures.aNonconformance("BSL25K0402"));
        ObjectNode close = QualityClient.JSON.createObjectNode();
        close.put(QualityObject.STATUS, "Closed - Done");
        close.put(QualityObject.DISPOSITION, "Reject");
        records.update(QualityObject.NONCONFORMANCE, first, close);
        assertThat(sandbox.quality().pendingEvents()).isEqualTo(3);
        assertThat(received).isEmpty();

        sandbox.quality().start();
        List<JsonNode> events = awaitEvents(3);

        assertThat(events).hasSize(3);
        JsonNode v1 = events.get(0);
        assertThat(v1.path("type").asString()).isEqualTo("nonconformance.opened");
        assertThat(v1.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(v1.path("batch").asString()).isEqualTo("BSL25K0401");
        assertThat(v1.path("severity").asString()).isEqualTo("Major");
        JsonNode v2 = events.get(1);
        assertThat(v2.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(v2.path("lot").path("batch").asString()).isEqualTo("BSL25K0402");
        assertThat(v2.has("batch")).isFalse();
        assertThat(v2.path("classification").asString()).isEqualTo("MAJOR");
        JsonNode closed = events.get(2);
        assertThat(closed.path("type").asString()).isEqualTo("nonconformance.closed");
        assertThat(closed.path("disposition").asString()).isEqualTo("Reject");
        WebhookReceiver.Received signed = received.peek();
        String expected = new StandardWebhooks(QualityOptions.DEMO_WEBHOOK_SECRET)
                .sign(signed.id(), Long.parseLong(signed.timestamp()), signed.body());
        assertThat(signed.signature()).isEqualTo(expected);
    }

    @Test
    void announcesCapaClosureRecallCancellationAndCalibrationChanges() throws Exception {
        String nc = records.create(QualityObject.NONCONFORMANCE, QualityRecordFixtures.aNonconformance("BSL25K0403"))
                .path("Id")
                .asString();
        String capaId = records.create(
                        QualityObject.CAPA,
                        QualityRecordFixtures.aCapa(
                                nc,
                                records.userByEmployee("E10002").orElseThrow().id()))
                .path("Id")
                .asString();
        records.update(QualityObject.CAPA, capaId, (ObjectNode)
                QualityClient.JSON.readTree("{\"" + QualityObject.STATUS + "\":\"Closed - Effective\"}"));
        ObjectNode recall = QualityClient.JSON.createObjectNode();
        recall.put(QualityObject.SITE, "BSL");
        recall.put(QualityObject.MATERIAL, "000000000010004711");
        recall.put(QualityObject.PLANT, "CH10");
        recall.put(QualityObject.FIRST_BATCH, "BSL25K0401");
        recall.put(QualityObject.LAST_BATCH, "BSL25K0410");
        recall.put(QualityObject.RECALL_CLASS, "II");
        recall.put(QualityObject.REASON, "Stability failure");
        String recallId =
                records.create(QualityObject.RECALL, recall).path("Id").asString();
        records.update(QualityObject.RECALL, recallId, (ObjectNode)
                QualityClient.JSON.readTree("{\"" + QualityObject.STATUS + "\":\"Closed - Canceled\"}"));
        ObjectNode equipment = QualityClient.JSON.createObjectNode();
        equipment.put(QualityObject.EXTERNAL_ID, "BSL-BAL-0112");
        equipment.put(QualityObject.SITE, "BSL");
        equipment.put(QualityObject.CALIBRATION_STATUS, "Calibrated");
        String equipmentId =
                records.create(QualityObject.EQUIPMENT, equipment).path("Id").asString();
        records.update(QualityObject.EQUIPMENT, equipmentId, (ObjectNode)
                QualityClient.JSON.readTree("{\"" + QualityObject.CALIBRATION_STATUS + "\":\"Out of Tolerance\"}"));

        assertThat(sandbox.quality().pendingEvents()).isEqualTo(6);
        sandbox.quality().start();
        List<JsonNode> events = awaitEvents(6);

        assertThat(events.stream().map(e -> e.path("type").asString()))
                .containsExactly(
                        "nonconformance.opened",
                        "capa.opened",
                        "capa.closed",
                        "recall.opened",
                        "recall.cancelled",
                        "equipment.calibration-changed");
        assertThat(events.get(1).path("managerEmail").asString()).isEqualTo("anna.keller@example.com");
        assertThat(events.get(1).path("dueDate").asString()).isEqualTo("2026-12-01");
        assertThat(events.get(4).path("firstBatch").asString()).isEqualTo("BSL25K0401");
        assertThat(events.get(5).path("calibrationStatus").asString()).isEqualTo("Out of Tolerance");
    }
}
