package org.qualigate.interfaces;

import java.time.Duration;
import java.util.List;
import org.qualigate.interfaces.InterfaceDocument.Backlog;
import org.qualigate.interfaces.InterfaceDocument.Direction;
import org.qualigate.interfaces.InterfaceDocument.Watch;

/**
 * The event streams: the environmental-monitoring readings the EMS produces to a Kafka topic (decision 0066), and the
 * quality outcomes sent out as CloudEvents to a webhook subscriber (decision 0073).
 */
final class EventInterfaces {

    private static final String QA = "Quality Assurance (QA operations)";

    private EventInterfaces() {}

    static List<InterfaceDocument> of(Configured c) {
        return List.of(ems(c), cloudEvents(c));
    }

    private static InterfaceDocument ems(Configured c) {
        String topic = c.text("qualigate.ems.kafka.topic", "ems.readings");
        String group = c.text("qualigate.ems.kafka.group-id", "qualigate-ems");
        return new InterfaceDocument(
                "ems-readings",
                "Environmental-monitoring readings from the EMS (Kafka topic " + topic + ")",
                "Environmental monitoring system (EMS)",
                Direction.INBOUND,
                "Apache Kafka consumer (spring-kafka), records keyed by room; JSON values",
                "topic " + topic + " on " + c.text("qualigate.ems.kafka.bootstrap-servers", "(no brokers configured)")
                        + ", consumer group " + group + ", "
                        + c.number("qualigate.ems.kafka.concurrency", 3) + " consumer threads",
                "Kafka client settings from configuration (qualigate.ems.kafka.properties: TLS, SASL); none in the "
                        + "embedded default",
                "One reading per record (particle counts, temperature, differential pressure) — JSON Schema "
                        + "ems-readings/reading-v1.schema.json (schemaVersion 1, draft 2020-12); partitioned by room, "
                        + "so a room's readings keep their order",
                "Batches of up to " + c.number("qualigate.ems.kafka.max-poll-records", 500) + " records, each in one "
                        + "transaction with its partitions' next offsets, so a batch delivered again changes nothing. "
                        + "A record that is not a usable reading (not JSON, failing its schema, an unknown version, "
                        + "another room's key, a room not monitored) is kept with the field and reason and passed: it "
                        + "never blocks the partition.",
                "A batch the database refused is retried every second without limit; never skipped.",
                "None on Kafka: unusable records are kept in the database (GET /api/v1/environment/unreadable).",
                "A reading beyond its room's action limit opens an excursion episode; an episode that lasts becomes "
                        + "an NC draft for QA, accepted or dismissed under signature.",
                "Readings are applied as they are consumed; no separate service level is measured.",
                QA + ", with the EMS system owner",
                c.present("qualigate.ems.kafka.bootstrap-servers"),
                false,
                Watch.audited(List.of("ems.excursion.drafted"), List.of()));
    }

    private static InterfaceDocument cloudEvents(Configured c) {
        String backoff = "Exponential backoff with jitter from "
                + Configured.duration(c.duration("qualigate.quality.backoff-initial", Duration.ofSeconds(5)))
                + " up to "
                + Configured.duration(c.duration("qualigate.quality.backoff-max", Duration.ofMinutes(5)))
                + "; 429 waits for Retry-After. Every attempt carries the event's own id.";
        return new InterfaceDocument(
                "cloudevents-sink",
                "Quality outcomes sent as CloudEvents to a webhook subscriber",
                "Event subscriber (webhook)",
                Direction.OUTBOUND,
                "CloudEvents 1.0, JSON event format, HTTP binding in structured content mode (POST, Content-Type "
                        + "application/cloudevents+json)",
                c.endpoint("qualigate.cloudevents.sink-url", ""),
                (c.present("qualigate.cloudevents.bearer-token") ? "Bearer token from configuration" : "No token")
                        + (c.present("qualigate.cloudevents.signing-secret")
                                ? "; a Standard Webhooks HMAC-SHA256 signature (webhook-id is the event's id)"
                                : ""),
                "Types org.qualigate.quality.batch.blocked.v1, batch.released.v1, recall.step.done.v1, "
                        + "recall.completed.v1, recall.cancelled.v1, capa.escalated.v1; source "
                        + c.text("qualigate.cloudevents.source", "/qualigate") + "; subject batch/M/B, recall/R or "
                        + "capa/C; data as JSON with a JSON Schema per type (dataschema, outbound-events/); the "
                        + "Distributed Tracing extension's traceparent of the outcome's trace",
                "Written to the outbox in the transaction of the outcome's audit entry; sent in order per subject "
                        + "(the next event of a subject waits for the one before); 200, 201, 202 and 204 take an event; "
                        + "408, 429 and 5xx are retried; any other status refuses it, kept with the reason "
                        + "(quality.event.refused) and not sent again.",
                backoff,
                "Refused events stay in the outbox with their reason, audited; never dropped.",
                "QA operations follow the backlog and the refusals here and on /interfaces, and tell the "
                        + "subscriber's owner; nothing tells them by itself.",
                "Sent as soon as the subscriber takes it; no separate service level is measured.",
                QA + ", with the subscriber's owner",
                c.present("qualigate.cloudevents.sink-url"),
                false,
                new Watch(
                        List.of("quality.event.delivered"),
                        List.of("quality.event.refused"),
                        null,
                        Backlog.OUTBOUND_EVENTS,
                        null));
    }
}
