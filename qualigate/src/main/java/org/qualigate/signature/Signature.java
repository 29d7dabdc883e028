package org.qualigate.signature;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One applied electronic signature, as stored (and as shown wherever the signed record is shown). */
public record Signature(
        UUID id,
        String recordType,
        String recordId,
        String recordSha256,
        Meaning meaning,
        long signerId,
        String signerUsername,
        String printedName,
        Instant signedAt,
        ZoneId signerZone,
        @Nullable String reason,
        String signatureSha256) {

    /** The signing time in the signer's zone, as printed beside the name (11.50(a)(2)). */
    public String localTime() {
        return signedAt.atZone(signerZone).toOffsetDateTime() + " " + signerZone.getId();
    }
}
