package org.qualigate.intake;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.WebhookMac;

/**
 * Verifies Standard Webhooks 1.0 signatures: an HMAC-SHA256 over {@code id.timestamp.body} under one of the
 * endpoint's secrets (several while a secret is being rotated), with a timestamp close to now.
 */
public final class WebhookSignature {

    /** The replay window the Standard Webhooks libraries enforce. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,15}");
    private static final Pattern SEPARATORS = Pattern.compile("\\s+");

    private final List<WebhookMac> keys;
    private final Duration tolerance;

    /** Verifies with the default tolerance of five minutes. */
    public WebhookSignature(List<String> secrets) {
        this(secrets, DEFAULT_TOLERANCE);
    }

    /** Verifies against any of {@code secrets} ({@code whsec_} + base64), timestamps within ±{@code tolerance}. */
    public WebhookSignature(List<String> secrets, Duration tolerance) {
        requireNonNull(secrets, "secrets");
        requireNonNull(tolerance, "tolerance");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook endpoint needs at least one secret");
        }
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("webhook timestamp tolerance must not be negative: " + tolerance);
        }
        List<WebhookMac> parsed = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            parsed.add(key(secrets.get(i), "webhook secret #" + (i + 1) + " of " + secrets.size()));
        }
        this.keys = List.copyOf(parsed);
        this.tolerance = tolerance;
    }

    /** The outcome of a verification; a refusal carries its reason and is not an exception. */
    public record Verification(boolean valid, String reason) {

        public Verification {
            requireNonNull(reason, "reason");
        }

        static Verification accepted() {
            return new Verification(true, "valid signature");
        }

        static Verification refused(String reason) {
            return new Verification(false, reason);
        }
    }

    /**
     * Checks the three Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp}, {@code
     * webhook-signature}) against the raw request body, at {@code now}.
     */
    public Verification verify(
            @Nullable String id,
            @Nullable String timestamp,
            @Nullable String signatureHeader,
            byte[] body,
            Instant now) {
        requireNonNull(body, "body");
        requireNonNull(now, "now");
        if (id == null || id.isBlank()) {
            return Verification.refused("missing webhook-id header");
        }
        if (timestamp == null || timestamp.isBlank()) {
            return Verification.refused("missing webhook-timestamp header");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return Verification.refused("missing webhook-signature header");
        }
        if (!UNIX_SECONDS.matcher(timestamp).matches()) {
            return Verification.refused("malformed webhook-timestamp header");
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (sent.isBefore(now.minus(tolerance)) || sent.isAfter(now.plus(tolerance))) {
            return Verification.refused("timestamp outside tolerance");
        }
        List<byte[]> candidates = candidates(signatureHeader);
        if (candidates.isEmpty()) {
            return Verification.refused("no v1 signature in webhook-signature header");
        }
        boolean matched = false;
        // Every secret against every candidate, without stopping at the first match, in constant time.
        for (WebhookMac key : keys) {
            byte[] expected = key.of(id, timestamp, body);
            for (byte[] candidate : candidates) {
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched ? Verification.accepted() : Verification.refused("no matching signature");
    }

    /** The {@code webhook-signature} value ({@code v1,<base64>}) that {@code secret} gives this message. */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        requireNonNull(id, "id");
        requireNonNull(body, "body");
        byte[] mac = key(secret, "webhook secret").of(id, Long.toString(timestamp), body);
        return VERSION + "," + Base64.getEncoder().encodeToString(mac);
    }

    /** Never shows the secrets, only how many there are. */
    @Override
    public String toString() {
        return "WebhookSignature[secrets=" + keys.size() + ", tolerance=" + tolerance + "]";
    }

    private static WebhookMac key(@Nullable String secret, String name) {
        // The messages name the secret by position only: a secret must never reach a log.
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException(name + " does not start with '" + SECRET_PREFIX + "'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not '" + SECRET_PREFIX + "' followed by base64");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException(name + " is empty after '" + SECRET_PREFIX + "'");
        }
        return new WebhookMac(bytes);
    }

    private static List<byte[]> candidates(String header) {
        List<byte[]> candidates = new ArrayList<>();
        for (String entry : SEPARATORS.split(header.strip())) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !VERSION.equals(entry.substring(0, comma))) {
                continue; // other versions are for other verifiers
            }
            try {
                candidates.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
            } catch (IllegalArgumentException e) {
                // A malformed entry cannot match; the others may.
            }
        }
        return candidates;
    }
}
