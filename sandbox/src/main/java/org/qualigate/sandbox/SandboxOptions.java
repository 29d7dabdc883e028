package org.qualigate.sandbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How a {@link Sandbox} is started: port, SCIM token, demo data, seed and the webhook sender's target.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 * @param scimBearerToken the bearer token SCIM clients must present
 * @param demoData whether to load the demo plant (workers, certifications, SCIM users and groups)
 * @param seed seed of the demo workforce generator and of the trickle
 * @param qualigateUri where the webhook sender posts ({@code /api/v1/hooks/{source}} is appended)
 * @param webhookSecret Standard Webhooks secret, {@code whsec_} + base64
 * @param webhookSource the source name in the hook path
 * @param backfill whether {@link WebhookSender#start()} sends one event per demo certification record
 * @param trickleEventsPerSecond rate of random events after start; 0 disables the trickle
 */
public record SandboxOptions(
        int port,
        String scimBearerToken,
        boolean demoData,
        long seed,
        URI qualigateUri,
        String webhookSecret,
        String webhookSource,
        boolean backfill,
        double trickleEventsPerSecond) {

    /** The demo secret when {@code QUALIGATE_HOOK_SECRET} is not set; documented, never for production. */
    public static final String DEMO_WEBHOOK_SECRET = "whsec_"
            + Base64.getEncoder()
                    .encodeToString("qualigate-demo-hris-secret-000001".getBytes(StandardCharsets.US_ASCII));

    public static final String DEFAULT_SCIM_TOKEN = "sandbox-scim-token";
    public static final long DEFAULT_SEED = 20_260_101L;

    public SandboxOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(scimBearerToken, "scimBearerToken");
        if (scimBearerToken.isBlank()) {
            throw new IllegalArgumentException("scimBearerToken must not be blank");
        }
        Objects.requireNonNull(qualigateUri, "qualigateUri");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(webhookSource, "webhookSource");
        if (!webhookSource.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("webhookSource must be a path segment: " + webhookSource);
        }
        if (!(trickleEventsPerSecond >= 0) || Double.isInfinite(trickleEventsPerSecond)) {
            throw new IllegalArgumentException("trickleEventsPerSecond must be >= 0: " + trickleEventsPerSecond);
        }
        // Fails early on a malformed secret rather than at the first send.
        new StandardWebhooks(webhookSecret);
    }

    /** Port 0, the default token, no demo data, no backfill and no trickle. */
    public static SandboxOptions forTests() {
        return new SandboxOptions(
                0,
                DEFAULT_SCIM_TOKEN,
                false,
                DEFAULT_SEED,
                URI.create("http://localhost:8080"),
                DEMO_WEBHOOK_SECRET,
                "hris",
                false,
                0);
    }

    /** Port 8090, demo plant, backfill and a trickle of 0.5 events per second towards localhost:8080. */
    public static SandboxOptions demo() {
        String secret = System.getenv("QUALIGATE_HOOK_SECRET");
        return new SandboxOptions(
                8090,
                DEFAULT_SCIM_TOKEN,
                true,
                DEFAULT_SEED,
                URI.create("http://localhost:8080"),
                secret == null || secret.isBlank() ? DEMO_WEBHOOK_SECRET : secret,
                "hris",
                true,
                0.5);
    }

    public SandboxOptions withPort(int port) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withScimBearerToken(String scimBearerToken) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withDemoData(boolean demoData) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withSeed(long seed) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withQualigateUri(URI qualigateUri) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withWebhookSecret(String webhookSecret) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withWebhookSource(String webhookSource) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withBackfill(boolean backfill) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }

    public SandboxOptions withTrickleEventsPerSecond(double trickleEventsPerSecond) {
        return new SandboxOptions(
                port,
                scimBearerToken,
                demoData,
                seed,
                qualigateUri,
                webhookSecret,
                webhookSource,
                backfill,
                trickleEventsPerSecond);
    }
}
