package org.qualigate.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.sandbox.SideEffects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook to role: people who already hold GMP-BASIC and GDP-DOC receive BATCH-REVIEW at a steady rate, and
 * for each the time from just before the POST to the simulated MES adding them to the batch reviewer group
 * is measured. Both instants come from the same clock, the sandbox running in this JVM.
 */
final class RoleLatency {

    static final String ROLE_GROUP = "BSL.QA.BATCH_REVIEWER";

    private static final Logger log = LoggerFactory.getLogger(RoleLatency.class);

    private final SignedHooks hooks;
    private final SideEffects sideEffects;
    private final Clock clock;
    private final List<String> people;

    /** The outcome: the distribution, the prerequisite events refused, and the role webhooks refused. */
    record Result(LatencySummary latency, int prerequisitesRefused, int refused, Duration sending) {}

    RoleLatency(SignedHooks hooks, SideEffects sideEffects, Clock clock, List<String> people) {
        this.hooks = hooks;
        this.sideEffects = sideEffects;
        this.clock = clock;
        this.people = List.copyOf(people);
    }

    /** Sends GMP-BASIC and GDP-DOC for every person, from four clients; returns how many were refused. */
    int sendPrerequisites() throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            senders.add(Thread.ofPlatform().start(() -> {
                try (HttpClient http = http()) {
                    for (int i = next.getAndIncrement(); i < people.size() * 2; i = next.getAndIncrement()) {
                        String person = people.get(i / 2);
                        String certification = i % 2 == 0 ? CertificationEvent.GMP_BASIC : CertificationEvent.GDP_DOC;
                        CertificationEvent event = CertificationEvent.completed(
                                person, certification, "TR-PRE-" + person + "-" + certification, clock.instant());
                        try {
                            int status = http.send(
                                            hooks.request("msg_pre_" + person + "_" + certification, event.body()),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            if (status != 202) {
                                refused.incrementAndGet();
                            }
                        } catch (Exception e) {
                            refused.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Thread s : senders) {
            s.join();
        }
        return refused.get();
    }

    /** Sends BATCH-REVIEW to each person at {@code ratePerSecond} and waits up to {@code timeout} per grant. */
    Result measure(double ratePerSecond, Duration timeout, int prerequisitesRefused) throws InterruptedException {
        long fromSeq = sideEffects.latestSeq();
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long began = System.nanoTime();
        try (HttpClient http = http()) {
            for (int i = 0; i < people.size(); i++) {
                long due = began + i * intervalNanos;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                String person = people.get(i);
                // Taken before the body is built and signed, so the measure covers everything after "send".
                Instant sent = clock.instant();
                CertificationEvent event = CertificationEvent.completed(
                        person, CertificationEvent.BATCH_REVIEW, "TR-ROLE-" + person, sent);
                var request = hooks.request("msg_role_" + person, event.body());
                sentAt.put(person, sent);
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .handle((response, failure) -> {
                            if (failure != null || response.statusCode() != 202) {
                                refused.add(person);
                            }
                            return null;
                        }));
            }
            Duration sending = Duration.ofNanos(System.nanoTime() - began);
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .orTimeout(timeout.toSeconds() + 5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
            Map<String, Duration> granted = awaitGrants(fromSeq, sentAt, refused, timeout);
            Histogram micros = LatencySummary.newHistogram();
            granted.values()
                    .forEach(d -> micros.recordValue(
                            Math.min(Math.max(0, d.toNanos() / 1000), LatencySummary.HIGHEST_MICROS)));
            long missing = people.size() - granted.size();
            return new Result(LatencySummary.of(micros, missing), prerequisitesRefused, refused.size(), sending);
        }
    }

    /** Collects the grants that arrive within the timeout of their webhook. */
    private Map<String, Duration> awaitGrants(
            long fromSeq, Map<String, Instant> sentAt, Set<String> refused, Duration timeout)
            throws InterruptedException {
        Map<String, Duration> granted = new HashMap<>();
        Instant lastSent = sentAt.values().stream().max(Instant::compareTo).orElse(clock.instant());
        Instant giveUp = lastSent.plus(timeout);
        long seq = fromSeq;
        while (true) {
            for (SideEffect e : sideEffects.since(seq)) {
                seq = Math.max(seq, e.seq());
                if (e.operation().equals("group.member.add") && e.resource().equals(ROLE_GROUP)) {
                    Instant sent = sentAt.get(e.detail());
                    if (sent != null && !granted.containsKey(e.detail())) {
                        Duration latency = Duration.between(sent, e.at());
                        if (latency.compareTo(timeout) <= 0) {
                            granted.put(e.detail(), latency);
                        }
                    }
                }
            }
            long outstanding = sentAt.keySet().stream()
                    .filter(p -> !granted.containsKey(p) && !refused.contains(p))
                    .count();
            if (outstanding == 0 || clock.instant().isAfter(giveUp)) {
                if (outstanding > 0) {
                    log.warn("{} role grants did not arrive within {}", outstanding, timeout);
                }
                return granted;
            }
            Thread.sleep(50);
        }
    }

    private static HttpClient http() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
