package org.qualigate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.qualigate.sandbox.ems.CleanroomReadings;
import org.qualigate.sandbox.ems.EmsProducer;
import org.qualigate.sandbox.quality.DemoQuality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * EMS readings consumed per second on one instance: one embedded KRaft broker in this JVM, the topic filled
 * beforehand by the sandbox's EMS producer (the demo plant's five rooms, keyed by room), then read to its end by a
 * plain consumer that only counts, then by the service (a child process on a durable PostgreSQL) with its consumer
 * as configured by default — validated, judged, summed, excursions kept, offsets stored per batch. The service's
 * progress is read from its stored offsets every 100 ms; its rate is over the span from the first progress seen to
 * the last record. Prints a Markdown section and appends it to the report.
 */
public final class EmsBenchmark {

    private static final Logger log = LoggerFactory.getLogger(EmsBenchmark.class);
    private static final String APP_ROLE = "qualigate_app";
    private static final String TOPIC = "ems.readings";

    private record Settings(int readings, int partitions, double excursionShare, ServiceRun run) {

        static Settings from(Properties p) {
            boolean quick = ServiceRun.quick(p);
            return new Settings(
                    Integer.parseInt(p.getProperty("bench.readings", quick ? "50000" : "300000")),
                    Integer.parseInt(p.getProperty("bench.partitions", "3")),
                    Double.parseDouble(p.getProperty("bench.excursionShare", "0.001")),
                    ServiceRun.from(p, 600, "run-ems", "run-ems"));
        }
    }

    /** Readings read and the seconds it took. */
    record Rate(long readings, double seconds) {
        double perSecond() {
            return seconds <= 0 ? 0 : readings / seconds;
        }
    }

    private EmsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(System.getProperties());
        settings.run().publish(run(settings, Clock.systemUTC()));
        System.exit(0);
    }

    private static String run(Settings settings, Clock clock) throws Exception {
        Instant startedAt = clock.instant();
        long began = System.nanoTime();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, settings.partitions(), TOPIC);
        broker.brokerProperty("group.initial.rebalance.delay.ms", 0);
        broker.afterPropertiesSet();
        try (EmbeddedPostgres postgres = BenchSupport.postgres(true, 100, APP_ROLE)) {
            DataSource database = postgres.getPostgresDatabase();
            MachineFacts machine = MachineFacts.read(database);
            String brokers = broker.getBrokersAsString();
            CleanroomReadings readings =
                    new CleanroomReadings(DemoQuality.load().rooms(), clock, new Random(7), settings.excursionShare());
            try (EmsProducer producer = new EmsProducer(
                    brokers, TOPIC, readings, JsonMapper.builder().build())) {
                for (int sent = 0; sent < settings.readings(); sent += 10_000) {
                    producer.produce(Math.min(10_000, settings.readings() - sent));
                }
                log.info(producer.summary());
            }
            Rate plain = plainCount(brokers, settings);
            log.info("plain consumer: {} readings in {} s", plain.readings(), plain.seconds());
            List<String> arguments = new ArrayList<>(BenchSupport.databaseArguments(postgres.getPort(), APP_ROLE));
            arguments.add("--qualigate.ems.kafka.bootstrap-servers=" + brokers);
            Rate service;
            String outcome;
            try (ServiceProcess process = settings.run().start(arguments)) {
                service = serviceCount(database, settings);
                process.requireAlive();
                outcome = outcome(database);
            }
            return markdown(
                    settings, machine, startedAt, Duration.ofNanos(System.nanoTime() - began), plain, service, outcome);
        } finally {
            broker.destroy();
        }
    }

    /** A consumer of its own group that polls the topic from its start and only counts, until it has all. */
    private static Rate plainCount(String brokers, Settings settings) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-count");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        long count = 0;
        long first = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + settings.run().timeout().toNanos();
            while (count < settings.readings() && System.nanoTime() < deadline) {
                int n = consumer.poll(Duration.ofMillis(100)).count();
                if (n > 0 && first == 0) {
                    first = System.nanoTime();
                }
                count += n;
                consumer.commitAsync();
            }
        }
        return new Rate(count, (System.nanoTime() - first) / 1e9);
    }

    /** The service's progress from its stored offsets, from the first progress seen until every record is read. */
    private static Rate serviceCount(DataSource database, Settings settings) throws Exception {
        long deadline = System.nanoTime() + settings.run().timeout().toNanos();
        long first = 0;
        long atFirst = 0;
        long read = 0;
        while (read < settings.readings() && System.nanoTime() < deadline) {
            read = scalar(database, "SELECT coalesce(sum(next_offset), 0) FROM ems_partition_offset");
            if (read > 0 && first == 0) {
                first = System.nanoTime();
                atFirst = read;
            }
            Thread.sleep(100);
        }
        return new Rate(read - atFirst, (System.nanoTime() - first) / 1e9);
    }

    private static String outcome(DataSource database) throws Exception {
        return scalar(database, "SELECT coalesce(sum(readings), 0) FROM ems_reading_minute") + " readings summed in "
                + scalar(database, "SELECT count(*) FROM ems_reading_minute") + " room-parameter-minute rows, "
                + scalar(database, "SELECT count(*) FROM ems_excursion") + " excursion episodes ("
                + scalar(database, "SELECT count(*) FROM ems_excursion WHERE draft_at IS NOT NULL") + " NC drafts), "
                + scalar(database, "SELECT count(*) FROM ems_unreadable") + " records kept for review";
    }

    private static long scalar(DataSource database, String sql) throws Exception {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String markdown(
            Settings s,
            MachineFacts machine,
            Instant startedAt,
            Duration took,
            Rate plain,
            Rate service,
            String outcome) {
        StringBuilder md = s.run().section("EMS readings consumed from Kafka", startedAt, took, machine);
        md.append("- Load: ")
                .append(s.readings())
                .append(" readings of the demo plant's five rooms (share of excursions ")
                .append(s.excursionShare())
                .append(") produced beforehand by the sandbox's EMS producer to one embedded KRaft broker in the")
                .append(" benchmark's JVM, ")
                .append(s.partitions())
                .append(" partitions, keyed by room; the service's consumer as configured by default (3 threads, 500")
                .append(" records a poll, one transaction a batch); service heap ")
                .append(s.run().serviceHeap())
                .append("\n\n");
        md.append("| consumer | readings | seconds | readings/s |\n| --- | ---: | ---: | ---: |\n");
        md.append(String.format(
                Locale.ROOT,
                "| plain consumer that only counts | %d | %.1f | %.0f |%n",
                plain.readings(),
                plain.seconds(),
                plain.perSecond()));
        md.append(String.format(
                Locale.ROOT,
                "| Qualigate's consumer (validated, judged, summed, offsets stored) | %d | %.1f | %.0f |%n%n",
                service.readings(),
                service.seconds(),
                service.perSecond()));
        md.append("What the service stored: ").append(outcome).append('\n');
        return md.toString();
    }
}
