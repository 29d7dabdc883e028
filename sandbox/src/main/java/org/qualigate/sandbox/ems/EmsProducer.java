package org.qualigate.sandbox.ems;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Produces the EMS readings to a Kafka topic, keyed by room (so one room's readings stay in order on one
 * partition), at a steady rate in the background or on demand. Idempotent producer, {@code acks=all}. Nothing is
 * sent before the leader of every partition of the topic serves it ({@link #awaitServed()}).
 */
public final class EmsProducer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmsProducer.class);

    /** How long a partition's leader may take to serve a topic that exists; a new topic on a loaded broker is slow. */
    private static final Duration SERVED_WITHIN = Duration.ofSeconds(60);

    private final String topic;
    private final CleanroomReadings readings;
    private final JsonMapper json;
    private final KafkaProducer<String, String> producer;
    private final String bootstrap;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong excursions = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean served;
    private @Nullable Thread pacer;

    public EmsProducer(String bootstrapServers, String topic, CleanroomReadings readings, JsonMapper json) {
        this.topic = topic;
        this.readings = readings;
        this.json = json;
        this.bootstrap = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sandbox-ems");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(props);
    }

    public String topic() {
        return topic;
    }

    /**
     * Creates the topic with this many partitions unless it exists, and returns once the leader of every partition
     * serves it.
     */
    public void ensureTopic(int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            log.info("EMS topic {} created with {} partitions", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the EMS topic " + topic, e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the Kafka cluster at " + bootstrap + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        awaitServed();
    }

    /**
     * Waits, once, until the leader of every partition of the topic answers for the partition's log. A broker
     * publishes a new partition's leader in its metadata a moment before its replica manager holds the partition. A
     * produce request that arrives in that moment is refused (NOT_LEADER_OR_FOLLOWER) while the next request to the
     * same partition, a moment later, is appended; brokers before Kafka 4.5 accept any first sequence from a producer
     * they have no state for, so they then refuse the first request's retries as out of order until its delivery
     * timeout (KAFKA-15591), and its readings are lost. A ListOffsets answer from each partition's leader shows the
     * partition is held, so no request of this producer can arrive in that moment.
     */
    private void awaitServed() {
        if (served) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        try {
            // waits until the producer's own metadata knows the topic, as its first send would
            producer.partitionsFor(topic)
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        } catch (KafkaException e) {
            throw new IllegalStateException("the Kafka cluster at " + bootstrap + " does not know " + topic, e);
        }
        try (Admin admin = admin()) {
            // retried by the admin client while a partition has no leader or its leader does not hold it yet
            admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) SERVED_WITHIN.toMillis()))
                    .all()
                    .get(SERVED_WITHIN.toSeconds() + 5, TimeUnit.SECONDS);
            served = true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "the partitions of " + topic + " were not served by their leaders within " + SERVED_WITHIN, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Sends the next {@code count} readings and waits until the broker acknowledged them; returns them. */
    public List<Reading> produce(int count) {
        awaitServed();
        List<Reading> sent = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Reading reading = readings.next();
            acks.add(send(reading));
            sent.add(reading);
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a reading was not acknowledged", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return sent;
    }

    /** Sends a value that is not a reading (not JSON) for the room, as a broken sensor gateway might. */
    public void producePoison(String room) {
        awaitServed();
        producer.send(new ProducerRecord<>(topic, room, "{\"room\":\"" + room + "\",\"value\":"));
        producer.flush();
    }

    /** Produces in the background at this many readings per second until {@link #close()}. */
    public synchronized void start(double perSecond) {
        if (pacer != null || perSecond <= 0) {
            return;
        }
        awaitServed();
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        pacer = Thread.ofPlatform().daemon().name("ems-producer").start(() -> {
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                while (next <= now) {
                    send(readings.next());
                    next += interval;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000, next - System.nanoTime()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        log.info("EMS producing {} readings/s to {} at {}", perSecond, topic, bootstrap);
    }

    /** One line: readings produced, excursions among them, failed sends. */
    public String summary() {
        return "EMS readings to " + topic + ": " + produced.get() + " produced, " + excursions.get() + " excursions, "
                + failed.get() + " failed";
    }

    public long produced() {
        return produced.get();
    }

    @Override
    public synchronized void close() {
        if (pacer != null) {
            pacer.interrupt();
            pacer = null;
        }
        producer.close(Duration.ofSeconds(5));
        log.info(summary());
    }

    private Future<RecordMetadata> send(Reading reading) {
        String value = json.writeValueAsString(reading.message());
        return producer.send(new ProducerRecord<>(topic, reading.room().room(), value), (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
            } else {
                produced.incrementAndGet();
                if (reading.excursion()) {
                    excursions.incrementAndGet();
                }
            }
        });
    }
}
