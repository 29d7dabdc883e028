package org.qualigate.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HRIS side of the webhook contract: signs events per Standard Webhooks 1.0 and posts them to Qualigate's
 * {@code /api/v1/hooks/{source}}; in the background, a backfill of every demo certification and a trickle of
 * random completions, renewals and revocations.
 *
 * <p>{@link #send} makes exactly one attempt, for tests; {@link #deliver} retries like a real sender: no answer,
 * 429 or 5xx are retried with exponential backoff (honouring {@code Retry-After}) under the same
 * {@code webhook-id}, each attempt signed afresh with its own timestamp; any other 4xx is final.
 */
public final class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    static final int MAX_ATTEMPTS = 8;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final int BACKFILL_PER_SECOND = 200;
    private static final int MAX_IN_FLIGHT = 32;
    private static final int LOGGED_REJECTIONS = 20;
    private static final char[] ID_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final SandboxOptions options;
    private final Clock clock;
    private final JsonMapper json;
    private final HrisDirectory hris;
    private final @Nullable DemoPlant plant;
    private final StandardWebhooks signer;
    private final URI hookUri;
    private final HttpClient http;
    private final Random random;
    private final TrickleEvents trickle;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong backfillDone = new AtomicLong();
    private volatile long backfillTotal;

    private @Nullable ExecutorService background;
    private @Nullable ScheduledExecutorService summary;

    WebhookSender(SandboxOptions options, Clock clock, JsonMapper json, HrisDirectory hris, @Nullable DemoPlant plant) {
        this.options = options;
        this.clock = clock;
        this.json = json;
        this.hris = hris;
        this.plant = plant;
        this.signer = new StandardWebhooks(options.webhookSecret());
        this.hookUri =
                URI.create(stripSlash(options.qualigateUri().toString()) + "/api/v1/hooks/" + options.webhookSource());
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.random = new Random(options.seed() + 1);
        this.trickle = new TrickleEvents(hris, plant, clock, random);
    }

    /** Where events go: {@code qualigateUri + /api/v1/hooks/ + source}. */
    public URI hookUri() {
        return hookUri;
    }

    /** Signs and posts the body once, with a fresh {@code webhook-id} and the current timestamp. */
    public SendResult send(Map<String, Object> body) {
        return send(newWebhookId(), clock.instant().getEpochSecond(), json.writeValueAsBytes(body));
    }

    /** Posts these exact bytes once, signed for this id and timestamp (to test duplicates and stale timestamps). */
    public SendResult send(String webhookId, long timestamp, byte[] body) {
        return attempt(webhookId, timestamp, body, 1).result();
    }

    /** Signs and posts the body, retrying as a real sender would until accepted, finally refused, or out of attempts. */
    public SendResult deliver(Map<String, Object> body) {
        return deliver(newWebhookId(), json.writeValueAsBytes(body));
    }

    /** Starts the backfill (if enabled) and the trickle (if its rate is above zero); does nothing if running. */
    public synchronized void start() {
        if (background != null) {
            return;
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        background = executor;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-summary");
            t.setDaemon(true);
            return t;
        });
        summary = ticker;
        ticker.scheduleAtFixedRate(() -> log.info(summary()), 30, 30, TimeUnit.SECONDS);
        if (options.backfill()) {
            executor.submit(() -> backfill(executor));
        }
        if (options.trickleEventsPerSecond() > 0) {
            executor.submit(() -> trickle(executor));
        }
        log.info(
                "webhook sender started towards {} (backfill {}, trickle {}/s)",
                hookUri,
                options.backfill() ? "on" : "off",
                options.trickleEventsPerSecond());
    }

    /** Stops the backfill and the trickle; deliveries in flight are abandoned. */
    public synchronized void stop() {
        if (background != null) {
            background.shutdownNow();
            background = null;
        }
        if (summary != null) {
            summary.shutdownNow();
            summary = null;
            log.info(summary());
        }
    }

    /** One line: what was sent, accepted, refused and retried so far. */
    public String summary() {
        return String.format(
                "webhooks to %s: %d sent, %d accepted, %d duplicate, %d rejected (4xx), %d failed after retries, %d"
                        + " retries; backfill %d/%d",
                hookUri,
                sent.get(),
                accepted.get(),
                duplicates.get(),
                rejected.get(),
                failed.get(),
                retries.get(),
                backfillDone.get(),
                backfillTotal);
    }

    // ---------------------------------------------------------------------------------------------------------

    private SendResult deliver(String webhookId, byte[] body) {
        Answer answer = attempt(webhookId, clock.instant().getEpochSecond(), body, 1);
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 2; attempt <= MAX_ATTEMPTS && answer.result().retryable(); attempt++) {
            retries.incrementAndGet();
            Duration wait = answer.retryAfter() != null
                    ? Duration.ofSeconds(Math.min(answer.retryAfter(), MAX_BACKOFF.toSeconds()))
                    : backoff;
            // Jitter keeps a fleet of senders from retrying in lock-step after an outage.
            long millis = (long) (wait.toMillis() * (0.5 + random.nextDouble() * 0.5));
            try {
                Thread.sleep(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            answer = attempt(webhookId, clock.instant().getEpochSecond(), body, attempt);
        }
        record(answer.result(), body);
        return answer.result();
    }

    /** One attempt's result and the {@code Retry-After} seconds it carried, if any. */
    private record Answer(SendResult result, @Nullable Long retryAfter) {}

    private Answer attempt(String webhookId, long timestamp, byte[] body, int attemptNumber) {
        HttpRequest request = HttpRequest.newBuilder(hookUri)
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        sent.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Long retryAfter = null;
            String header = response.headers().firstValue("Retry-After").orElse(null);
            if (header != null && header.trim().matches("\\d{1,6}")) {
                // An HTTP-date Retry-After falls back to the exponential backoff.
                retryAfter = Long.parseLong(header.trim());
            }
            return new Answer(
                    new SendResult(webhookId, response.statusCode(), response.body(), attemptNumber, null), retryAfter);
        } catch (IOException e) {
            return new Answer(
                    new SendResult(
                            webhookId, 0, "", attemptNumber, e.getClass().getSimpleName() + ": " + e.getMessage()),
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(new SendResult(webhookId, 0, "", attemptNumber, "interrupted"), null);
        }
    }

    private void record(SendResult result, byte[] body) {
        if ("interrupted".equals(result.error())) {
            // Stopped on purpose: not a delivery failure.
            return;
        }
        if (result.accepted()) {
            accepted.incrementAndGet();
            if (result.status() == 200) {
                duplicates.incrementAndGet();
            }
        } else if (result.retryable()) {
            failed.incrementAndGet();
            log.warn(
                    "webhook {} not delivered after {} attempts: {}",
                    result.webhookId(),
                    result.attempts(),
                    result.error() != null ? result.error() : result.status() + " " + abbreviate(result.body()));
        } else if (rejected.incrementAndGet() <= LOGGED_REJECTIONS) {
            log.warn(
                    "webhook {} refused with {} (final): {} for {}",
                    result.webhookId(),
                    result.status(),
                    abbreviate(result.body()),
                    abbreviate(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private void backfill(ExecutorService executor) {
        List<CertificationRecord> records = new ArrayList<>();
        for (CertificationRecord r : hris.certifications()) {
            if (!r.revoked()) {
                records.add(r);
            }
        }
        backfillTotal = records.size();
        log.info("backfill: {} certification records at up to {}/s", records.size(), BACKFILL_PER_SECOND);
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / BACKFILL_PER_SECOND;
        try {
            for (int i = 0; i < records.size(); i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                inFlight.acquire();
                Map<String, Object> body = records.get(i).webhookBody("certification.completed");
                executor.submit(() -> {
                    try {
                        deliver(body);
                        backfillDone.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                });
            }
            inFlight.acquire(MAX_IN_FLIGHT);
            log.info("backfill finished: {}", summary());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void trickle(ExecutorService executor) {
        if (plant == null || hris.workers().isEmpty()) {
            log.info("trickle: no demo workforce, nothing to send");
            return;
        }
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        double rate = options.trickleEventsPerSecond();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // Exponential gaps: events arrive as a Poisson process, bursts and lulls included.
                double gapSeconds = -Math.log(1 - random.nextDouble()) / rate;
                Thread.sleep(Math.max(1, (long) (gapSeconds * 1000)));
                Map<String, Object> body = trickle.next();
                if (!inFlight.tryAcquire()) {
                    continue;
                }
                executor.submit(() -> {
                    try {
                        deliver(body);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String newWebhookId(Random random) {
        StringBuilder id = new StringBuilder("msg_");
        for (int i = 0; i < 24; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    private String newWebhookId() {
        return newWebhookId(IDS);
    }

    // Webhook ids must be unique across runs, so they do not come from the seeded generator.
    private static final Random IDS = new java.security.SecureRandom();

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The random events of the trickle, consistent with what the HRIS directory holds. */
    static final class TrickleEvents {
        private final HrisDirectory hris;
        private final @Nullable DemoPlant plant;
        private final Clock clock;
        private final Random random;
        private final AtomicLong nextRecord = new AtomicLong(900_001);

        TrickleEvents(HrisDirectory hris, @Nullable DemoPlant plant, Clock clock, Random random) {
            this.hris = hris;
            this.plant = plant;
            this.clock = clock;
            this.random = random;
        }

        /** The next event body; the directory is updated to match, except for the deliberately invalid ones. */
        synchronized Map<String, Object> next() {
            if (plant == null) {
                throw new IllegalStateException("the trickle needs the demo plant");
            }
            List<Worker> workers = hris.workers().stream()
                    .filter(w -> w.status().equals(Worker.ACTIVE))
                    .toList();
            List<CertificationRecord> records =
                    hris.certifications().stream().filter(r -> !r.revoked()).toList();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            double r = random.nextDouble();
            if (r < 0.02) {
                return invalid(workers, now);
            }
            if (r < 0.07 || records.isEmpty()) {
                return completion(workers, now, r < 0.07);
            }
            // The rest in the plant's proportions: completions 0.02, renewals 0.015, revocations 0.0005 per day.
            double kind = random.nextDouble() * (0.02 + 0.015 + 0.0005);
            if (kind < 0.02) {
                return completion(workers, now, false);
            }
            CertificationRecord existing = records.get(random.nextInt(records.size()));
            if (kind < 0.035) {
                LocalDate today = today(existing.employeeId(), now);
                CertificationRecord renewed =
                        existing.next(today, expiry(existing.certificationId(), today), now, false);
                hris.putCertification(renewed);
                return renewed.webhookBody("certification.updated");
            }
            CertificationRecord revoked = existing.next(existing.completedOn(), existing.expiresOn(), now, true);
            hris.putCertification(revoked);
            return revoked.webhookBody("certification.revoked");
        }

        private Map<String, Object> completion(List<Worker> workers, Instant now, boolean expiresInMinutes) {
            Worker worker = workers.get(random.nextInt(workers.size()));
            DemoPlant.Qualification q = qualificationFor(worker);
            LocalDate today = today(worker.employeeId(), now);
            String expiresOn = expiresInMinutes
                    ? now.plus(3 + random.nextInt(13), ChronoUnit.MINUTES)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString()
                    : expiry(q.workday(), today);
            int level = levelFor(worker, q);
            CertificationRecord record = new CertificationRecord(
                    "TR-" + nextRecord.getAndIncrement(),
                    worker.employeeId(),
                    q.workday(),
                    q.name(),
                    level,
                    today,
                    expiresOn,
                    "TC-" + (1000 + random.nextInt(9000)),
                    now.truncatedTo(ChronoUnit.SECONDS),
                    1,
                    false);
            hris.putCertification(record);
            return record.webhookBody("certification.completed");
        }

        /**
         * One in fifty events names an unknown employee or an unmapped certification, as real feeds do. The
         * unmapped ones are what plants really see: a course the HRIS re-coded ({@code WD-CERT-9xxx}, "revised
         * course"), completed by someone who lacks it, so mapping the new code in the demo grants roles.
         */
        private Map<String, Object> invalid(List<Worker> workers, Instant now) {
            Worker worker = workers.get(random.nextInt(workers.size()));
            boolean unknownEmployee = random.nextBoolean();
            DemoPlant.Qualification q = unknownEmployee ? qualificationFor(worker) : lackedBy(worker);
            LocalDate today = today(worker.employeeId(), now);
            CertificationRecord record = new CertificationRecord(
                    "TR-" + nextRecord.getAndIncrement(),
                    unknownEmployee ? "E99" + (100 + random.nextInt(900)) : worker.employeeId(),
                    unknownEmployee ? q.workday() : revisedCode(q),
                    unknownEmployee ? q.name() : q.name() + " (revised course)",
                    Math.max(1, q.levels()),
                    today,
                    today.plusMonths(12).toString(),
                    "TC-" + (1000 + random.nextInt(9000)),
                    now.truncatedTo(ChronoUnit.SECONDS),
                    1,
                    false);
            return record.webhookBody("certification.completed");
        }

        /** An HRIS qualification the worker does not hold (any, when they hold them all). */
        private DemoPlant.Qualification lackedBy(Worker worker) {
            DemoPlant nonNullPlant = java.util.Objects.requireNonNull(plant);
            java.util.Set<String> held = new java.util.HashSet<>();
            hris.profile(worker.employeeId()).ifPresent(p -> p.held().forEach(h -> held.add(h.code())));
            List<DemoPlant.Qualification> lacked = nonNullPlant.qualifications().stream()
                    .filter(DemoPlant.Qualification::hris)
                    .filter(q -> !held.contains(q.code()))
                    .toList();
            return lacked.isEmpty() ? qualificationFor(worker) : lacked.get(random.nextInt(lacked.size()));
        }

        /** The stable new code the HRIS gave a course when it re-coded it: {@code WD-CERT-1001} → {@code WD-CERT-91001}. */
        private static String revisedCode(DemoPlant.Qualification q) {
            return java.util.Objects.requireNonNull(q.workday()).replace("WD-CERT-", "WD-CERT-9");
        }

        private DemoPlant.Qualification qualificationFor(Worker worker) {
            DemoPlant nonNullPlant = java.util.Objects.requireNonNull(plant);
            List<DemoPlant.Qualification> candidates = new ArrayList<>();
            hris.profile(worker.employeeId())
                    .ifPresent(p -> p.held()
                            .forEach(h -> nonNullPlant.qualification(h.code()).ifPresent(candidates::add)));
            if (candidates.isEmpty()) {
                nonNullPlant.qualifications().stream()
                        .filter(DemoPlant.Qualification::hris)
                        .forEach(candidates::add);
            }
            return candidates.get(random.nextInt(candidates.size()));
        }

        private int levelFor(Worker worker, DemoPlant.Qualification q) {
            return hris.profile(worker.employeeId()).stream()
                    .flatMap(p -> p.held().stream())
                    .filter(h -> h.code().equals(q.code()))
                    .mapToInt(DemoPlant.Requirement::minLevel)
                    .findFirst()
                    .orElse(1);
        }

        private @Nullable String expiry(String certificationId, LocalDate completedOn) {
            DemoPlant nonNullPlant = java.util.Objects.requireNonNull(plant);
            return nonNullPlant.qualifications().stream()
                    .filter(q -> certificationId.equals(q.workday()))
                    .findFirst()
                    .map(q -> q.validityMonths() == null
                            ? null
                            : completedOn.plusMonths(q.validityMonths()).toString())
                    .orElse(completedOn.plusMonths(12).toString());
        }

        private LocalDate today(String employeeId, Instant now) {
            DemoPlant nonNullPlant = java.util.Objects.requireNonNull(plant);
            ZoneId zone = hris.worker(employeeId)
                    .flatMap(w -> nonNullPlant.sites().stream()
                            .filter(s -> s.code().equals(w.site()))
                            .findFirst())
                    .map(s -> ZoneId.of(s.zone()))
                    .orElse(ZoneId.of("UTC"));
            return LocalDate.ofInstant(now, zone);
        }
    }
}
