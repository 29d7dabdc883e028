package org.qualigate.environment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Environmental monitoring ({@code qualigate.ems.*}): the Kafka topic the EMS produces its readings to (no {@code
 * kafka.bootstrap-servers}, no consumer), the monitored rooms with their site and cleanroom grade, and the alert and
 * action limit of each grade and parameter (grade {@code *}: every grade).
 */
@ConfigurationProperties("qualigate.ems")
record EmsSettings(
        @Nullable Kafka kafka,
        @Nullable List<RoomSetting> rooms,
        @Nullable List<LimitSetting> limits) {

    EmsSettings {
        kafka = kafka == null ? new Kafka(null, null, null, 0, 0, null) : kafka;
        rooms = rooms == null ? List.of() : List.copyOf(rooms);
        limits = limits == null ? List.of() : List.copyOf(limits);
    }

    /**
     * The consumer: where the brokers are, the topic, the consumer group, threads and records per poll, and any
     * further Kafka consumer properties (TLS, SASL: {@code properties.[security.protocol]=SSL}).
     */
    record Kafka(
            @Nullable String bootstrapServers,
            @Nullable String topic,
            @Nullable String groupId,
            int concurrency,
            int maxPollRecords,
            @Nullable Map<String, String> properties) {
        Kafka {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            topic = topic == null || topic.isBlank() ? "ems.readings" : topic;
            groupId = groupId == null || groupId.isBlank() ? "qualigate-ems" : groupId;
            concurrency = concurrency <= 0 ? 3 : concurrency;
            maxPollRecords = maxPollRecords <= 0 ? 500 : maxPollRecords;
        }
    }

    /** A monitored room. */
    record RoomSetting(String room, String site, String grade) {}

    /**
     * A limit of one grade's parameter: beyond {@code alert} a reading is counted as an alert, beyond {@code action}
     * it is an excursion, which becomes an NC draft once it has lasted {@code lasting} ({@code below}: the limit is
     * a minimum, as a pressure differential's).
     */
    record LimitSetting(
            String grade,
            String parameter,
            String unit,
            double alert,
            double action,
            boolean below,
            @Nullable Duration lasting) {}
}
