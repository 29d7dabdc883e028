package org.qualigate.validation;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code artifact} component of {@code /actuator/health} and of readiness: DOWN once the jar this instance
 * was started from is rewritten, replaced or removed. The running program then loads every class it has not
 * loaded yet from another build, or from nothing, so it must not be sent more requests; only a restart
 * (from an unchanged jar) brings it back. A stat per call: the hash is not computed again.
 */
@Component("artifactHealthIndicator")
class ArtifactHealth implements HealthIndicator {

    private final RunningArtifact running;

    ArtifactHealth(RunningArtifact running) {
        this.running = running;
    }

    @Override
    public Health health() {
        ServiceArtifact artifact = running.artifact();
        if (!artifact.fromJar()) {
            return Health.up()
                    .withDetail("runningFrom", "class directories (no jar)")
                    .build();
        }
        return artifact.changedOnDisk()
                .map(change -> Health.down()
                        .withDetail("jar", String.valueOf(artifact.jar()))
                        .withDetail("reason", change + "; restart the instance from an unchanged jar")
                        .build())
                .orElseGet(() -> Health.up()
                        .withDetail("jar", String.valueOf(artifact.jar()))
                        .withDetail("sha256", String.valueOf(artifact.sha256()))
                        .build());
    }
}
