package org.qualigate.bench.faults;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a stream of certification events through the service, one script per person, the persons in
 * parallel, as an HRIS would: every event is re-sent until the service acknowledges it, whatever is
 * failing meanwhile. Along the way it sends exact duplicates, stale versions, pairs out of order and
 * timestamps skewed within and beyond the five-minute tolerance, and feeds every acknowledgement into
 * the {@link Expectations}.
 */
final class EventPump implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventPump.class);
    /** Longer than a life of the service may take to start: an HRIS keeps sending while the service is down. */
    private static final Duration GIVE_UP = Patience.RESENDING;

    /** The kinds of sends the pump counts. */
    enum Kind {
        EVENTS_ACCEPTED,
        DUPLICATES_ACKNOWLEDGED,
        STALE_VERSIONS_SENT,
        OUT_OF_ORDER_PAIRS,
        SKEW_WITHIN_TOLERANCE_ACCEPTED,
        SKEW_BEYOND_TOLERANCE_REFUSED,
        SKEW_BEYOND_TOLERANCE_ACCEPTED,
        SHORT_EXPIRIES,
        RESENDS_AFTER_NO_ANSWER,
        UNEXPECTED_ANSWERS,
        EVENTS_GIVEN_UP
    }

    private final SystemUnderTest sut;
    private final Expectations model;
    private final Duration pacePerPerson;
    private final ExecutorService pool;
    private final Map<Kind, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private final List<java.util.concurrent.Future<?>> scripts = new ArrayList<>();

    EventPump(SystemUnderTest sut, Expectations model, List<String> people, Duration pacePerPerson, long seed) {
        this.sut = sut;
        this.model = model;
        this.pacePerPerson = pacePerPerson;
        for (Kind k : Kind.values()) {
            counts.put(k, new AtomicLong());
        }
        this.pool = Executors.newVirtualThreadPerTaskExecutor();
        int i = 0;
        for (String p : people) {
            model.person(p);
            Random random = new Random(seed * 31 + i++);
            scripts.add(pool.submit(() -> script(p, random)));
        }
    }

    long count(Kind kind) {
        return counts.get(kind).get();
    }

    Map<Kind, Long> counts() {
        Map<Kind, Long> m = new java.util.EnumMap<>(Kind.class);
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Stops at once, abandoning the events being sent (when the run has already failed). */
    void abort() {
        running = false;
        pool.shutdownNow();
    }

    /** Lets every script finish the event it is sending, then stops. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        pool.shutdown();
        if (!pool.awaitTermination(GIVE_UP.toSeconds() + 30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }

    private void script(String p, Random random) {
        try {
            send(new HrEvent(id(), p, "WD-CERT-1001", false, 1, null), 0, false);
            send(new HrEvent(id(), p, "WD-CERT-1002", false, 1, null), 0, false);
            long version = 0;
            boolean completed = false;
            @Nullable HrEvent last = null;
            while (running) {
                Thread.sleep(pacePerPerson.toMillis() / 2 + random.nextLong(pacePerPerson.toMillis() + 1));
                int dice = random.nextInt(100);
                if (dice < 40 || last == null) {
                    last = new HrEvent(id(), p, "WD-CERT-6001", completed, ++version, null);
                    completed = !completed;
                    send(last, 0, false);
                } else if (dice < 55) {
                    Instant expiry = Instant.now().plusSeconds(6 + random.nextInt(8));
                    last = new HrEvent(id(), p, "WD-CERT-6001", false, ++version, expiry);
                    completed = false; // it will have expired; the next toggle completes it again
                    send(last, 0, false);
                    counts.get(Kind.SHORT_EXPIRIES).incrementAndGet();
                } else if (dice < 67) {
                    // The HRIS did not see our answer and sends the very same webhook again.
                    send(last, 0, true);
                } else if (dice < 77 && version >= 2) {
                    // An old version arrives late: it must not win over the newer one.
                    send(new HrEvent(id(), p, "WD-CERT-6001", !last.revoked(), version - 1, null), 0, false);
                    counts.get(Kind.STALE_VERSIONS_SENT).incrementAndGet();
                } else if (dice < 88) {
                    // Two new versions arrive out of order: the higher one must win.
                    HrEvent newer = new HrEvent(id(), p, "WD-CERT-6001", completed, version + 2, null);
                    HrEvent older = new HrEvent(id(), p, "WD-CERT-6001", !completed, version + 1, null);
                    send(newer, 0, false);
                    send(older, 0, false);
                    version += 2;
                    completed = !completed;
                    last = newer;
                    counts.get(Kind.OUT_OF_ORDER_PAIRS).incrementAndGet();
                } else {
                    // The HRIS clock is off: within five minutes it is accepted, beyond it refused.
                    boolean beyond = random.nextBoolean();
                    long skew = (beyond ? 330 + random.nextInt(270) : 60 + random.nextInt(220))
                            * (random.nextBoolean() ? 1 : -1);
                    last = new HrEvent(id(), p, "WD-CERT-6001", completed, ++version, null);
                    completed = !completed;
                    send(last, skew, false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("event script for {} failed", p, e);
            counts.get(Kind.UNEXPECTED_ANSWERS).incrementAndGet();
        }
    }

    /**
     * Sends the event until the service acknowledges it. A skewed timestamp beyond the tolerance must be
     * refused with 401; the event is then sent again with a correct one.
     */
    private void send(HrEvent event, long skewSeconds, boolean resend) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        boolean beyondTolerance = Math.abs(skewSeconds) > 300;
        long skew = skewSeconds;
        byte[] body = event.body();
        int tries = 0;
        while (System.nanoTime() - deadline < 0) {
            tries++;
            HttpResponse<String> answer;
            try {
                answer = sut.hook(event.webhookId(), Instant.now().getEpochSecond() + skew, body);
            } catch (IOException e) {
                // No answer: the service is down, restarting or was killed mid-request. Send it again.
                if (tries == 1) {
                    counts.get(Kind.RESENDS_AFTER_NO_ANSWER).incrementAndGet();
                }
                Thread.sleep(250);
                continue;
            }
            int status = answer.statusCode();
            if (status == 200 || status == 202) {
                Instant at = Instant.now();
                boolean duplicate = answer.body().contains("\"duplicate\":true");
                if (resend) {
                    counts.get(duplicate ? Kind.DUPLICATES_ACKNOWLEDGED : Kind.UNEXPECTED_ANSWERS)
                            .incrementAndGet();
                } else {
                    model.accepted(event, at);
                    counts.get(Kind.EVENTS_ACCEPTED).incrementAndGet();
                    if (skewSeconds != 0) {
                        counts.get(
                                        beyondTolerance
                                                ? Kind.SKEW_BEYOND_TOLERANCE_ACCEPTED
                                                : Kind.SKEW_WITHIN_TOLERANCE_ACCEPTED)
                                .incrementAndGet();
                    }
                }
                return;
            }
            if (status == 401 && skew != 0 && beyondTolerance) {
                counts.get(Kind.SKEW_BEYOND_TOLERANCE_REFUSED).incrementAndGet();
                skew = 0;
                continue;
            }
            if (status >= 500 || status == 429) {
                Thread.sleep(250);
                continue;
            }
            log.warn("unexpected answer {} to {}: {}", status, event.webhookId(), answer.body());
            counts.get(Kind.UNEXPECTED_ANSWERS).incrementAndGet();
            return;
        }
        log.error("gave up sending {} after {}", event.webhookId(), GIVE_UP);
        counts.get(Kind.EVENTS_GIVEN_UP).incrementAndGet();
    }

    private static String id() {
        return "msg_" + UUID.randomUUID();
    }
}
