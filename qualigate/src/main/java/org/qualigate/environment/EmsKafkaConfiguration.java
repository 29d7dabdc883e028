package org.qualigate.environment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka consumer of the EMS readings, only when {@code qualigate.ems.kafka.bootstrap-servers} is set: a batch
 * listener container, one consumer thread per share of the partitions, each batch applied in one database
 * transaction and its offsets committed to Kafka after it. A batch the database refused (it is down) is tried again
 * every second, never skipped; a record that is not a reading never throws, so it never holds up its partition.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${qualigate.ems.kafka.bootstrap-servers:}'.isBlank()")
class EmsKafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmsKafkaConfiguration.class);

    @Bean
    ConcurrentMessageListenerContainer<String, String> emsReadingsContainer(
            EmsSettings settings, ReadingIntake intake) {
        EmsSettings.Kafka kafka = settings.kafka();
        // the cluster's own settings (TLS, SASL) first; what this consumer relies on is set after them
        Map<String, Object> config = new HashMap<>(kafka.properties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "qualigate-ems");
        // a group without committed offsets starts at the oldest retained reading: the stored offsets skip what
        // was applied before, so nothing retained is missed and nothing is applied twice
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, kafka.maxPollRecords());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        ContainerProperties properties = new ContainerProperties(kafka.topic());
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setMessageListener((BatchMessageListener<String, String>) records -> {
            List<DeliveredRecord> delivered = new ArrayList<>(records.size());
            for (ConsumerRecord<String, String> r : records) {
                delivered.add(new DeliveredRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
            }
            ReadingIntake.Summary s = intake.apply(delivered);
            log.debug("EMS batch: {}", s);
        });
        ConcurrentMessageListenerContainer<String, String> container =
                new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), properties);
        container.setConcurrency(kafka.concurrency());
        container.setCommonErrorHandler(
                new DefaultErrorHandler(new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS)));
        log.info(
                "EMS readings consumed from {} at {} as group {}",
                kafka.topic(),
                kafka.bootstrapServers(),
                kafka.groupId());
        return container;
    }
}
