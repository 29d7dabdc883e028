package org.qualigate.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the quality simulators run beside the others: the QMS's quality-event webhooks (source, secret, version of
 * the non-conformance event), the demo feed's pace, and the EMS producer (off unless a Kafka bootstrap server is
 * given).
 *
 * @param webhookSource the source name in Qualigate's hook path for the QMS's quality events
 * @param webhookSecret Standard Webhooks secret of that source, {@code whsec_} + base64
 * @param ncSchemaVersion 1 or 2 for every non-conformance event, 0 to alternate
 * @param feedIntervalSeconds seconds between the demo feed's steps; 0 turns the feed off
 * @param emsBootstrapServers Kafka bootstrap servers of the EMS producer; null: no producer
 * @param emsTopic the topic the readings go to
 * @param emsPartitions partitions of the topic when the producer creates it
 * @param emsReadingsPerSecond the producer's rate
 * @param emsExcursionShare the chance that a reading is an excursion
 */
public record QualityOptions(
        String webhookSource,
        String webhookSecret,
        int ncSchemaVersion,
        double feedIntervalSeconds,
        @Nullable String emsBootstrapServers,
        String emsTopic,
        int emsPartitions,
        double emsReadingsPerSecond,
        double emsExcursionShare) {

    /** The demo secret of the quality events when {@code QUALIGATE_QUALITY_HOOK_SECRET} is not set; never for production. */
    public static final String DEMO_WEBHOOK_SECRET = "whsec_"
            + Base64.getEncoder()
                    .encodeToString("qualigate-demo-qms-quality-000001".getBytes(StandardCharsets.US_ASCII));

    public QualityOptions {
        Objects.requireNonNull(webhookSource, "webhookSource");
        if (!webhookSource.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("webhookSource must be a path segment: " + webhookSource);
        }
        new StandardWebhooks(webhookSecret);
        if (ncSchemaVersion < 0 || ncSchemaVersion > 2) {
            throw new IllegalArgumentException("ncSchemaVersion must be 1, 2 or 0 (alternate): " + ncSchemaVersion);
        }
        if (!(feedIntervalSeconds >= 0) || Double.isInfinite(feedIntervalSeconds)) {
            throw new IllegalArgumentException("feedIntervalSeconds must be >= 0: " + feedIntervalSeconds);
        }
        Objects.requireNonNull(emsTopic, "emsTopic");
        if (emsPartitions < 1) {
            throw new IllegalArgumentException("emsPartitions must be positive: " + emsPartitions);
        }
        if (!(emsReadingsPerSecond >= 0) || !(emsExcursionShare >= 0 && emsExcursionShare <= 1)) {
            throw new IllegalArgumentException("EMS rate must be >= 0 and excursion share in [0, 1]");
        }
    }

    /** Source {@code trackwise}, the demo secret, alternating NC versions, no feed, no EMS producer. */
    public static QualityOptions defaults() {
        return new QualityOptions("trackwise", DEMO_WEBHOOK_SECRET, 0, 0, null, "ems.readings", 6, 200, 0.002);
    }

    public QualityOptions withWebhook(String source, String secret, int ncVersion) {
        return new QualityOptions(
                source,
                secret,
                ncVersion,
                feedIntervalSeconds,
                emsBootstrapServers,
                emsTopic,
                emsPartitions,
                emsReadingsPerSecond,
                emsExcursionShare);
    }

    public QualityOptions withFeedIntervalSeconds(double seconds) {
        return new QualityOptions(
                webhookSource,
                webhookSecret,
                ncSchemaVersion,
                seconds,
                emsBootstrapServers,
                emsTopic,
                emsPartitions,
                emsReadingsPerSecond,
                emsExcursionShare);
    }

    public QualityOptions withEms(
            @Nullable String bootstrapServers, String topic, double perSecond, double excursionShare) {
        return new QualityOptions(
                webhookSource,
                webhookSecret,
                ncSchemaVersion,
                feedIntervalSeconds,
                bootstrapServers,
                topic,
                emsPartitions,
                perSecond,
                excursionShare);
    }
}
