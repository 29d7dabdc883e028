package org.qualigate.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generated inputs for the policy's properties: records of the demo plant's qualifications, and sites. */
final class PolicyArbitraries {

    static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    static final List<String> CODES = List.of(
            "GMP-BASIC",
            "GDP-DOC",
            "CLEANROOM",
            "ASEPTIC-GOWN",
            "MEDIA-FILL",
            "ISOLATOR-OP",
            "FILLER-OP",
            "LINE-CLEARANCE",
            "SOP-BSL-FILL-014",
            "PACK-SERIAL",
            "GRAN-OP",
            "PRESS-OP",
            "LOTO",
            "BATCH-REVIEW");

    private PolicyArbitraries() {}

    static Arbitrary<String> sites() {
        return Arbitraries.of("BSL", "IND", "SGP");
    }

    /**
     * Up to 25 records: any code, level 1 to 3, completed within 700 days of {@link #ORIGIN}, valid for up to 500
     * days or for ever, one in twenty revoked.
     */
    static Arbitrary<List<HeldQualification>> records() {
        Arbitrary<HeldQualification> one = Combinators.combine(
                        Arbitraries.of(CODES),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(0, 700),
                        Arbitraries.integers().between(-1, 500),
                        Arbitraries.integers().between(0, 19),
                        Arbitraries.strings().numeric().ofLength(6))
                .as((code, level, completedDay, validDays, revokedDie, id) -> new HeldQualification(
                        "hris/TR-" + id,
                        QualificationCode.of(code),
                        level,
                        ORIGIN.plus(Duration.ofDays(completedDay)),
                        validDays < 0 ? null : ORIGIN.plus(Duration.ofDays(completedDay + validDays + 1L)),
                        revokedDie == 0));
        return one.list().ofMaxSize(25);
    }
}
