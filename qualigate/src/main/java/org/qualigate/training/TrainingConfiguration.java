package org.qualigate.training;

import java.time.Clock;
import java.util.HashSet;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.faults.CrashPoints;
import org.qualigate.jobs.ClusterJobs;
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
     * default; {@code -} turns it off), on one instance of the cluster ({@link ClusterJobs}, its interval the cron's
     * own). The slot is the UTC day, and a site's run is keyed by it, so each site runs once per day whatever runs.
     */
    @Component
    static class ReconciliationSchedule {

        private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);
        static final String NAME = "qms-reconciliation-nightly";
        private final TrainingReconciliation reconciliation;
        private final PlantDefinition plant;
        private final Clock clock;
        private final ClusterJobs jobs;
        private final String cron;

        ReconciliationSchedule(
                TrainingReconciliation reconciliation,
                PlantDefinition plant,
                Clock clock,
                ClusterJobs jobs,
                @org.springframework.beans.factory.annotation.Value(
                                "${qualigate.training.reconciliation-cron:0 30 2 * * *}")
                        String cron) {
            this.reconciliation = reconciliation;
            this.plant = plant;
            this.clock = clock;
            this.jobs = jobs;
            this.cron = cron;
        }

        /** Runs an earlier life of the service left unfinished are closed once it is up. */
        @org.springframework.context.event.EventListener(
                org.springframework.boot.context.event.ApplicationReadyEvent.class)
        void closeInterrupted() {
            reconciliation.closeInterrupted();
        }

        @Scheduled(cron = "${qualigate.training.reconciliation-cron:0 30 2 * * *}", zone = "UTC")
        void nightly() {
            jobs.runIfDue(NAME, interval(cron, clock.instant()), () -> {
                runEverySite();
                return true;
            });
        }

        /** The time between two runs of the cron, from the next one: a job finished within 90 % of it is not due. */
        static java.time.Duration interval(String cron, java.time.Instant at) {
            java.time.ZonedDateTime now = at.atZone(java.time.ZoneOffset.UTC);
            org.springframework.scheduling.support.CronExpression expression =
                    org.springframework.scheduling.support.CronExpression.parse(cron);
            java.time.ZonedDateTime next = expression.next(now);
            java.time.ZonedDateTime after = next == null ? null : expression.next(next);
            return next == null || after == null
                    ? java.time.Duration.ofDays(1)
                    : java.time.Duration.between(next, after);
        }

        private void runEverySite() {
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
