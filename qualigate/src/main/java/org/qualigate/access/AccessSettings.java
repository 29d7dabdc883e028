package org.qualigate.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds of shift protection ({@code qualigate.access.*}): the longest a revocation may be held back from
 * the moment it was first deferred, and how soon to look again when the end of the hold is not known.
 */
@ConfigurationProperties("qualigate.access")
public record AccessSettings(Duration maxDeferral, Duration deferralRecheck) {

    public AccessSettings {
        maxDeferral = maxDeferral == null ? Duration.ofHours(12) : maxDeferral;
        deferralRecheck = deferralRecheck == null ? Duration.ofMinutes(15) : deferralRecheck;
        if (maxDeferral.isNegative() || deferralRecheck.isNegative() || deferralRecheck.isZero()) {
            throw new IllegalArgumentException("qualigate.access.max-deferral must be >= 0 and deferral-recheck > 0");
        }
    }
}
