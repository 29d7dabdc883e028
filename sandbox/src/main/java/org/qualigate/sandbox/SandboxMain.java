package org.qualigate.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sandbox as its own process with {@link SandboxOptions#demo()}, overridden by {@code SANDBOX_PORT},
 * {@code QUALIGATE_URL}, {@code QUALIGATE_HOOK_SECRET}, {@code SANDBOX_SCIM_TOKEN}, {@code SANDBOX_SEED},
 * {@code SANDBOX_TRICKLE_PER_SECOND} and {@code SANDBOX_BACKFILL}; the quality simulators by
 * {@code QUALIGATE_QUALITY_HOOK_SECRET}, {@code SANDBOX_QUALITY_HOOK_SOURCE}, {@code SANDBOX_QUALITY_NC_VERSION},
 * {@code SANDBOX_QUALITY_FEED_SECONDS} and the EMS producer by {@code SANDBOX_EMS_BOOTSTRAP} (off when unset),
 * {@code SANDBOX_EMS_TOPIC}, {@code SANDBOX_EMS_PER_SECOND}, {@code SANDBOX_EMS_EXCURSION_SHARE}. Starts sending
 * webhooks, the quality feed and the EMS readings once Qualigate is healthy.
 */
public final class SandboxMain {

    private static final Logger log = LoggerFactory.getLogger(SandboxMain.class);

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        SandboxOptions options = optionsFromEnvironment();
        QualityOptions quality = qualityOptionsFromEnvironment();
        Sandbox sandbox = Sandbox.start(options, quality, java.time.Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("sandbox stopping");
                            sandbox.close();
                            stopped.countDown();
                        },
                        "sandbox-shutdown"));
        System.out.println("Qualigate sandbox is up:");
        System.out.println("  SCIM 2.0 (MES)   " + sandbox.scimBaseUri() + "   (Authorization: Bearer "
                + options.scimBearerToken() + ")");
        System.out.println("  HRIS workers     " + sandbox.baseUri() + "/hris/v1/workers?page=1&pageSize=100");
        System.out.println("  faults           " + sandbox.baseUri() + "/sandbox/faults");
        System.out.println("  side effects     " + sandbox.baseUri() + "/sandbox/side-effects?since=0");
        System.out.println("  health           " + sandbox.baseUri() + "/sandbox/health");
        System.out.println("  webhooks go to   " + sandbox.webhooks().hookUri());
        QualitySimulators q = sandbox.quality();
        System.out.println("  S/4HANA (ERP)    " + q.erpBaseUri() + "/API_MATERIAL_DOCUMENT_SRV   (Basic "
                + org.qualigate.sandbox.erp.S4HanaSimulator.USER + ")");
        System.out.println("  Jira Cloud       " + q.jiraBaseUri() + "/rest/api/3   (Basic "
                + org.qualigate.sandbox.jira.JiraSimulator.EMAIL + ")");
        System.out.println("  Maximo           " + q.maximoBaseUri() + "/api/os/mxapiasset?lean=1   (apikey)");
        System.out.println("  regulatory store " + q.regulatoryBaseUri() + "/recall-reports   (Bearer)");
        System.out.println("  CloudEvents sink " + q.eventSinkUri() + "   (Bearer)");
        System.out.println("  quality events   " + q.webhooks().hookUri() + "   (feed every "
                + quality.feedIntervalSeconds() + " s)");
        System.out.println("  EMS readings     "
                + (quality.emsBootstrapServers() == null
                        ? "off (set SANDBOX_EMS_BOOTSTRAP)"
                        : quality.emsTopic() + " at " + quality.emsBootstrapServers()));
        boolean hris = options.backfill() || options.trickleEventsPerSecond() > 0;
        Thread.ofVirtual().name("await-qualigate").start(() -> {
            if (awaitHealthy(options.qualigateUri())) {
                if (hris) {
                    sandbox.webhooks().start();
                }
                sandbox.quality().start();
            }
        });
        stopped.await();
    }

    static SandboxOptions optionsFromEnvironment() {
        SandboxOptions options = SandboxOptions.demo();
        String port = env("SANDBOX_PORT");
        if (port != null) {
            options = options.withPort(Integer.parseInt(port));
        }
        String url = env("QUALIGATE_URL");
        if (url != null) {
            options = options.withQualigateUri(URI.create(url));
        }
        String secret = env("QUALIGATE_HOOK_SECRET");
        if (secret != null) {
            options = options.withWebhookSecret(secret);
        }
        String token = env("SANDBOX_SCIM_TOKEN");
        options = options.withScimBearerToken(token != null ? token : SandboxOptions.DEFAULT_SCIM_TOKEN);
        String seed = env("SANDBOX_SEED");
        if (seed != null) {
            options = options.withSeed(Long.parseLong(seed));
        }
        String trickle = env("SANDBOX_TRICKLE_PER_SECOND");
        if (trickle != null) {
            options = options.withTrickleEventsPerSecond(Double.parseDouble(trickle));
        }
        String backfill = env("SANDBOX_BACKFILL");
        if (backfill != null) {
            options = options.withBackfill(Boolean.parseBoolean(backfill));
        }
        return options;
    }

    static QualityOptions qualityOptionsFromEnvironment() {
        QualityOptions options = QualityOptions.defaults().withFeedIntervalSeconds(20);
        String secret = env("QUALIGATE_QUALITY_HOOK_SECRET");
        String source = env("SANDBOX_QUALITY_HOOK_SOURCE");
        String version = env("SANDBOX_QUALITY_NC_VERSION");
        options = options.withWebhook(
                source != null ? source : options.webhookSource(),
                secret != null ? secret : options.webhookSecret(),
                version != null ? Integer.parseInt(version) : options.ncSchemaVersion());
        String feed = env("SANDBOX_QUALITY_FEED_SECONDS");
        if (feed != null) {
            options = options.withFeedIntervalSeconds(Double.parseDouble(feed));
        }
        String topic = env("SANDBOX_EMS_TOPIC");
        String rate = env("SANDBOX_EMS_PER_SECOND");
        String share = env("SANDBOX_EMS_EXCURSION_SHARE");
        return options.withEms(
                env("SANDBOX_EMS_BOOTSTRAP"),
                topic != null ? topic : options.emsTopic(),
                rate != null ? Double.parseDouble(rate) : options.emsReadingsPerSecond(),
                share != null ? Double.parseDouble(share) : options.emsExcursionShare());
    }

    /** Polls {@code /actuator/health} until it answers 200; false if interrupted. */
    private static boolean awaitHealthy(URI qualigate) {
        URI health = URI.create(qualigate.toString().replaceAll("/+$", "") + "/actuator/health");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long started = System.nanoTime();
        long lastLog = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    log.info("Qualigate is healthy at {}; starting the webhook sender", health);
                    return true;
                }
            } catch (IOException e) {
                // Not up yet: keep polling.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            long waited = (System.nanoTime() - started) / 1_000_000_000L;
            if (waited - lastLog >= 30) {
                lastLog = waited;
                log.info("waiting for Qualigate at {} ({} s so far)", health, waited);
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static @Nullable String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
