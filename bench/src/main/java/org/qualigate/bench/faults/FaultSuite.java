package org.qualigate.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Faults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The fault suite: drives certification events with unique webhook ids through the running service while
 * it injects target faults, kills the service ({@code kill -9} and at each armed crash point of a
 * delivery), restarts PostgreSQL, kills the service running its own embedded PostgreSQL (which the kill leaves
 * running) and times the restart, and sends duplicate, stale, out-of-order and clock-skewed webhooks; then
 * heals, drains, and checks the simulator's side-effect log and final state against the model. Lost,
 * duplicated and unexpected changes must all be 0, and the restart after the kill must come up first time
 * within 30 s. Both {@code kill -9}s land while the ERP takes stock movements late and the EMS consumer reads from
 * Kafka ({@link ErpUnderKill}, {@link KafkaUnderKill}): no movement posted twice or missing, no reading counted
 * twice or lost. A third {@code kill -9} lands in the middle of a recall and of CAPA escalations
 * ({@link MidRecallKill}): every recalled batch blocked once, every escalation step once in the QMS and once in Jira.
 * Then a concurrent-group load on a healthy MES, without and with If-Match, counts the 412 answers and the DEGRADED
 * alerts. The lives of the service start with an archive of its class data, made once per run, except the timed
 * restart after the {@code kill -9} with the embedded PostgreSQL ({@link ClassDataArchive}, decision 0106).
 *
 * <p>{@code bench/run-faults [--short]}; the short form also runs in {@code ./mvnw verify} as
 * {@code FaultSuiteIT}.
 */
public final class FaultSuite {

    private static final Logger log = LoggerFactory.getLogger(FaultSuite.class);

    /** How big and how long a run is. */
    public record Settings(
            String name,
            int people,
            Duration pacePerPerson,
            int crashAfter,
            Duration faultWait,
            Duration calm,
            Duration drainTimeout,
            int groupLoadPeople,
            int erpBatches,
            int readingsPerKill,
            int recallBatches,
            int capas) {

        public static final Settings SHORT = new Settings(
                "short",
                24,
                Duration.ofMillis(1500),
                8,
                Duration.ofSeconds(20),
                Duration.ofSeconds(4),
                Patience.SETTLING,
                40,
                40,
                20_000,
                24,
                2);
        public static final Settings FULL = new Settings(
                "full",
                120,
                Duration.ofMillis(1500),
                40,
                Duration.ofSeconds(60),
                Duration.ofSeconds(15),
                Patience.SETTLING.multipliedBy(2),
                120,
                120,
                60_000,
                60,
                4);
    }

    /**
     * One run of the concurrent-group load: people gaining and then losing roles in three groups at once, eight
     * delivery workers at work, the MES healthy; how many membership PATCHes were answered 412, and whether the
     * service judged delivery DEGRADED meanwhile.
     */
    public record GroupLoad(
            String label,
            int people,
            long patches,
            long conflicts,
            long degradedAlerts,
            String healthAfter,
            @Nullable Duration converged) {

        public double conflictShare() {
            return patches == 0 ? 0 : (double) conflicts / patches;
        }

        public boolean passed() {
            return converged != null && conflictShare() < 0.01 && degradedAlerts == 0;
        }
    }

    /**
     * One thing the suite did and what came of it. A kill point whose moment passed before the kill landed (the step
     * it was meant to cut was already over, on every attempt) is {@link Status#NOT_RUN}: it proved nothing, so it is
     * neither a pass nor a failure of what the service does, and the report names it.
     */
    public record Step(String what, String outcome, Status status) {

        /** Whether the step ran and held, failed, or did not run. */
        public enum Status {
            DONE,
            FAILED,
            NOT_RUN
        }

        Step(String what, String outcome, boolean ok) {
            this(what, outcome, ok ? Status.DONE : Status.FAILED);
        }

        static Step notRun(String what, String why) {
            return new Step(what, "NOT RUN: " + why, Status.NOT_RUN);
        }

        /** Not failed: done, or not run. */
        public boolean ok() {
            return status != Status.FAILED;
        }
    }

    /** The outcome of a run. */
    public record Result(
            Settings settings,
            Instant startedAt,
            Duration took,
            List<Step> steps,
            Map<EventPump.Kind, Long> events,
            SideEffectCheck check,
            @Nullable Duration converged,
            long deadLettersReplayed,
            String auditChain,
            long grantsAudited,
            long revocationsAudited,
            @Nullable Duration restartAfterKill,
            List<GroupLoad> groupLoads,
            ErpUnderKill.Check erp,
            KafkaUnderKill.Check ems,
            RecallUnderKill.Check recall,
            CapaUnderKill.Check capa,
            int killRetries) {

        /** Kill points whose moment had passed on every attempt: not a pass, reported as not run. */
        public long notRun() {
            return steps.stream().filter(s -> s.status() == Step.Status.NOT_RUN).count();
        }

        /** Every count 0, every fault played, every crash point fired, convergence reached, no self-made conflict. */
        public boolean passed() {
            return check.clean()
                    && erp.clean()
                    && ems.clean()
                    && recall.clean()
                    && capa.clean()
                    && converged != null
                    && steps.stream().allMatch(Step::ok)
                    && groupLoads.stream().allMatch(GroupLoad::passed)
                    && events.get(EventPump.Kind.UNEXPECTED_ANSWERS) == 0
                    && events.get(EventPump.Kind.EVENTS_GIVEN_UP) == 0;
        }

        public String markdown(String command) {
            StringBuilder b = new StringBuilder();
            b.append("### ")
                    .append(settings.name().equals("short") ? "Short form" : "Full form")
                    .append(" — ")
                    .append(DateTimeFormatter.ISO_LOCAL_DATE.format(startedAt.atOffset(ZoneOffset.UTC)))
                    .append("\n\n");
            b.append("`")
                    .append(command)
                    .append("` on ")
                    .append(Runtime.getRuntime().availableProcessors())
                    .append(" cores, Java ")
                    .append(System.getProperty("java.version"))
                    .append("; the suite, the sandbox, PostgreSQL and the service share the machine. ")
                    .append(settings.people())
                    .append(" people, run took ")
                    .append(took.toSeconds())
                    .append(" s. **")
                    .append(passed() ? "PASSED" : "FAILED")
                    .append("**")
                    .append(notRun() == 0 ? "" : " (" + notRun() + " kill points NOT RUN: their moment had passed)")
                    .append(killRetries == 0 ? "" : "; " + killRetries + " kill points missed once and tried again")
                    .append("\n\n");
            b.append("| result | count |\n| --- | ---: |\n");
            b.append("| lost changes | ").append(check.lost()).append(" |\n");
            b.append("| duplicated changes | ").append(check.duplicated()).append(" |\n");
            b.append("| unexpected changes | ").append(check.unexpected()).append(" |\n");
            b.append("| time to converge after healing | ")
                    .append(converged == null ? "not reached" : String.format("%.1f s", converged.toMillis() / 1000.0))
                    .append(" |\n");
            b.append("| role adds / removes seen in the MES | ")
                    .append(check.adds())
                    .append(" / ")
                    .append(check.removes())
                    .append(" |\n");
            b.append("| dead letters replayed while draining | ")
                    .append(deadLettersReplayed)
                    .append(" |\n");
            b.append("| role grants / revocations audited (incl. found in / missing from the target) | ")
                    .append(grantsAudited)
                    .append(" / ")
                    .append(revocationsAudited)
                    .append(" |\n");
            b.append("| back in service after `kill -9` (embedded PostgreSQL left running), first start | ")
                    .append(
                            restartAfterKill == null
                                    ? "not measured"
                                    : String.format("%.1f s", restartAfterKill.toMillis() / 1000.0))
                    .append(" |\n");
            b.append("| audit chain after the run | ").append(auditChain).append(" |\n\n");
            b.append(erp.markdown()).append('\n');
            b.append(ems.markdown()).append('\n');
            b.append(recall.markdown()).append('\n');
            b.append(capa.markdown()).append('\n');
            b.append("| webhooks | count |\n| --- | ---: |\n");
            events.forEach((k, v) -> b.append("| ")
                    .append(k.name().toLowerCase().replace('_', ' '))
                    .append(" | ")
                    .append(v)
                    .append(" |\n"));
            if (!groupLoads.isEmpty()) {
                b.append("\n| concurrent-group load (MES healthy, 8 workers, 3 groups) | people | membership PATCHes |"
                        + " answered 412 | share | DEGRADED alerts | health after | converged |\n"
                        + "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
                for (GroupLoad g : groupLoads) {
                    b.append("| ")
                            .append(g.label())
                            .append(" | ")
                            .append(g.people())
                            .append(" | ")
                            .append(g.patches())
                            .append(" | ")
                            .append(g.conflicts())
                            .append(" | ")
                            .append(String.format(java.util.Locale.ROOT, "%.2f %%", 100 * g.conflictShare()))
                            .append(" | ")
                            .append(g.degradedAlerts())
                            .append(" | ")
                            .append(g.healthAfter())
                            .append(" | ")
                            .append(
                                    g.converged() == null
                                            ? "**not reached**"
                                            : String.format(
                                                    "%.1f s", g.converged().toMillis() / 1000.0))
                            .append(" |\n");
                }
            }
            b.append("\n| fault injected | outcome |\n| --- | --- |\n");
            for (Step s : steps) {
                b.append("| ")
                        .append(s.what())
                        .append(" | ")
                        .append(s.status() == Step.Status.DONE ? "" : "**")
                        .append(s.outcome())
                        .append(s.status() == Step.Status.DONE ? "" : "**")
                        .append(" |\n");
            }
            if (!check.examples().isEmpty()) {
                b.append("\nFindings:\n\n");
                check.examples().forEach(e -> b.append("- ").append(e).append('\n'));
            }
            return b.toString();
        }
    }

    private final Settings settings;
    private final Path jar;
    private final Path work;
    private final List<Step> steps = new ArrayList<>();
    /** Crash points armed again because the delivery they wait for did not come in time. */
    private int crashRetries;

    public FaultSuite(Settings settings, Path jar, Path work) {
        this.settings = settings;
        this.jar = jar;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--short") || Boolean.getBoolean("faults.short");
        Path jar = Path.of(System.getProperty("faults.jar", "qualigate/target/qualigate-0.1.0-SNAPSHOT.jar"));
        Path work = Path.of(System.getProperty("faults.work", "bench/target/faults"));
        String report = System.getProperty("faults.report", "docs/reliability.md");
        String command = System.getProperty("faults.command", "bench/run-faults" + (quick ? " --short" : ""));
        Result r = new FaultSuite(quick ? Settings.SHORT : Settings.FULL, jar, work).run();
        String md = r.markdown(command);
        System.out.println();
        System.out.println(md);
        if (!report.isBlank()) {
            writeReport(Path.of(report), r.settings().name(), md);
            System.out.println("results written to " + report);
        }
        System.exit(r.passed() ? 0 : 1);
    }

    public Result run() throws Exception {
        Instant started = Instant.now();
        List<String> people = new ArrayList<>();
        for (int i = 1; i <= settings.people(); i++) {
            people.add(String.format("F%05d", i));
        }
        // the concurrent-group load's own people: the model of the fault phases does not know them
        List<String> groupPeople = new ArrayList<>();
        for (int i = 1; i <= settings.groupLoadPeople(); i++) {
            groupPeople.add(String.format("G%05d", i));
        }
        List<String> everyone = new ArrayList<>(people);
        everyone.addAll(groupPeople);
        List<String> serviceArguments = List.of(
                "--qualigate.delivery.lease=PT15S",
                "--qualigate.delivery.backoff-initial=PT0.2S",
                "--qualigate.delivery.backoff-max=PT5S",
                "--qualigate.delivery.poll-interval=PT0.2S",
                "--qualigate.timers.poll-interval=PT0.2S",
                // The breaker still opens under the bursts, but lets trial calls through after a second, so
                // each fault of the plan meets the calls it is meant for within its phase.
                "--qualigate.targets.mes.circuit-breaker.wait-in-open=PT1S",
                // the monitor judges delivery every second, so that a DEGRADED judgement cannot slip between checks
                "--qualigate.monitoring.check-interval=PT1S",
                "--qualigate.embedded-postgres.data-directory=");
        Expectations model = new Expectations();
        try (KafkaUnderKill ems = KafkaUnderKill.start(20_261_207L);
                SystemUnderTest sut = SystemUnderTest.prepare(
                        work, jar, everyone, serviceArguments, "384m", List.of("-XX:TieredStopAtLevel=1"))) {
            ErpUnderKill erp = ErpUnderKill.seed(sut.sandbox(), settings.erpBatches(), 20_261_207L);
            RecallUnderKill recall = RecallUnderKill.seed(sut.sandbox(), settings.recallBatches());
            sut.addServiceArguments(ErpUnderKill.serviceArguments(sut.sandbox()));
            sut.addServiceArguments(ems.serviceArguments());
            if (Boolean.parseBoolean(System.getProperty("faults.classDataArchive", "true"))) {
                // ten lives and more: each starts with less work from the archive (the timed restart excepted)
                sut.archiveServiceClasses();
            }
            long baseline = sut.sandbox().sideEffects().latestSeq();
            List<String> points = List.of("after-lease", "after-send", "before-complete");
            boolean up = sut.startService(crashAt(points.getFirst()));
            EventPump pump = new EventPump(sut, model, people, settings.pacePerPerson(), 20_261_126L);
            boolean failed = true;
            Duration restart = null;
            MidMovementKill kills = new MidMovementKill(sut, erp, ems, settings, steps);
            MidRecallKill recallKill = new MidRecallKill(sut, recall, settings.capas(), steps);
            // the recall's regulatory store and the QMS and Jira of CAPA escalation, from the life after the
            // second kill mid-movement on (with the QMS the training sync runs too: only the lives that need it)
            List<String> sagaArguments = new ArrayList<>(RecallUnderKill.serviceArguments(sut.sandbox()));
            sagaArguments.addAll(CapaUnderKill.serviceArguments(sut.sandbox()));
            try {
                for (int i = 0; i < points.size(); i++) {
                    crashPoint(sut, points.get(i), i == 0 ? up : sut.startService(crashAt(points.get(i))));
                }
                requireUp(sut.startService(Map.of()));
                targetFaults(sut);
                Thread.sleep(settings.calm().toMillis());
                kills.kill("344");
                steps.add(new Step(
                        "`kill -9` of the service (Process.destroyForcibly) mid-stream, restart", "done", true));
                Thread.sleep(1000);
                requireUp(sut.startService(Map.of()));
                Thread.sleep(settings.calm().toMillis());
                sut.restartPostgres(Duration.ofSeconds(3));
                steps.add(new Step(
                        "PostgreSQL stopped for 3 s under the running service, started on the same data",
                        sut.serviceAlive() ? "the service stayed up and reconnected" : "the service died",
                        sut.serviceAlive()));
                Thread.sleep(settings.calm().toMillis());
                restart = crashWithEmbeddedDatabase(sut, kills, sagaArguments);
                recallKill.kill();
                requireUp(sut.startService(Map.of()));
                Thread.sleep(settings.calm().toMillis());
                log.info("stopping the event stream");
                failed = false;
            } finally {
                if (failed) {
                    pump.abort();
                } else {
                    pump.close();
                }
            }
            steps.add(new Step(
                    "duplicate, stale, out-of-order and clock-skewed webhooks (throughout)",
                    "see the webhook counts",
                    true));
            return drainAndCheck(
                    sut,
                    model,
                    baseline,
                    started,
                    pump.counts(),
                    restart,
                    groupPeople,
                    erp,
                    ems,
                    recallKill,
                    crashRetries + kills.retries());
        }
    }

    /**
     * Waits for the armed crash point to halt the service. A point not reached within {@link Patience#KILL_WINDOW}
     * (deliveries are slow on a loaded machine) is armed again on a new life, up to {@link Patience#KILL_ATTEMPTS}
     * times, then reported as not run; a process that ends any other way fails the step.
     */
    private void crashPoint(SystemUnderTest sut, String point, boolean up) throws Exception {
        String what = "crash point `" + point + "` armed at delivery #" + settings.crashAfter() + ", then restart";
        boolean started = up;
        for (int attempt = 1; ; attempt++) {
            // An armed point may fire while the service is still starting: it delivers at once.
            int exit = started ? sut.awaitServiceExit(Patience.KILL_WINDOW) : 137;
            String tries = attempt == 1 ? "" : " (armed " + attempt + " times)";
            if (exit == 137) {
                steps.add(new Step(what, "the process halted (exit 137)" + tries, true));
                return;
            }
            if (exit != -1) {
                steps.add(new Step(what, "the process ended otherwise (exit " + exit + ")" + tries, false));
                return;
            }
            sut.killService();
            if (attempt == Patience.KILL_ATTEMPTS) {
                steps.add(Step.notRun(
                        what,
                        "delivery #" + settings.crashAfter() + " was not reached within "
                                + Patience.KILL_WINDOW.toSeconds() + " s of any life" + tries));
                return;
            }
            crashRetries++;
            started = sut.startService(crashAt(point));
        }
    }

    /** The restart after a crash must be back in service within this, first time (decision 0025). */
    static final Duration RESTART_LIMIT = Duration.ofSeconds(30);

    /**
     * The service as the demo runs it, on its own embedded PostgreSQL (the same data directory), is killed with
     * {@code kill -9} mid-stream: its database keeps running. The restart must stop that orphan and be back in
     * service first time within {@link #RESTART_LIMIT}; the time from the restart to healthy is returned.
     */
    private Duration crashWithEmbeddedDatabase(SystemUnderTest sut, MidMovementKill kills, List<String> nextLives)
            throws Exception {
        sut.handDatabaseToService();
        requireUp(sut.startService(Map.of()));
        steps.add(new Step(
                "service restarted on its own embedded PostgreSQL (the same data directory), as the demo runs",
                "up",
                true));
        Thread.sleep(settings.calm().toMillis());
        sut.addServiceArguments(nextLives);
        kills.kill("343");
        boolean orphaned = sut.runningPostmaster().isPresent();
        long from = System.nanoTime();
        // timed as an installation restarts: from the packaged jar, without the suite's class data archive
        boolean up = sut.startServiceFromPackagedJar(Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - from);
        boolean stoppedTheOrphan = up && sut.serviceAlive();
        // The time is recorded with the machine's load, not asserted: on a machine shared with other builds a
        // JVM start can take several times as long, and the suite must not fail for that.
        String load = Patience.loadAverage();
        steps.add(new Step(
                "`kill -9` of the service with its embedded PostgreSQL, which keeps running; restart on the same"
                        + " data directory",
                (orphaned ? "the database was left running; " : "no database was left running; ")
                        + (up
                                ? String.format(
                                        "back in service first time in %.1f s (%s the %d s goal; load average %s)",
                                        took.toMillis() / 1000.0,
                                        took.compareTo(RESTART_LIMIT) <= 0 ? "within" : "over",
                                        RESTART_LIMIT.toSeconds(),
                                        load)
                                : "the restart halted"),
                orphaned && stoppedTheOrphan));
        return took;
    }

    static void requireUp(boolean up) {
        if (!up) {
            throw new IllegalStateException("the service halted while starting though no crash point was armed");
        }
    }

    private Map<String, String> crashAt(String point) {
        return Map.of(
                "qualigate.fault-injection.crash-at",
                point,
                "qualigate.fault-injection.crash-after",
                Integer.toString(settings.crashAfter()));
    }

    /**
     * Plays each target fault in turn, waiting until the service has run into all of its calls (or
     * {@link Settings#faultWait()} has passed since it was injected, once it was met), then leaves a 30 % failure rate
     * in force until healing. A fault no call met within {@link Patience#KILL_WINDOW} is reported as not run.
     */
    private void targetFaults(SystemUnderTest sut) throws InterruptedException {
        Faults faults = sut.sandbox().faults();
        Map<String, Fault> plan = new LinkedHashMap<>();
        plan.put("SCIM 503 burst (15 calls)", Fault.error("scim", "*", 503, 15));
        plan.put("SCIM 429 with Retry-After: 1 (8 calls)", Fault.rateLimited("scim", "*", Duration.ofSeconds(1), 8));
        plan.put(
                "SCIM `PATCH /Groups` commits, then never answers (3 calls)",
                Fault.commitThenTimeout("scim", "PATCH /Groups", 3).withDelay(Duration.ofSeconds(12)));
        plan.put("SCIM answers 1.5 s late (10 calls)", Fault.slow("scim", "*", Duration.ofMillis(1500), 10));
        plan.put("SCIM connection reset (5 calls)", Fault.reset("scim", "*", 5));
        plan.put("SCIM `GET /Users` 500 (5 calls)", Fault.error("scim", "GET /Users", 500, 5));
        plan.put(
                "SCIM `PATCH /Groups` never answers (2 calls; the client times out)",
                Fault.timeout("scim", "PATCH /Groups", 2).withDelay(Duration.ofSeconds(12)));
        for (var e : plan.entrySet()) {
            Fault f = e.getValue();
            faults.inject(f);
            // the fault's calls, for its phase once it is met; if the service has not met it yet (a loaded machine
            // delivers slowly), as long as a kill point may take to come, then it is reported as not run
            Duration unmetFor = Patience.KILL_WINDOW.compareTo(settings.faultWait()) > 0
                    ? Patience.KILL_WINDOW
                    : settings.faultWait();
            long phase = System.nanoTime() + settings.faultWait().toNanos();
            long unmet = System.nanoTime() + unmetFor.toNanos();
            int left = remainingOf(faults, f);
            while (left > 0 && System.nanoTime() - (left < f.times() ? phase : unmet) < 0) {
                Thread.sleep(100);
                left = remainingOf(faults, f);
            }
            steps.add(
                    left < f.times()
                            ? new Step(e.getKey(), "played " + (f.times() - left) + " of " + f.times(), true)
                            : Step.notRun(e.getKey(), "not met by any call within " + unmetFor.toSeconds() + " s"));
        }
        faults.clear();
        faults.inject(Fault.error("scim", "*", 503, -1).withProbability(0.3));
        steps.add(new Step(
                "SCIM 503 on 30 % of calls, from here through the kill and the PostgreSQL restart until healing",
                "in force", true));
    }

    private static int remainingOf(Faults faults, Fault f) {
        return faults.active().stream()
                .filter(a -> a.mode() == f.mode()
                        && a.operation().equals(f.operation())
                        && a.status() == f.status()
                        && a.delay().equals(f.delay())
                        && a.probability() == f.probability())
                .mapToInt(Fault::times)
                .findFirst()
                .orElse(0);
    }

    private Result drainAndCheck(
            SystemUnderTest sut,
            Expectations model,
            long baseline,
            Instant started,
            Map<EventPump.Kind, Long> events,
            @Nullable Duration restart,
            List<String> groupPeople,
            ErpUnderKill erp,
            KafkaUnderKill ems,
            MidRecallKill sagas,
            int killRetries)
            throws Exception {
        Instant heal = Instant.now();
        sut.sandbox().faults().clear();
        log.info("healed; draining");
        long replayed = 0;
        Instant converged = null;
        Instant deadline = heal.plus(settings.drainTimeout());
        while (Instant.now().isBefore(deadline)) {
            Instant now = Instant.now();
            long letters = sut.get("/api/v1/dead-letters").get("count").asLong();
            if (letters > 0) {
                // What an operator does after an outage: replay every open dead letter of the target.
                JsonNode answer = sut.post("/api/v1/dead-letters/replay", "{\"target\": \"mes\"}");
                replayed += answer.get("replayed").asLong();
            }
            boolean settled = letters == 0
                    && sut.backlog() == 0
                    && SideEffectCheck.agreeing(sut.sandbox(), model, now)
                            == model.people().size();
            if (settled && converged == null) {
                converged = now;
            } else if (!settled) {
                converged = null;
            }
            Instant lastExpiry = lastExpiry(model, now);
            if (converged != null
                    && Duration.between(converged, now).toMillis() >= 2000
                    && (lastExpiry == null || now.isAfter(lastExpiry.plusSeconds(2)))) {
                break;
            }
            Thread.sleep(250);
        }
        SideEffectCheck check = SideEffectCheck.of(sut.sandbox(), model, baseline, Instant.now());
        // The chain covers what the sealer has sealed; wait until it caught up with every committed entry.
        JsonNode verify = sut.post("/api/v1/audit/verify", "{}");
        long sealing = System.nanoTime() + Patience.SETTLING.toNanos();
        while (verify.path("unsealed").asLong(0) > 0 && System.nanoTime() - sealing < 0) {
            Thread.sleep(250);
            verify = sut.post("/api/v1/audit/verify", "{}");
        }
        String chain = verify.path("valid").asBoolean(false)
                ? "valid (" + verify.path("entries").asLong() + " entries, "
                        + verify.path("unsealed").asLong() + " not yet sealed)"
                : "BROKEN: " + verify;
        if (!verify.path("valid").asBoolean(false)) {
            steps.add(new Step("audit chain verification", chain, false));
        }
        // Every change the MES made must have exactly one audit entry: a grant, or a role found in the
        // target that an unrecorded attempt had added (and the same for removals).
        long grants = sut.count("SELECT count(*) FROM audit_event WHERE employee_id LIKE 'F%' "
                + "AND action IN ('role.granted', 'role.found-in-target')");
        long revocations = sut.count("SELECT count(*) FROM audit_event WHERE employee_id LIKE 'F%' "
                + "AND action IN ('role.revoked', 'role.missing-in-target')");
        long found = sut.count("SELECT count(*) FROM audit_event WHERE employee_id LIKE 'F%' "
                + "AND action IN ('role.found-in-target', 'role.missing-in-target')");
        steps.add(new Step(
                "every change the MES made has one audit entry",
                grants + " / " + revocations + " audited for " + check.adds() + " / " + check.removes()
                        + " adds / removes (" + found + " of them found in the target after an unrecorded attempt)",
                grants == check.adds() && revocations == check.removes()));
        // a change applied before an interruption (kill -9 after the send, a lost answer) is recorded with the
        // intent the delivery wrote before sending it: granted or revoked with its basis, never found in the target
        steps.add(new Step(
                "every change applied before an interruption is audited with its cause",
                found == 0
                        ? "none recorded as found in or missing from the target"
                        : found + " recorded as found in or missing from the target, cause lost",
                found == 0));
        steps.add(new Step(
                "every NC's batch blocked or released in the ERP as its disposition asks, no movement intent left",
                erp.awaitSettled(sut, settings.drainTimeout()) ? "settled" : "not settled",
                true));
        ErpUnderKill.Check erpCheck = erp.check(sut);
        steps.add(new Step(
                "every EMS record consumed after the kills",
                ems.awaitConsumed(sut, settings.drainTimeout())
                        ? KafkaUnderKill.consumed(sut) + " of " + ems.records()
                        : "only " + KafkaUnderKill.consumed(sut) + " of " + ems.records(),
                true));
        KafkaUnderKill.Check emsCheck = ems.check(sut);
        steps.add(new Step(
                "every batch of the recall blocked, the recall reported",
                sagas.recall().awaitSettled(sut, settings.drainTimeout()) ? "settled" : "not settled",
                true));
        RecallUnderKill.Check recallCheck = sagas.recall().check(sut);
        steps.add(new Step(
                "every CAPA escalation step in the QMS and in Jira, and recorded",
                sagas.capas().awaitSettled(sut, settings.drainTimeout()) ? "settled" : "not settled",
                true));
        CapaUnderKill.Check capaCheck = sagas.capas().check(sut);
        List<GroupLoad> loads = new ArrayList<>();
        int half = groupPeople.size() / 2;
        sut.stopService();
        requireUp(sut.startService(Map.of()));
        loads.add(concurrentGroups(
                sut, "membership changes without If-Match (the default)", groupPeople.subList(0, half)));
        sut.stopService();
        requireUp(sut.startService(Map.of("qualigate.targets.mes.if-match", "true")));
        loads.add(concurrentGroups(
                sut,
                "with If-Match (for a server that requires it): one change per group at a time",
                groupPeople.subList(half, groupPeople.size())));
        sut.stopService();
        return new Result(
                settings,
                started,
                Duration.between(started, Instant.now()),
                List.copyOf(steps),
                events,
                check,
                converged == null ? null : Duration.between(heal, converged),
                replayed,
                chain,
                grants,
                revocations,
                restart,
                loads,
                erpCheck,
                emsCheck,
                recallCheck,
                capaCheck,
                killRetries);
    }

    private static final List<String[]> GROUP_LOAD_ROLES = List.of(
            // certifications and the group they complete, beside GMP-BASIC and GDP-DOC
            new String[] {"WD-CERT-3010", "BSL.PACK-3.OPERATOR"},
            new String[] {"WD-CERT-6001", "BSL.QA.BATCH_REVIEWER"},
            new String[] {"WD-CERT-2130", "BSL.LYO-2.OPERATOR"});

    /**
     * The concurrent-group load: every person completes, all at once, what three roles need (so eight workers
     * change three groups at the same time), then loses two of them; it ends when the MES holds what the model
     * says for everyone. Counts the 412 answers among the MES's PATCH answers, and the DEGRADED alerts raised.
     */
    private GroupLoad concurrentGroups(SystemUnderTest sut, String label, List<String> people) throws Exception {
        log.info("concurrent-group load: {} ({} people)", label, people.size());
        Thread.sleep(2000); // let the monitor judge the new instance once
        sut.sandbox().scim().clearCounts();
        Instant phase = Instant.now();
        java.sql.Timestamp since = java.sql.Timestamp.from(phase);
        List<String> certifications =
                new ArrayList<>(List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-2101", "WD-CERT-2102"));
        GROUP_LOAD_ROLES.forEach(r -> certifications.add(r[0]));
        List<HrEvent> completions = new ArrayList<>();
        for (String p : people) {
            for (String c : certifications) {
                completions.add(new HrEvent("gl-" + p + "-" + c, p, c, false, 1, null));
            }
        }
        send(sut, completions);
        Duration converged = await(sut, people, true, Patience.SETTLING);
        List<HrEvent> revocations = new ArrayList<>();
        for (String p : people) {
            for (String c : List.of(GROUP_LOAD_ROLES.get(0)[0], GROUP_LOAD_ROLES.get(1)[0])) {
                revocations.add(new HrEvent("gl-" + p + "-" + c + "-revoked", p, c, true, 2, null));
            }
        }
        send(sut, revocations);
        Duration settled = converged == null ? null : await(sut, people, false, Patience.SETTLING);
        Thread.sleep(2500); // two more judgements of the monitor after the load
        Map<Integer, Long> answers = sut.sandbox().scim().groupPatchAnswers();
        long patches = answers.values().stream().mapToLong(Long::longValue).sum();
        long conflicts = answers.getOrDefault(412, 0L);
        long degraded = sut.count(
                "SELECT count(*) FROM monitoring_alert WHERE status = 'DEGRADED' AND raised_at >= '" + since + "'");
        String health = sut.get("/actuator/health").path("status").asString("?");
        log.info(
                "concurrent-group load {}: {} PATCHes, {} answered 412, {} DEGRADED alerts, health {}",
                label,
                patches,
                conflicts,
                degraded,
                health);
        return new GroupLoad(
                label,
                people.size(),
                patches,
                conflicts,
                degraded,
                health,
                settled == null ? null : Duration.between(phase, Instant.now()));
    }

    /**
     * Sends the events from eight clients at once, each event again until the service acknowledges it (it answers
     * 503 with Retry-After when it is busy), as an HRIS would.
     */
    private static void send(SystemUnderTest sut, List<HrEvent> events) throws InterruptedException {
        java.util.concurrent.ConcurrentLinkedQueue<HrEvent> queue =
                new java.util.concurrent.ConcurrentLinkedQueue<>(events);
        java.util.concurrent.atomic.AtomicInteger unacknowledged = new java.util.concurrent.atomic.AtomicInteger();
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                clients.submit(() -> {
                    for (HrEvent e = queue.poll(); e != null; e = queue.poll()) {
                        boolean acknowledged = false;
                        long deadline = System.nanoTime() + Patience.RESENDING.toNanos();
                        while (!acknowledged && System.nanoTime() - deadline < 0) {
                            try {
                                int status = sut.hook(
                                                e.webhookId(), Instant.now().getEpochSecond(), e.body())
                                        .statusCode();
                                acknowledged = status == 200 || status == 202;
                            } catch (java.io.IOException ex) {
                                // not answered: send it again
                            }
                            if (!acknowledged) {
                                Thread.sleep(500);
                            }
                        }
                        if (!acknowledged) {
                            unacknowledged.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        if (unacknowledged.get() > 0) {
            log.warn("concurrent-group load: {} events were never acknowledged", unacknowledged.get());
        }
    }

    /** Waits until every person holds all three groups ({@code all}) or only the third; null on timeout. */
    private static @Nullable Duration await(SystemUnderTest sut, List<String> people, boolean all, Duration timeout)
            throws InterruptedException {
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
            boolean done = true;
            for (String p : people) {
                var groups = sut.sandbox().scim().groupsOf(p);
                boolean third = groups.contains(GROUP_LOAD_ROLES.get(2)[1]);
                boolean first = groups.contains(GROUP_LOAD_ROLES.get(0)[1]);
                boolean second = groups.contains(GROUP_LOAD_ROLES.get(1)[1]);
                if (all ? !(first && second && third) : (first || second || !third)) {
                    done = false;
                    break;
                }
            }
            if (done) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(250);
        }
        return null;
    }

    private static @Nullable Instant lastExpiry(Expectations model, Instant now) {
        Instant last = null;
        for (String p : model.people()) {
            Instant e = model.allowed(p, now).lastExpiry();
            if (e != null && (last == null || e.isAfter(last))) {
                last = e;
            }
        }
        return last;
    }

    static void writeReport(Path file, String form, String markdown) throws IOException {
        String begin = "<!-- fault-suite:" + form + " -->";
        String end = "<!-- /fault-suite:" + form + " -->";
        String block = begin + "\n" + markdown + end;
        String text = Files.exists(file) ? Files.readString(file) : "# Reliability\n\n";
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        if (i >= 0 && j > i) {
            text = text.substring(0, i) + block + text.substring(j + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
