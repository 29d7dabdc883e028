package org.qualigate.signature;

import java.util.Objects;
import org.qualigate.audit.CanonicalJson;

/**
 * The record a signature applies to: its type and id, and its content as JSON; the signature binds the
 * SHA-256 of the RFC 8785 canonical form of that content.
 */
public record SignedRecord(String type, String id, String contentJson) {

    public SignedRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (!type.matches("[a-z][a-z0-9-]{1,39}")) {
            throw new IllegalArgumentException("type must be a lower-case record type, e.g. change-set");
        }
        if (id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException("id must be 1 to 200 characters");
        }
    }

    public String sha256() {
        return CanonicalJson.sha256Hex(CanonicalJson.canonicalize(contentJson));
    }
}
