package org.qualigate.bench.faults;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.ems.CleanroomReadings;
import org.qualigate.sandbox.ems.EmsProducer;
import org.qualigate.sandbox.ems.Reading;
import org.qualigate.sandbox.ems.Room;
import org.qualigate.sandbox.quality.DemoQuality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite's Kafka part: one embedded KRaft broker in the suite's JVM, the EMS topic keyed by room, readings
 * (a share of them excursions) and one poison record per room produced in a burst while the service runs, and the
 * service killed with {@code kill -9} once it has stored some of them and not all. Judged after the suite has healed, from what the
 * service stored against what was produced: every reading counted once in its room's sums, every reading beyond a
 * limit counted once in an excursion episode, one audited NC draft per episode, every poison record kept once.
 */
final class KafkaUnderKill implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaUnderKill.class);

    static final String TOPIC = "ems.readings";
    private static final int PARTITIONS = 3;

    /**
     * What the service stored against what was produced.
     *
     * @param perRoom each room's readings produced and summed by the service, where they differ
     */
    record Check(
            long produced,
            long summed,
            long beyondProduced,
            long beyondCounted,
            long episodes,
            long drafts,
            long draftsAudited,
            long poisonProduced,
            long poisonKept,
            List<String> perRoom) {

        /** The rows of the report's Kafka table. */
        String markdown() {
            StringBuilder b = new StringBuilder(
                    "| EMS readings from Kafka under `kill -9` mid-consumption | produced | stored by the service |\n"
                            + "| --- | ---: | ---: |\n");
            b.append("| readings (summed per room and minute) | ")
                    .append(produced)
                    .append(" | ")
                    .append(summed)
                    .append(" |\n");
            b.append("| readings beyond a limit (counted in excursion episodes) | ")
                    .append(beyondProduced)
                    .append(" | ")
                    .append(beyondCounted)
                    .append(" |\n");
            b.append("| poison records (kept for review) | ")
                    .append(poisonProduced)
                    .append(" | ")
                    .append(poisonKept)
                    .append(" |\n");
            b.append("| excursion episodes / NC drafts / drafts audited | | ")
                    .append(episodes)
                    .append(" / ")
                    .append(drafts)
                    .append(" / ")
                    .append(draftsAudited)
                    .append(" |\n");
            perRoom.forEach(r -> b.append("| finding: ").append(r).append(" | | |\n"));
            return b.toString();
        }

        boolean clean() {
            return summed == produced
                    && beyondCounted == beyondProduced
                    && draftsAudited == drafts
                    && poisonKept == poisonProduced
                    && perRoom.isEmpty();
        }
    }

    private final EmbeddedKafkaKraftBroker broker;
    private final EmsProducer producer;
    private final List<Room> rooms;
    /** Readings sent at once: a burst the consumer needs a moment to catch up with. */
    private static final int CHUNK = 2000;

    private final Map<String, Long> perRoom = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong beyond = new AtomicLong();
    private final AtomicLong poison = new AtomicLong();
    private volatile @Nullable Thread producing;

    private KafkaUnderKill(EmbeddedKafkaKraftBroker broker, EmsProducer producer, List<Room> rooms) {
        this.broker = broker;
        this.producer = producer;
        this.rooms = rooms;
    }

    /** Starts the broker with the topic, partitioned for the demo plant's rooms. */
    static KafkaUnderKill start(long seed) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC);
        broker.brokerProperty("group.initial.rebalance.delay.ms", 0);
        broker.afterPropertiesSet();
        List<Room> rooms = DemoQuality.load().rooms();
        CleanroomReadings readings = new CleanroomReadings(rooms, Clock.systemUTC(), new Random(seed), 0.01);
        EmsProducer producer = new EmsProducer(
                broker.getBrokersAsString(),
                TOPIC,
                readings,
                JsonMapper.builder().build());
        return new KafkaUnderKill(broker, producer, rooms);
    }

    /**
     * The service's consumer on this broker. A killed consumer leaves the group only when its session times out;
     * six seconds (the broker's least) rather than 45 lets the restarted one take its partitions soon.
     */
    List<String> serviceArguments() {
        return List.of(
                "--qualigate.ems.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--qualigate.ems.kafka.topic=" + TOPIC,
                "--qualigate.ems.kafka.properties.[session.timeout.ms]=6000",
                "--qualigate.ems.kafka.properties.[heartbeat.interval.ms]=2000");
    }

    /**
     * Starts producing {@code count} readings in the background, a few thousand at a time, with one poison record per
     * room halfway: the producer is far quicker than the consumer, which stores at most one poll of readings per
     * transaction, so the consumer is behind for as long as the burst takes it to work off.
     */
    void startProducing(int count) {
        Thread running = Thread.ofPlatform().name("ems-readings").start(() -> {
            for (int sent = 0; sent < count; sent += CHUNK) {
                if (sent == count / 2 / CHUNK * CHUNK) {
                    for (Room room : rooms) {
                        producer.producePoison(room.room());
                        poison.incrementAndGet();
                    }
                }
                producer.produce(Math.min(CHUNK, count - sent)).forEach(this::tally);
            }
        });
        producing = running;
    }

    /** Whether readings of the round are still being produced. */
    boolean producing() {
        Thread running = producing;
        return running != null && running.isAlive();
    }

    /** Waits until every record of the round is produced; the round's records in all (those beyond {@code producedBefore}). */
    long finishProducing(long producedBefore) throws InterruptedException {
        Thread running = producing;
        if (running != null) {
            running.join(Patience.SETTLING);
        }
        return records() - producedBefore;
    }

    /** Records in the topic: readings and poison records. */
    long records() {
        return produced.get() + poison.get();
    }

    /** Records the service has consumed and stored the effects of: the sum of its stored next offsets. */
    static long consumed(SystemUnderTest sut) {
        return sut.count("SELECT coalesce(sum(next_offset), 0) FROM ems_partition_offset");
    }

    /**
     * Whether the consumer is mid-way: it has stored the effects of records beyond {@code from} and has not caught up
     * with the records produced so far (counted once the broker acknowledged them).
     */
    boolean consumingSince(SystemUnderTest sut, long from) {
        long consumed = consumed(sut);
        return consumed > from && consumed < records();
    }

    /** Waits until the service has consumed every record produced. */
    boolean awaitConsumed(SystemUnderTest sut, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumed(sut) < records() && System.nanoTime() - deadline < 0) {
            Thread.sleep(250);
        }
        return consumed(sut) == records();
    }

    Check check(SystemUnderTest sut) {
        List<String> differences = new ArrayList<>();
        long summed = 0;
        for (var e : perRoom.entrySet()) {
            long stored = sut.count(
                    "SELECT coalesce(sum(readings), 0) FROM ems_reading_minute WHERE room = '" + e.getKey() + "'");
            summed += stored;
            if (stored != e.getValue()) {
                differences.add(e.getKey() + ": " + e.getValue() + " produced, " + stored + " summed");
            }
        }
        Check c = new Check(
                produced.get(),
                summed,
                beyond.get(),
                sut.count("SELECT coalesce(sum(readings_beyond), 0) FROM ems_excursion"),
                sut.count("SELECT count(*) FROM ems_excursion"),
                sut.count("SELECT count(*) FROM ems_excursion WHERE draft_at IS NOT NULL"),
                sut.count("SELECT count(*) FROM audit_event WHERE action = 'ems.excursion.drafted'"),
                poison.get(),
                sut.count("SELECT count(*) FROM ems_unreadable"),
                differences);
        log.info("Kafka under kill: {}", c);
        return c;
    }

    private void tally(Reading r) {
        produced.incrementAndGet();
        perRoom.merge(r.room().room(), 1L, Long::sum);
        if (r.excursion()) {
            beyond.incrementAndGet();
        }
    }

    @Override
    public void close() {
        Thread running = producing;
        if (running != null) {
            running.interrupt();
        }
        producer.close();
        broker.destroy();
    }
}
