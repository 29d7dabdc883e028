package org.qualigate.training;

import java.time.Clock;
import java.util.HashSet;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.faults.CrashPoints;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the sync with the QMS (when {@code qualigate.qms.base-url} is set), through its port {@link TrainingTarget}
 * (the adapter itself is wired with the other adapters, in the configuration module).
 */
@Configuration
@EnableConfigurationProperties(TrainingSyncSettings.class)
class TrainingConfiguration {

    static final String QMS_CONFIGURED = "!'${qualigate.qms.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(QMS_CONFIGURED)
    TrainingSync trainingSync(
            TrainingTarget qms,
            TrainingQueue queue,
            TrainingReviews reviews,
            Persons persons,
            Qualifications qualifications,
            PlantDefinition plant,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            TrainingSyncSettings settings,
            TrainingModes modes,
            TrainingConflicts conflicts,
            TrainingObservations observations,
            TrainingWriteIntents intents,
            CrashPoints crash) {
        return new TrainingSync(
                qms,
                new TrainingSyncParts(
                        new HashSet<>(qms.ownedDataSources()),
                        qms.ownDataSource(),
                        queue,
                        reviews,
                        persons,
                        qualifications,
                        plant,
                        audit,
                        tx,
                        clock,
                        settings,
                        modes,
                        conflicts,
                        observations,
                        intents),
                crash);
    }

    /** Works the sync's queue on a fixed delay; does nothing without a QMS. */
    @Component
    static class TrainingSyncSchedule {

        private static final Logger log = LoggerFactory.getLogger(TrainingSyncSchedule.class);
        private final ObjectProvider<TrainingSync> sync;

        TrainingSyncSchedule(ObjectProvider<TrainingSync> sync) {
            this.sync = sync;
        }

        @Scheduled(
                initialDelayString = "${qualigate.training.initial-delay:PT2S}",
                fixedDelayString = "${qualigate.training.poll-interval:PT1S}")
        void poll() {
            TrainingSync s = sync.getIfAvailable();
            if (s == null) {
                return;
            }
            try {
                while (s.workDue() > 0) {
                    // keep going while there is due work
                }
            } catch (RuntimeException e) {
                log.error("QMS sync poll failed", e);
            }
        }
    }

    /**
     * Reconciles every site of the plant on a schedule ({@code qualigate.training.reconciliation-cron}, nightly by
     * default; {@code -} turns it off). The slot is the UTC day, so with several instances each site runs once.
     */
    @Component
    static class ReconciliationSchedule {

        private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);
        private final TrainingReconciliation reconciliation;
        private final PlantDefinition plant;
        private final Clock clock;

        ReconciliationSchedule(TrainingReconciliation reconciliation, PlantDefinition plant, Clock clock) {
            this.reconciliation = reconciliation;
            this.plant = plant;
            this.clock = clock;
        }

        /** Runs an earlier life of the service left unfinished are closed once it is up. */
        @org.springframework.context.event.EventListener(
                org.springframework.boot.context.event.ApplicationReadyEvent.class)
        void closeInterrupted() {
            reconciliation.closeInterrupted();
        }

        @Scheduled(cron = "${qualigate.training.reconciliation-cron:0 30 2 * * *}", zone = "UTC")
        void nightly() {
            reconciliation.closeInterrupted();
            String slot = clock.instant()
                    .atZone(java.time.ZoneOffset.UTC)
                    .toLocalDate()
                    .toString();
            for (String site : new java.util.TreeSet<>(plant.current().sites().keySet())) {
                try {
                    reconciliation.runScheduled(site, slot);
                } catch (RuntimeException e) {
                    log.error("scheduled reconciliation of {} failed", site, e);
                }
            }
        }
    }
}
