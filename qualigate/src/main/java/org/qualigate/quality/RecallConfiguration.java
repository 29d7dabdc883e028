package org.qualigate.quality;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.RegulatoryReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires recall orchestration when both the ERP and the regulatory reporting store are configured ({@code
 * qualigate.quality.erp.base-url}, {@code qualigate.quality.regulatory.base-url}; the store's adapter is wired on the connector side): the
 * saga, worked on a thread of its own ({@code quality-recall}). Without them recalls are stored and shown, not acted
 * on.
 */
@Configuration
class RecallConfiguration {

    static final String RECALLS_CONFIGURED =
            QualityConfiguration.ERP_CONFIGURED + " and !'${qualigate.quality.regulatory.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(RECALLS_CONFIGURED)
    RecallSaga recallSaga(
            BatchStock qualityErp,
            RegulatoryReports regulatoryStore,
            Recalls recalls,
            BatchWork work,
            BatchDecisions decisions,
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            QualitySettings settings,
            Clock clock) {
        return new RecallSaga(qualityErp, regulatoryStore, recalls, work, decisions, jdbc, audit, tx, settings, clock);
    }

    /** Runs the saga every {@code qualigate.quality.poll-interval} while there is due work; nothing when it is off. */
    @Component
    static class RecallSchedule implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(RecallSchedule.class);
        private final ObjectProvider<RecallSaga> saga;
        private final Duration initialDelay;
        private final Duration pollInterval;
        private @Nullable ScheduledExecutorService executor;

        RecallSchedule(
                ObjectProvider<RecallSaga> saga,
                @Value("${qualigate.quality.initial-delay:PT2S}") Duration initialDelay,
                @Value("${qualigate.quality.poll-interval:PT1S}") Duration pollInterval) {
            this.saga = saga;
            this.initialDelay = initialDelay;
            this.pollInterval = pollInterval;
        }

        @Override
        public synchronized void start() {
            RecallSaga s = saga.getIfAvailable();
            if (s == null || executor != null) {
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "quality-recall");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(
                    () -> work(s), initialDelay.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
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

        private static void work(RecallSaga s) {
            try {
                for (int rounds = 0; rounds < 100 && s.workDue() > 0; rounds++) {
                    // keep going while there is due work, a bounded number of rounds per tick
                }
            } catch (RuntimeException e) {
                log.error("recall saga failed", e);
            }
        }
    }
}
