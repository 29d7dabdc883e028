package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.ems.CleanroomReadings;
import org.qualigate.sandbox.ems.EmsProducer;
import org.qualigate.sandbox.ems.Reading;
import org.qualigate.sandbox.ems.Room;
import org.qualigate.sandbox.quality.DemoQuality;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

class EmsProducerIT {

    static final String TOPIC = "ems.readings";
    static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ems-it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Test
    void producesEachRoomsReadingsKeyedByRoomToOnePartitionWithExcursionsBeyondTheRoomsLimits() {
        List<Room> rooms = DemoQuality.load().rooms();
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);
        CleanroomReadings readings = new CleanroomReadings(rooms, clock, new Random(7), 0.05);
        List<Reading> sent;
        try (EmsProducer producer = new EmsProducer(broker.getBrokersAsString(), TOPIC, readings, QualityClient.JSON)) {
            producer.ensureTopic(3);
            sent = producer.produce(400);
            producer.producePoison("BSL-PREP");
        }

        List<ConsumerRecord<String, String>> records = consumeAll(TOPIC, 401);

        assertThat(records).hasSize(401);
        Map<String, Set<Integer>> partitionsByRoom = new HashMap<>();
        int excursions = 0;
        for (ConsumerRecord<String, String> r : records) {
            partitionsByRoom
                    .computeIfAbsent(r.key(), k -> new java.util.HashSet<>())
                    .add(r.partition());
            if (r.value().endsWith(":")) {
                continue;
            }
            JsonNode reading = QualityClient.JSON.readTree(r.value());
            assertThat(reading.path("room").asString()).isEqualTo(r.key());
            assertThat(reading.path("schemaVersion").asInt()).isEqualTo(1);
            Room room = rooms.stream()
                    .filter(x -> x.room().equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            double value = reading.path("value").asDouble();
            boolean beyond = switch (reading.path("parameter").asString()) {
                case "PARTICLES_0_5_UM" -> value > room.particles05Limit();
                case "PARTICLES_5_0_UM" -> room.particles50Limit() != null && value > room.particles50Limit();
                case "DIFFERENTIAL_PRESSURE" -> value < Room.MIN_DIFFERENTIAL_PRESSURE;
                default -> false;
            };
            excursions += beyond ? 1 : 0;
        }
        assertThat(partitionsByRoom.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        rooms.stream().map(Room::room).toList());
        assertThat(partitionsByRoom.values()).allSatisfy(p -> assertThat(p).hasSize(1));
        assertThat(excursions).isPositive().isEqualTo((int)
                sent.stream().filter(Reading::excursion).count());
    }

    /**
     * A topic that another client creates while the producer is connected is written at once without
     * {@code ensureTopic} (the benchmarks let their broker create the topic): the producer still sends nothing before
     * each partition's leader holds it. Sent earlier, a first request refused as NOT_LEADER_OR_FOLLOWER while the next
     * one is appended would lose its readings (KAFKA-15591); a loaded machine widens that moment, so the test writes
     * several fresh topics.
     */
    @Test
    void acknowledgesEveryReadingWrittenToTopicsTheBrokerHasOnlyJustCreated() {
        List<Room> rooms = DemoQuality.load().rooms();
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            String topic = "ems.readings.fresh-" + i;
            CleanroomReadings readings = new CleanroomReadings(rooms, clock, new Random(i), 0.05);
            try (EmsProducer producer =
                    new EmsProducer(broker.getBrokersAsString(), topic, readings, QualityClient.JSON)) {
                broker.addTopics(topic);
                assertThat(producer.produce(400)).hasSize(400);
                assertThat(producer.produced()).isEqualTo(400);
            }
            assertThat(consumeAll(topic, 400)).hasSize(400);
        }
    }
}
