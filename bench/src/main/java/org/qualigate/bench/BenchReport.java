package org.qualigate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Markdown section one run adds to {@code docs/benchmarks.md}: the machine, the settings, the figures. */
public record BenchReport(
        Instant startedAt,
        Duration took,
        BenchSettings settings,
        MachineFacts machine,
        List<ConcurrencyFigures> throughput,
        RoleLatency.Result latency,
        Optional<Duration> latencyDrain,
        List<Compared> compared,
        Optional<String> bothBuilds,
        List<String> statementProfiles) {

    /**
     * The same webhook phase against another build of the service (e.g. the one before a change), running on
     * the same database and measured right after this build's phase.
     */
    record Compared(
            int clients,
            String jar,
            Throughput thisBuild,
            Throughput otherBuild,
            Optional<CpuUsage> thisCpu,
            Optional<CpuUsage> otherCpu) {}

    /** The goals the product aims at: half the plain-insert rate in the long run, a quarter first (issue 17). */
    static final double INTAKE_RATIO_GOAL = 0.5;

    static final double INTAKE_RATIO_FIRST_GOAL = 0.25;

    static final double P99_GOAL_MILLIS = 1000;

    private static final DateTimeFormatter HEADING =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public BenchReport {
        throughput = List.copyOf(throughput);
        compared = List.copyOf(compared);
        statementProfiles = List.copyOf(statementProfiles);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(HEADING.format(startedAt)).append(" — intake benchmark\n\n");
        md.append("- Command: `")
                .append(settings.command())
                .append("` (took ")
                .append(seconds(took))
                .append(")\n");
        md.append("- Machine: ")
                .append(machine.processors())
                .append(" processors (")
                .append(machine.cpuModel())
                .append("), ")
                .append(machine.memory())
                .append(" memory\n");
        md.append("- Java: ").append(machine.java()).append('\n');
        md.append("- PostgreSQL: ")
                .append(machine.postgres())
                .append("; ")
                .append(machine.durability())
                .append('\n');
        md.append("- Phases: ")
                .append(settings.phase().toSeconds())
                .append(" s measured after ")
                .append(settings.warmup().toSeconds())
                .append(" s warm-up; ")
                .append(settings.people())
                .append(" bench people; ")
                .append(settings.latencySamples())
                .append(" latency samples at ")
                .append(number(settings.latencyRatePerSecond()))
                .append("/s, timeout ")
                .append(settings.latencyTimeout().toSeconds())
                .append(" s; service heap ")
                .append(settings.serviceHeap())
                .append(
                        settings.serviceJvmOptions().isEmpty()
                                ? ""
                                : ", service JVM options `" + String.join(" ", settings.serviceJvmOptions()) + "`")
                .append("\n\n");

        md.append("| clients | plain inserts/s | webhooks accepted/s | intake / plain | webhook errors | "
                + "delivery backlog at end |\n");
        md.append("|---:|---:|---:|---:|---|---:|\n");
        for (ConcurrencyFigures f : throughput) {
            md.append("| ")
                    .append(f.clients())
                    .append(" | ")
                    .append(number(f.plain().perSecond()))
                    .append(" | ")
                    .append(number(f.intake().perSecond()))
                    .append(" | ")
                    .append(percent(f.intakeRatio()))
                    .append(" | ")
                    .append(f.intake().failed() == 0 ? "0" : f.intake().failureSummary())
                    .append(" | ")
                    .append(
                            f.intakeBacklog().isPresent()
                                    ? Long.toString(f.intakeBacklog().getAsLong())
                                    : "?")
                    .append(" |\n");
        }
        md.append('\n');

        md.append("CPU during each measured phase, in cores (of ")
                .append(machine.processors())
                .append("), and PostgreSQL client sessions (mean of 10 samples/s):\n\n");
        md.append("| phase | service | load generator + sandbox | PostgreSQL | other | idle "
                + "| sessions active | waiting on advisory lock | waiting on other locks | service CPU per event |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ConcurrencyFigures f : throughput) {
            cpuRow(md, "plain inserts, " + f.clients() + " clients", f.plainCpu(), f.plainSessions(), "");
            cpuRow(
                    md,
                    "webhooks, " + f.clients() + " clients",
                    f.intakeCpu(),
                    f.intakeSessions(),
                    perEvent(f.intakeCpu(), f.intake()));
        }
        md.append('\n');
        if (!compared.isEmpty()) {
            md.append("The same webhook phases against another build (`")
                    .append(compared.getFirst().jar())
                    .append("`), a second instance on the same database, measured right after each phase above:\n\n");
            md.append("| clients | this build, webhooks/s | other build, webhooks/s | this / other | service CPU per "
                    + "event, this build | other build | other processes' CPU (this, other) |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---|\n");
            for (Compared c : compared) {
                md.append("| ")
                        .append(c.clients())
                        .append(" | ")
                        .append(number(c.thisBuild().perSecond()))
                        .append(" | ")
                        .append(number(c.otherBuild().perSecond()))
                        .append(" | ")
                        .append(String.format(
                                Locale.ROOT,
                                "%.2f×",
                                c.thisBuild().perSecond()
                                        / Math.max(1e-9, c.otherBuild().perSecond())))
                        .append(" | ")
                        .append(perEvent(c.thisCpu(), c.thisBuild()))
                        .append(" | ")
                        .append(perEvent(c.otherCpu(), c.otherBuild()))
                        .append(" | ")
                        .append(c.thisCpu()
                                .map(u -> String.format(Locale.ROOT, "%.2f", u.other()))
                                .orElse("?"))
                        .append(", ")
                        .append(c.otherCpu()
                                .map(u -> String.format(Locale.ROOT, "%.2f", u.other()))
                                .orElse("?"))
                        .append(" |\n");
            }
            md.append('\n');
            bothBuilds.ifPresent(b -> md.append("Then ").append(b).append("\n\n"));
        }

        LatencySummary l = latency.latency();
        md.append("| webhook → role (`")
                .append(RoleLatency.ROLE_GROUP)
                .append("`) | p50 | p90 | p99 | max | ")
                .append("not arrived within ")
                .append(settings.latencyTimeout().toSeconds())
                .append(" s |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        md.append("| ")
                .append(l.arrived() + l.missing())
                .append(" people, sent over ")
                .append(seconds(latency.sending()))
                .append(" | ")
                .append(millis(l.p50()))
                .append(" | ")
                .append(millis(l.p90()))
                .append(" | ")
                .append(millis(l.p99()))
                .append(" | ")
                .append(millis(l.max()))
                .append(" | ")
                .append(l.missing())
                .append(" |\n\n");
        if (latency.prerequisitesRefused() > 0 || latency.refused() > 0) {
            md.append("Refused webhooks in the latency phase: ")
                    .append(latency.prerequisitesRefused())
                    .append(" prerequisite, ")
                    .append(latency.refused())
                    .append(" role-completing.\n\n");
        }
        md.append("Before the latency phase the backlog ")
                .append(latencyDrain.map(d -> "drained in " + seconds(d)).orElse("did not drain in time"))
                .append(".\n\n");
        statementProfiles.forEach(md::append);

        md.append("Goals: intake ≥ ")
                .append(percent(INTAKE_RATIO_FIRST_GOAL))
                .append(" of plain inserts at 8 clients (long term ")
                .append(percent(INTAKE_RATIO_GOAL))
                .append(") — ");
        for (ConcurrencyFigures f : throughput) {
            md.append(f.clients())
                    .append(" client(s) ")
                    .append(percent(f.intakeRatio()))
                    .append(
                            f.clients() == 8
                                    ? f.intakeRatio() >= INTAKE_RATIO_FIRST_GOAL ? " (met)" : " (not met)"
                                    : "")
                    .append("; ");
        }
        md.append("webhook → role p99 ≤ ")
                .append(millis(P99_GOAL_MILLIS))
                .append(" ms — ")
                .append(l.arrived() > 0 && l.missing() == 0 && l.p99() <= P99_GOAL_MILLIS ? "met" : "not met")
                .append(" (")
                .append(millis(l.p99()))
                .append(" ms")
                .append(l.missing() > 0 ? ", " + l.missing() + " not arrived" : "")
                .append(").\n\n");
        return md.toString();
    }

    /** Appends the section, creating the file with a heading if it does not exist. */
    void appendTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!Files.exists(file)) {
            Files.writeString(file, "# Benchmarks\n\n", StandardCharsets.UTF_8);
        }
        String existing = Files.readString(file, StandardCharsets.UTF_8);
        String separator = existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
        Files.writeString(file, separator + markdown(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Milliseconds of the service's CPU per accepted event, from its share of the cores over the phase. */
    static String perEvent(Optional<CpuUsage> cpu, Throughput t) {
        if (cpu.isEmpty() || t.perSecond() <= 0) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.2f ms", cpu.get().service() * 1000 / t.perSecond());
    }

    private static void cpuRow(
            StringBuilder md,
            String phase,
            Optional<CpuUsage> cpu,
            Optional<LockWaits.Means> sessions,
            String perEvent) {
        md.append("| ").append(phase);
        if (cpu.isEmpty()) {
            md.append(" | ? | ? | ? | ? | ?");
        } else {
            CpuUsage c = cpu.get();
            for (double v : new double[] {c.service(), c.loadGenerator(), c.postgres(), c.other(), c.idle()}) {
                md.append(" | ").append(String.format(Locale.ROOT, "%.2f", v));
            }
        }
        if (sessions.isEmpty()) {
            md.append(" | ? | ? | ?");
        } else {
            LockWaits.Means m = sessions.get();
            for (double v : new double[] {m.active(), m.advisoryLockWait(), m.otherLockWait()}) {
                md.append(" | ").append(String.format(Locale.ROOT, "%.2f", v));
            }
        }
        md.append(" | ").append(perEvent).append(" |\n");
    }

    static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String percent(double ratio) {
        double pct = ratio * 100;
        // Small shares keep their digits: "0.2 %" says more than "0 %".
        String format = pct >= 10 ? "%.0f %%" : pct >= 1 ? "%.1f %%" : "%.2f %%";
        return String.format(Locale.ROOT, format, pct);
    }

    static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
