package org.qualigate.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builders of held qualifications with sensible defaults: level 1, completed a month ago, valid a year. */
final class HeldQualificationFixtures {

    /** The instant most tests evaluate at. */
    static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");

    private HeldQualificationFixtures() {}

    static Builder aQualification(String code) {
        return new Builder(code);
    }

    static List<HeldQualification> all(Builder... builders) {
        List<HeldQualification> held = new ArrayList<>();
        for (Builder builder : builders) {
            held.add(builder.build());
        }
        return held;
    }

    /** Every qualification that {@code BSL.FILL-1.OPERATOR} asks for, valid at {@link #NOW}. */
    static List<Builder> fillOperator() {
        List<Builder> builders = new ArrayList<>();
        for (String code : List.of(
                "GMP-BASIC",
                "GDP-DOC",
                "CLEANROOM",
                "ASEPTIC-GOWN",
                "MEDIA-FILL",
                "ISOLATOR-OP",
                "FILLER-OP",
                "SOP-BSL-FILL-014")) {
            builders.add(aQualification(code));
        }
        return builders;
    }

    static List<HeldQualification> build(List<Builder> builders) {
        return builders.stream().map(Builder::build).toList();
    }

    static final class Builder {
        private final String code;
        private String evidenceId;
        private int level = 1;
        private Instant completedAt = NOW.minus(Duration.ofDays(30));
        private @Nullable Instant expiresAt = NOW.plus(Duration.ofDays(365));
        private boolean revoked;

        private Builder(String code) {
            this.code = code;
            this.evidenceId = "TR-" + code;
        }

        Builder evidence(String id) {
            this.evidenceId = id;
            return this;
        }

        Builder level(int level) {
            this.level = level;
            return this;
        }

        Builder completed(Instant at) {
            this.completedAt = at;
            return this;
        }

        Builder completed(String at) {
            return completed(Instant.parse(at));
        }

        Builder expiring(Instant at) {
            this.expiresAt = at;
            return this;
        }

        Builder expiring(String at) {
            return expiring(Instant.parse(at));
        }

        Builder withoutExpiry() {
            this.expiresAt = null;
            return this;
        }

        Builder revoked() {
            this.revoked = true;
            return this;
        }

        String code() {
            return code;
        }

        HeldQualification build() {
            return new HeldQualification(
                    evidenceId, QualificationCode.of(code), level, completedAt, expiresAt, revoked);
        }
    }
}
