package org.qualigate.quality;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.CapaRecords;
import org.qualigate.connector.NonconformanceSource;
import org.qualigate.connector.TaskTool;
import org.qualigate.faults.CrashPoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the quality module when an ERP is configured ({@code qualigate.quality.erp.base-url}): the worker that blocks
 * and releases batches, and — when the QMS is configured too — the pull of non-conformances, CAPAs and recalls. The ERP, QMS and task
 * tool come through their ports ({@link BatchStock}, {@link NonconformanceSource}, {@link CapaRecords}, {@link
 * TaskTool}), wired by their adapters in {@code connector} under the same conditions. Without an ERP nothing is
 * received, pulled or posted, and the pages say the module is off.
 */
@Configuration
@EnableConfigurationProperties(QualitySettings.class)
class QualityConfiguration {

    static final String ERP_CONFIGURED = "!'${qualigate.quality.erp.base-url:}'.isBlank()";
    static final String ERP_AND_QMS_CONFIGURED = ERP_CONFIGURED + " and !'${qualigate.qms.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(ERP_CONFIGURED)
    ErpBlocking erpBlocking(
            BatchStock qualityErp,
            BatchDecisions decisions,
            BatchWork work,
            MovementIntents intents,
            QualitySla sla,
            AuditTrail audit,
            QualityOutbox outbox,
            TransactionTemplate tx,
            QualitySettings settings,
            CrashPoints crash,
            Clock clock) {
        return new ErpBlocking(qualityErp, decisions, work, intents, sla, audit, outbox, tx, settings, crash, clock);
    }

    @Bean
    @ConditionalOnExpression(ERP_AND_QMS_CONFIGURED)
    NonconformancePull nonconformancePull(
            NonconformanceSource qmsNonconformances,
            Nonconformances ncs,
            JdbcClient jdbc,
            QualitySettings settings,
            Clock clock) {
        return new NonconformancePull(qmsNonconformances, ncs, jdbc, settings, clock);
    }

    @Bean
    @ConditionalOnExpression(ERP_AND_QMS_CONFIGURED)
    QualityRecordPull qualityRecordPull(
            org.qualigate.connector.QualityRecordSource qmsQualityRecords,
            PulledRecords received,
            JdbcClient jdbc,
            QualitySettings settings,
            Clock clock) {
        return new QualityRecordPull(qmsQualityRecords, received, jdbc, settings, clock);
    }

    static final String CAPA_CONFIGURED =
            ERP_AND_QMS_CONFIGURED + " and !'${qualigate.quality.jira.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(CAPA_CONFIGURED)
    CapaEscalations capaEscalations(
            CapaRecords qmsCapas,
            TaskTool capaTasks,
            Capas capas,
            org.qualigate.access.PlantDefinition plant,
            JdbcClient jdbc,
            AuditTrail audit,
            QualityOutbox outbox,
            TransactionTemplate tx,
            QualitySettings settings,
            org.qualigate.settings.InterfacePauses pauses,
            Clock clock) {
        return new CapaEscalations(qmsCapas, capaTasks, capas, plant, jdbc, audit, outbox, tx, settings, pauses, clock);
    }

    /** Outcomes sent to the subscriber, when one is configured ({@code qualigate.cloudevents.sink-url}). */
    static final String SUBSCRIBER_CONFIGURED = "!'${qualigate.cloudevents.sink-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(SUBSCRIBER_CONFIGURED)
    OutboundDelivery outboundDelivery(
            org.qualigate.connector.OutboundEvents subscriber,
            QualityOutbox outbox,
            AuditTrail audit,
            TransactionTemplate tx,
            QualitySettings settings,
            Clock clock) {
        return new OutboundDelivery(subscriber, outbox, audit, tx, settings, clock);
    }

    /**
     * Works due batches and pulls on threads of their own ({@code quality-worker}, {@code quality-pull}), not on the
     * application's scheduler: fixed-delay jobs share that scheduler's one thread, and a long run of another job
     * (the QMS training sync working off a backlog) would hold a non-conformance's block back for as long. Does
     * nothing when the module is off.
     */
    @Component
    static class QualitySchedule implements org.springframework.context.SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(QualitySchedule.class);
        private final ObjectProvider<ErpBlocking> blocking;
        private final ObjectProvider<NonconformancePull> pull;
        private final ObjectProvider<QualityRecordPull> recordPull;
        private final ObjectProvider<CapaEscalations> escalations;
        private final ObjectProvider<RecallSaga> recalls;
        private final ObjectProvider<OutboundDelivery> outbound;
        private final java.time.Duration initialDelay;
        private final java.time.Duration pollInterval;
        private final java.time.Duration pullInitialDelay;
        private final java.time.Duration pullInterval;
        private java.util.concurrent.@org.jspecify.annotations.Nullable ScheduledExecutorService executor;

        QualitySchedule(
                ObjectProvider<ErpBlocking> blocking,
                ObjectProvider<NonconformancePull> pull,
                ObjectProvider<QualityRecordPull> recordPull,
                ObjectProvider<CapaEscalations> escalations,
                ObjectProvider<RecallSaga> recalls,
                ObjectProvider<OutboundDelivery> outbound,
                @org.springframework.beans.factory.annotation.Value("${qualigate.quality.initial-delay:PT2S}")
                        java.time.Duration initialDelay,
                @org.springframework.beans.factory.annotation.Value("${qualigate.quality.poll-interval:PT1S}")
                        java.time.Duration pollInterval,
                @org.springframework.beans.factory.annotation.Value("${qualigate.quality.pull.initial-delay:PT5S}")
                        java.time.Duration pullInitialDelay,
                @org.springframework.beans.factory.annotation.Value("${qualigate.quality.pull.interval:PT1M}")
                        java.time.Duration pullInterval) {
            this.blocking = blocking;
            this.pull = pull;
            this.recordPull = recordPull;
            this.escalations = escalations;
            this.recalls = recalls;
            this.outbound = outbound;
            this.initialDelay = initialDelay;
            this.pollInterval = pollInterval;
            this.pullInitialDelay = pullInitialDelay;
            this.pullInterval = pullInterval;
        }

        @Override
        public synchronized void start() {
            ErpBlocking b = blocking.getIfAvailable();
            NonconformancePull p = pull.getIfAvailable();
            if (b == null || executor != null) {
                return;
            }
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            executor = java.util.concurrent.Executors.newScheduledThreadPool(4, r -> {
                Thread t = new Thread(r, "quality-" + n.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(
                    () -> drain(b::workDue, "quality ERP work"),
                    initialDelay.toMillis(),
                    pollInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (p != null) {
                executor.scheduleWithFixedDelay(
                        () -> pull(p), pullInitialDelay.toMillis(), pullInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
            QualityRecordPull records = recordPull.getIfAvailable();
            if (records != null) {
                executor.scheduleWithFixedDelay(
                        () -> drain(
                                () -> {
                                    records.pullAll();
                                    return 0;
                                },
                                "pull of CAPAs and recalls"),
                        pullInitialDelay.toMillis(),
                        pullInterval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            CapaEscalations e = escalations.getIfAvailable();
            if (e != null) {
                executor.scheduleWithFixedDelay(
                        () -> drain(e::workDue, "CAPA escalation"),
                        initialDelay.toMillis(),
                        pollInterval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            RecallSaga r = recalls.getIfAvailable();
            if (r != null) {
                executor.scheduleWithFixedDelay(
                        () -> drain(r::workDue, "recall saga"),
                        initialDelay.toMillis(),
                        pollInterval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            OutboundDelivery o = outbound.getIfAvailable();
            if (o != null) {
                executor.scheduleWithFixedDelay(
                        () -> drain(o::workDue, "outbound events"),
                        initialDelay.toMillis(),
                        pollInterval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }

        /** Works while there is due work, a bounded number of rounds per tick; a failure waits for the next tick. */
        private static void drain(java.util.function.IntSupplier workDue, String what) {
            try {
                for (int rounds = 0; rounds < 100 && workDue.getAsInt() > 0; rounds++) {
                    // each round works one claim of due items
                }
            } catch (RuntimeException e) {
                log.error("{} failed", what, e);
            }
        }

        private static void pull(NonconformancePull p) {
            try {
                p.pull();
            } catch (RuntimeException e) {
                log.warn("pull of non-conformances failed: {}", e.getMessage());
            }
        }
    }
}
