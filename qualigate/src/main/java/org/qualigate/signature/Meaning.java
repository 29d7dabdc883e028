package org.qualigate.signature;

/** What a signature means (21 CFR 11.50(a)(3)). */
public enum Meaning {
    AUTHORED,
    REVIEWED,
    APPROVED,
    REJECTED,
    RESOLVED,
    CLOSED
}
