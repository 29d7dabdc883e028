package org.qualigate.validation;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * The jar this instance was started from, read once as the service starts: shown under {@code artifact} in
 * {@code /actuator/info} (path, SHA-256, size, modification time, and whether the file on disk still looks the
 * same), so the IQ and the OQ can compare the program that runs with the file that is installed.
 */
@Component
class RunningArtifact implements InfoContributor {

    private static final Logger log = LoggerFactory.getLogger(RunningArtifact.class);

    private final ServiceArtifact artifact;

    @Autowired
    RunningArtifact(Clock clock) {
        this(ServiceArtifact.ofRunningService(clock));
    }

    RunningArtifact(ServiceArtifact artifact) {
        this.artifact = artifact;
        if (artifact.fromJar()) {
            log.info("running from {} (SHA-256 {})", artifact.jar(), artifact.sha256());
        }
    }

    public ServiceArtifact artifact() {
        return artifact;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("artifact", artifact.facts());
    }
}
