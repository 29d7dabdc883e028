package org.qualigate.calibration;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.connector.EquipmentCalibrations.System;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the comparison and the corrections when both a maintenance system ({@code
 * qualigate.calibration.maximo.base-url}) and the QMS ({@code qualigate.qms.base-url}) are configured; without
 * either the conflict queue stays readable and empty, and the page says the comparison is off. The two systems'
 * records come through the {@link EquipmentCalibrations} port; their adapters are built in {@code connector}.
 */
@Configuration
@EnableConfigurationProperties(CalibrationSettings.class)
class CalibrationConfiguration {

    static final String CONFIGURED =
            "!'${qualigate.calibration.maximo.base-url:}'.isBlank() and !'${qualigate.qms.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(CONFIGURED)
    CalibrationComparison calibrationComparison(
            List<EquipmentCalibrations> systems,
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock) {
        return new CalibrationComparison(
                of(systems, System.MAINTENANCE), of(systems, System.QMS), jdbc, audit, tx, clock);
    }

    @Bean
    @ConditionalOnExpression(CONFIGURED)
    CalibrationCorrections calibrationCorrections(
            List<EquipmentCalibrations> systems,
            CalibrationSettings settings,
            CalibrationConflicts conflicts,
            PlantDefinition plant,
            JdbcClient jdbc,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock) {
        return new CalibrationCorrections(
                of(systems, System.MAINTENANCE),
                of(systems, System.QMS),
                conflicts,
                jdbc,
                audit,
                tx,
                site -> plant.current().site(site).map(Site::zone).orElse(ZoneOffset.UTC),
                settings,
                clock);
    }

    /** The record {@code system} keeps, through the port its adapter is wired behind in {@code connector}. */
    private static EquipmentCalibrations of(List<EquipmentCalibrations> systems, System system) {
        return systems.stream()
                .filter(s -> s.system() == system)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + system + " equipment calibrations are wired"));
    }

    /**
     * Compares on a thread of its own every {@code compare-interval} and applies due corrections every {@code
     * poll-interval}; does nothing when the comparison is off.
     */
    @Component
    static class CalibrationSchedule implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(CalibrationSchedule.class);
        private final ObjectProvider<CalibrationComparison> comparison;
        private final ObjectProvider<CalibrationCorrections> corrections;
        private final CalibrationSettings settings;
        private @Nullable ScheduledExecutorService executor;

        CalibrationSchedule(
                ObjectProvider<CalibrationComparison> comparison,
                ObjectProvider<CalibrationCorrections> corrections,
                CalibrationSettings settings) {
            this.comparison = comparison;
            this.corrections = corrections;
            this.settings = settings;
        }

        @Override
        public synchronized void start() {
            CalibrationComparison c = comparison.getIfAvailable();
            CalibrationCorrections k = corrections.getIfAvailable();
            if (c == null || k == null || executor != null) {
                return;
            }
            executor = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "calibration");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(
                    () -> compare(c),
                    settings.initialDelay().toMillis(),
                    settings.compareInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(
                    () -> correct(k),
                    settings.initialDelay().toMillis(),
                    settings.pollInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdownNow();
                try {
                    // a comparison or a correction in flight finishes its transaction before the database stops
                    executor.awaitTermination(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }

        private static void compare(CalibrationComparison c) {
            try {
                c.compare("SCHEDULE", CalibrationComparison.ACTOR);
            } catch (RuntimeException e) {
                log.error("calibration comparison failed", e);
            }
        }

        private static void correct(CalibrationCorrections k) {
            try {
                for (int rounds = 0; rounds < 20 && k.applyDue() > 0; rounds++) {
                    // keep going while corrections are due, a bounded number of rounds per tick
                }
            } catch (RuntimeException e) {
                log.error("calibration corrections failed", e);
            }
        }
    }
}
