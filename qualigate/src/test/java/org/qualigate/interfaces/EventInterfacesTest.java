package org.qualigate.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The control documents of the event streams, filled from a configuration: the EMS's Kafka topic (inbound) and the
 * CloudEvents subscriber (outbound), each naming its credentials by kind only.
 */
class EventInterfacesTest {

    private static final InterfaceState QUIET = new InterfaceState(0, 0, 3L, null, null, null, false);

    @Verifies("URS-INT-312")
    @Test
    void theEmsTopicsDocumentNamesTheTopicItsPartitioningSchemaAndWhatHappensToAnUnusableRecord() {
        Configured c = configured(Map.of(
                "qualigate.ems.kafka.bootstrap-servers", "kafka-1.plant.example:9093",
                "qualigate.ems.kafka.topic", "bsl.ems.readings",
                "qualigate.ems.kafka.properties.sasl.jaas.config", "secret-jaas-line"));

        InterfaceDocument ems = document(c, "ems-readings");
        String md = IcdDocuments.markdown(ems, QUIET, Instant.parse("2026-12-07T01:00:00Z"));

        assertThat(ems.direction()).isEqualTo(InterfaceDocument.Direction.INBOUND);
        assertThat(ems.configured()).isTrue();
        assertThat(md)
                .contains("# Interface control document: Environmental-monitoring readings from the EMS (Kafka topic"
                        + " bsl.ems.readings)")
                .contains("| Direction | inbound |")
                .contains("topic bsl.ems.readings on kafka-1.plant.example:9093, consumer group qualigate-ems")
                .contains("keyed by room")
                .contains("ems-readings/reading-v1.schema.json")
                .contains("never blocks the partition")
                .contains("| Pause | never paused |")
                .doesNotContain("secret-jaas-line");
    }

    @Verifies("URS-INT-312")
    @Test
    void anInstanceWithoutBrokersSaysTheTopicIsNotConfigured() {
        InterfaceDocument ems = document(configured(Map.of()), "ems-readings");

        assertThat(ems.configured()).isFalse();
        assertThat(ems.endpoint()).contains("topic ems.readings").contains("no brokers configured");
    }

    @Verifies("URS-INT-312")
    @Test
    void theSubscribersDocumentIsOutboundNamesTheFormatAndItsCredentialsOnlyByKind() {
        Configured c = configured(Map.of(
                "qualigate.cloudevents.sink-url", "https://lake.plant.example/hooks/quality?key=abc",
                "qualigate.cloudevents.source", "/qualigate/bsl",
                "qualigate.cloudevents.bearer-token", "the-token",
                "qualigate.cloudevents.signing-secret", "whsec_c2VjcmV0"));

        InterfaceDocument sink = document(c, "cloudevents-sink");
        String md = IcdDocuments.markdown(sink, QUIET, Instant.parse("2026-12-07T01:00:00Z"));

        assertThat(sink.direction()).isEqualTo(InterfaceDocument.Direction.OUTBOUND);
        assertThat(sink.watch().backlog()).isEqualTo(InterfaceDocument.Backlog.OUTBOUND_EVENTS);
        assertThat(md)
                .contains("| Endpoint | https://lake.plant.example/hooks/quality |")
                .contains("CloudEvents 1.0")
                .contains("application/cloudevents+json")
                .contains("org.qualigate.quality.batch.blocked.v1")
                .contains("source /qualigate/bsl")
                .contains("Bearer token from configuration; a Standard Webhooks HMAC-SHA256 signature")
                .contains("| Backlog | 3 |")
                .doesNotContain("the-token")
                .doesNotContain("whsec_")
                .doesNotContain("key=abc");
    }

    private static InterfaceDocument document(Configured c, String name) {
        return EventInterfaces.of(c).stream()
                .filter(i -> i.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Configured configured(Map<String, String> properties) {
        return new Configured(new Binder(new MapConfigurationPropertySource(properties)));
    }
}
