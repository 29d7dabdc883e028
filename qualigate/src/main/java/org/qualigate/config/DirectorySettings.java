package org.qualigate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the HRIS worker directory is read from ({@code qualigate.hris-directory.*}); no URL, no sync. */
@ConfigurationProperties("qualigate.hris-directory")
public record DirectorySettings(String url, Duration syncInterval, String source) {

    public DirectorySettings {
        syncInterval = syncInterval == null ? Duration.ofMinutes(15) : syncInterval;
        source = source == null || source.isBlank() ? "hris" : source;
    }

    boolean configured() {
        return url != null && !url.isBlank();
    }
}
