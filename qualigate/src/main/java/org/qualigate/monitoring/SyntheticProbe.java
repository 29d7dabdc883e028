package org.qualigate.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.delivery.AccessTargets;
import org.qualigate.intake.IntakeResult;
import org.qualigate.intake.IntakeService;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A synthetic transaction through the real path: for a dedicated probe person it completes (or revokes) the
 * probe certification through intake, then reads the target until the probe role has appeared (or gone).
 * The time that takes is the probe's latency ({@code qualigate.probe.latency}); a probe that does not see the
 * change within its timeout has failed, and delivery counts as degraded until a probe succeeds.
 */
@Component
class SyntheticProbe {

    private static final Logger log = LoggerFactory.getLogger(SyntheticProbe.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration READ_EVERY = Duration.ofMillis(100);

    private final IntakeService intake;
    private final AccessTargets targets;
    private final MonitoringSettings.Probe settings;
    private final Clock clock;
    private final Timer latency;
    private final AtomicReference<@Nullable Result> last = new AtomicReference<>();
    private final AtomicLong lastVersion = new AtomicLong();

    SyntheticProbe(
            IntakeService intake,
            AccessTargets targets,
            MonitoringSettings settings,
            Clock clock,
            MeterRegistry metrics) {
        this.intake = intake;
        this.targets = targets;
        this.settings = settings.probeSettings();
        this.clock = clock;
        this.latency = Timer.builder("qualigate.probe.latency")
                .description("synthetic probe: from the probe event's intake to the change read back in the target")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(metrics);
    }

    /** The last probe's result, if one ran. */
    public Optional<Result> last() {
        return Optional.ofNullable(last.get());
    }

    public boolean configured() {
        return settings.configured() && settings.certificationId() != null && settings.role() != null;
    }

    @Scheduled(
            initialDelayString = "${qualigate.monitoring.probe.interval:PT5M}",
            fixedDelayString = "${qualigate.monitoring.probe.interval:PT5M}")
    void scheduled() {
        if (configured()) {
            run();
        }
    }

    /** Runs one probe now and returns its result (also kept as {@link #last()}). */
    public synchronized Result run() {
        Result result;
        try {
            result = probe();
        } catch (RuntimeException e) {
            result = new Result(clock.instant(), false, Duration.ZERO, "probe could not run: " + e.getMessage());
        }
        if (result.succeeded()) {
            latency.record(result.latency());
            log.info("synthetic probe: {} in {}", result.detail(), result.latency());
        } else {
            log.warn("synthetic probe failed: {}", result.detail());
        }
        last.set(result);
        return result;
    }

    private Result probe() {
        if (!configured()) {
            return new Result(
                    clock.instant(),
                    false,
                    Duration.ZERO,
                    "not configured: set qualigate.monitoring.probe.employee-id, certification-id and role");
        }
        Instant at = clock.instant();
        EmployeeId person = EmployeeId.of(settings.employeeId());
        RoleName role = RoleName.of(settings.role());
        AccessTarget target = (settings.target() == null
                        ? targets.all().stream().findFirst()
                        : targets.named(settings.target()))
                .orElseThrow(() -> new IllegalStateException("no target " + settings.target()));
        Optional<TargetAccount> account = target.read(person);
        if (account.isEmpty()) {
            return new Result(
                    at, false, Duration.ZERO, "the probe person " + person + " has no account in " + target.name());
        }
        boolean grant = !account.get().roles().contains(role);
        long start = System.nanoTime();
        IntakeResult received = intake.receive(
                settings.source(),
                "probe-" + UUID.randomUUID(),
                event(person, grant).getBytes(StandardCharsets.UTF_8));
        if (received.outcome() != IntakeResult.Outcome.APPLIED) {
            return new Result(
                    at,
                    false,
                    Duration.ZERO,
                    "intake did not apply the probe event: " + received.outcome()
                            + (received.reason() == null
                                    ? ""
                                    : " (" + received.field() + ": " + received.reason() + ")"));
        }
        Duration timeout = settings.timeout() == null ? Duration.ofMinutes(1) : settings.timeout();
        String lastError = "";
        while (System.nanoTime() - start < timeout.toNanos()) {
            try {
                Optional<TargetAccount> now = target.read(person);
                if (now.isPresent() && now.get().roles().contains(role) == grant) {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    return new Result(
                            at, true, took, (grant ? "granted " : "revoked ") + role + " in " + target.name());
                }
            } catch (TargetException e) {
                lastError = "; last read failed: " + e.getMessage();
            }
            sleep();
        }
        return new Result(
                at,
                false,
                Duration.ofNanos(System.nanoTime() - start),
                (grant ? "granting " : "revoking ") + role + " in " + target.name() + " took longer than " + timeout
                        + lastError);
    }

    private String event(EmployeeId person, boolean complete) {
        Instant now = clock.instant();
        // Each probe is a new version of one record; versions must grow even if two probes share a millisecond.
        long version = lastVersion.updateAndGet(v -> Math.max(v + 1, now.toEpochMilli()));
        var m = new LinkedHashMap<String, Object>();
        m.put("eventType", complete ? "certification.completed" : "certification.revoked");
        m.put("employeeId", person.value());
        m.put("certificationId", settings.certificationId());
        m.put("certificationName", "Qualigate synthetic probe");
        m.put("level", 1);
        m.put(
                "completedOn",
                LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1).toString());
        m.put("sourceRecordId", "PROBE-" + person.value());
        m.put("sourceVersion", version);
        m.put("approvedBy", "qualigate-probe");
        m.put("approvedAt", now.toString());
        return JSON.writeValueAsString(m);
    }

    private static void sleep() {
        try {
            Thread.sleep(READ_EVERY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the probe", e);
        }
    }

    /** One probe: when it ran, whether the change showed in the target, how long that took, and what happened. */
    public record Result(Instant at, boolean succeeded, Duration latency, String detail) {}
}
