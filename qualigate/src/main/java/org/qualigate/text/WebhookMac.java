package org.qualigate.text;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC of Standard Webhooks 1.0, the one way the service computes it: HMAC-SHA256 under one secret over {@code
 * id.timestamp.body} (the message id, the Unix seconds as sent, the raw body). Used to sign what Qualigate sends and to
 * verify what it receives; comparing a received signature with it, in constant time, stays with the verifier.
 */
public final class WebhookMac {

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    // initialised once and copied for each message: initialising a MAC costs more than using it, and a MAC is not
    // thread-safe
    private final Mac prototype;

    /** The MAC under the secret's decoded bytes (what follows {@code whsec_}, base64-decoded). */
    public WebhookMac(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        this.key = new SecretKeySpec(secret, HMAC);
        this.prototype = initialised(key);
    }

    /** The 32 bytes of HMAC-SHA256 over {@code id.timestamp.body}. */
    public byte[] of(String id, String timestamp, byte[] body) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = initialised(key);
        }
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(body);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "WebhookMac[HMAC-SHA256]";
    }

    private static Mac initialised(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java platform", e);
        }
    }
}
