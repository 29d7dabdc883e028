package org.qualigate.bench;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Plain inserts and webhook intake measured at one concurrency, with where the CPU went in each.
 *
 * @param plainSessions PostgreSQL sessions active and waiting on locks during the plain-insert phase
 * @param intakeSessions the same during the intake phase
 * @param intakeBacklog the service's delivery work items left when the intake phase ended
 */
public record ConcurrencyFigures(
        Throughput plain,
        Throughput intake,
        Optional<CpuUsage> plainCpu,
        Optional<CpuUsage> intakeCpu,
        Optional<LockWaits.Means> plainSessions,
        Optional<LockWaits.Means> intakeSessions,
        OptionalLong intakeBacklog) {

    public ConcurrencyFigures {
        Objects.requireNonNull(plain, "plain");
        Objects.requireNonNull(intake, "intake");
        if (plain.clients() != intake.clients()) {
            throw new IllegalArgumentException("plain and intake were measured at different concurrencies");
        }
    }

    public int clients() {
        return plain.clients();
    }

    /** Webhooks accepted per second as a share of plain inserts per second. */
    public double intakeRatio() {
        return intake.ratioTo(plain);
    }
}
