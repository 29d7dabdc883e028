package org.qualigate.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs queued jobs, each exactly once: a job is taken with {@code FOR UPDATE SKIP LOCKED} and leased to this
 * instance; while it runs the lease is renewed, and its end (done, failed) is written only while the lease is
 * still this instance's. A job is never taken again: when its instance stops, it marks its running jobs
 * interrupted before it goes, and when an instance dies without stopping, the first instance to see the lease
 * run out marks the job interrupted — so no job is ever left "running", and none is done twice.
 */
@Component
class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** Progress is written when the share done moves a whole percent, or every this many steps when unknown. */
    private static final long STEPS_WITHOUT_TOTAL = 100;

    /**
     * A queued job is claimed once, in the order asked for, by an instance that runs its kind, and never again: a
     * job whose lease ran out is marked interrupted ({@link #interruptAbandoned}), not claimed.
     */
    static final QueueTable QUEUED_JOBS = QueueTable.of("background_job", "id")
            .dueFrom(null)
            .orderedBy("requested_at, id")
            .leasedBy("state = 'RUNNING', lease_owner = :owner, started_at = :now")
            .claimableWhen("state = 'QUEUED' AND kind = ANY (CAST(:kinds AS text[]))");

    private final JdbcClient jdbc;
    private final LeasedQueue queue;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;
    private final Map<String, JobHandler> handlers;
    private final Duration lease;
    private final int threads;
    private final String instance = "jobs-" + UUID.randomUUID();
    private final Semaphore free;
    private final Set<UUID> mine = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile @Nullable ExecutorService pool;
    private volatile boolean running;

    public JobRunner(
            JdbcClient jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            Clock clock,
            List<JobHandler> handlers,
            @Value("${qualigate.jobs.lease:PT1M}") Duration lease,
            @Value("${qualigate.jobs.threads:2}") int threads) {
        this.jdbc = jdbc;
        this.queue = new LeasedQueue(jdbc, clock, QUEUED_JOBS);
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(JobHandler::kind, Function.identity()));
        this.lease = lease;
        this.threads = Math.max(1, threads);
        this.free = new Semaphore(this.threads);
    }

    Set<String> kinds() {
        return handlers.keySet();
    }

    /** This instance's name in the jobs it holds. */
    String instance() {
        return instance;
    }

    @Override
    public void start() {
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "job-" + instance.substring(5, 13));
            t.setDaemon(true);
            return t;
        });
        running = true;
    }

    /** Stops taking jobs and marks this instance's running jobs interrupted, before the database goes away. */
    @Override
    public void stop() {
        running = false;
        interruptMine("the service stopped while it ran");
        ExecutorService p = pool;
        if (p != null) {
            p.shutdownNow();
            try {
                p.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped early (before the web server and the database), started late. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    /** A job was queued here: take it now rather than at the next poll. */
    void wake() {
        if (running) {
            poll();
        }
    }

    /**
     * Renews the leases of this instance's jobs, marks interrupted the jobs whose instance's lease ran out, and
     * takes queued jobs while threads are free.
     */
    @Scheduled(
            initialDelayString = "${qualigate.jobs.poll-interval:PT2S}",
            fixedDelayString = "${qualigate.jobs.poll-interval:PT2S}")
    public synchronized void poll() {
        if (!running) {
            return;
        }
        Instant now = clock.instant();
        if (!mine.isEmpty()) {
            jdbc.sql("UPDATE background_job SET lease_until = ? WHERE lease_owner = ? AND state = 'RUNNING'")
                    .params(Timestamp.from(now.plus(lease)), instance)
                    .update();
        }
        interruptAbandoned(now);
        while (running && free.tryAcquire()) {
            Optional<Job> job = claim();
            if (job.isEmpty()) {
                free.release();
                return;
            }
            mine.add(job.get().id());
            ExecutorService p = pool;
            if (p == null) {
                free.release();
                return;
            }
            p.execute(() -> execute(job.get()));
        }
    }

    private Optional<Job> claim() {
        if (handlers.isEmpty()) {
            return Optional.empty();
        }
        return queue
                .claim(
                        1,
                        lease,
                        Jobs.COLUMNS,
                        Jobs::job,
                        // only the kinds this instance can run: instances of different versions may share a queue
                        Map.of("owner", instance, "kinds", "{" + String.join(",", handlers.keySet()) + "}"))
                .stream()
                .findFirst();
    }

    private void execute(Job job) {
        try {
            JobHandler handler = handlers.get(job.kind());
            byte[] input = jdbc.sql("SELECT input FROM background_job WHERE id = ?")
                    .param(job.id())
                    .query(byte[].class)
                    .optional()
                    .orElse(new byte[0]);
            JobResult result = handler.run(job, input == null ? new byte[0] : input, new Writer(job.id()));
            if (Thread.currentThread().isInterrupted()) {
                return; // stopping: stop() has marked it interrupted
            }
            end(job, Job.State.SUCCEEDED, result, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!running) {
                return; // cut off by the stop, which marked it interrupted
            }
            log.warn("job {} ({}) failed", job.id(), job.kind(), e);
            end(
                    job,
                    Job.State.FAILED,
                    null,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            mine.remove(job.id());
            free.release();
        }
    }

    /** Ends the job if this instance still holds it (a job marked interrupted meanwhile stays so). */
    private void end(Job job, Job.State state, @Nullable JobResult result, @Nullable String error) {
        tx.executeWithoutResult(s -> {
            int ended = jdbc.sql(
                            "UPDATE background_job SET state = ?, finished_at = ?, result_path = ?, result_label = ?, "
                                    + "error = ?, lease_owner = NULL, lease_until = NULL, input = NULL, "
                                    + "progress_done = CASE WHEN ? THEN coalesce(progress_total, progress_done) ELSE progress_done END "
                                    + "WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?")
                    .params(
                            state.name(),
                            Timestamp.from(clock.instant()),
                            result == null ? null : result.path(),
                            result == null ? null : result.label(),
                            error,
                            state == Job.State.SUCCEEDED,
                            job.id(),
                            instance)
                    .update();
            if (ended == 1) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("state", state.name());
                if (result != null) {
                    value.put("result", result.path());
                }
                audit.append(new AuditRecord(
                        job.requestedBy(),
                        state == Job.State.SUCCEEDED ? "job.succeeded" : "job.failed",
                        "job",
                        job.id().toString(),
                        null,
                        Map.of("state", "RUNNING"),
                        value,
                        error == null ? job.title() : job.title() + ": " + error,
                        null));
            }
        });
    }

    /** Marks this instance's running jobs interrupted (it is stopping). */
    int interruptMine(String why) {
        return interrupt("lease_owner = ?", instance, why);
    }

    /** Marks interrupted the running jobs whose lease ran out: their instance died without stopping. */
    int interruptAbandoned(Instant now) {
        return interrupt(
                "lease_until < ?", Timestamp.from(now), "the instance running it stopped without finishing it");
    }

    private int interrupt(String which, Object value, String why) {
        Integer n = tx.execute(s -> {
            List<Map<String, Object>> stopped = jdbc.sql(
                            "UPDATE background_job SET state = 'INTERRUPTED', finished_at = ?, "
                                    + "error = ?, lease_owner = NULL, lease_until = NULL, input = NULL "
                                    + "WHERE state = 'RUNNING' AND " + which
                                    + " RETURNING id, title, requested_by, lease_owner")
                    .params(Timestamp.from(clock.instant()), "interrupted: " + why, value)
                    .query((rs, i) -> Map.<String, Object>of(
                            "id", rs.getObject("id", UUID.class),
                            "title", rs.getString("title"),
                            "by", rs.getString("requested_by")))
                    .list();
            for (Map<String, Object> job : stopped) {
                audit.append(new AuditRecord(
                        "system",
                        "job.interrupted",
                        "job",
                        job.get("id").toString(),
                        null,
                        Map.of("state", "RUNNING"),
                        Map.of("state", "INTERRUPTED"),
                        job.get("title") + " (asked for by " + job.get("by") + ") interrupted: " + why
                                + "; start it again if its result is still needed",
                        null));
            }
            return stopped.size();
        });
        return n == null ? 0 : n;
    }

    /** Writes progress as it moves, renewing the lease with it; a step that changes nothing visible is not written. */
    private final class Writer implements JobHandler.Progress {

        private final UUID id;
        private volatile long total = -1;
        private volatile long lastWritten = -1;
        private volatile int lastPercent = -1;

        private Writer(UUID id) {
            this.id = id;
        }

        @Override
        public void total(long total) {
            this.total = total;
            jdbc.sql("UPDATE background_job SET progress_total = ? WHERE id = ? AND lease_owner = ?")
                    .params(total, id, instance)
                    .update();
        }

        @Override
        public void done(long done, String note) {
            long t = total;
            int percent = t > 0 ? (int) Math.min(100, done * 100 / t) : -1;
            boolean visible = t > 0 ? percent != lastPercent : done - lastWritten >= STEPS_WITHOUT_TOTAL || done == 0;
            if (!visible) {
                return;
            }
            lastPercent = percent;
            lastWritten = done;
            jdbc.sql("UPDATE background_job SET progress_done = ?, progress_note = ?, lease_until = ? "
                            + "WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?")
                    .params(done, note, Timestamp.from(clock.instant().plus(lease)), id, instance)
                    .update();
        }
    }
}
