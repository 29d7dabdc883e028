package org.qualigate.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the persons come from ({@code qualigate.hris-directory.*}): {@code type} {@code json} (the generic JSON
 * directory at {@code url}, with an optional bearer token), {@code workday} ({@code Get_Workers} of the tenant under
 * {@code qualigate.workday.*}) or {@code successfactors} ({@code User} of the tenant under
 * {@code qualigate.successfactors.*}). Without a type: {@code json} when a URL is given, else {@code successfactors}
 * when {@code qualigate.successfactors.directory} is true, else no directory. {@code sites} maps the HRIS's
 * location ids to plant site codes, as a list of {@code {location, site}} pairs so it binds from environment
 * variables too ({@code QUALIGATE_HRISDIRECTORY_SITES_0_LOCATION}).
 */
@ConfigurationProperties("qualigate.hris-directory")
record DirectorySettings(
        @Nullable String url,
        Duration syncInterval,
        String source,
        @Nullable String type,
        @Nullable String bearerToken,
        List<SiteMapping> sites) {

    public DirectorySettings {
        syncInterval = syncInterval == null ? Duration.ofMinutes(15) : syncInterval;
        source = source == null || source.isBlank() ? "hris" : source;
        type = type == null || type.isBlank() ? null : type.strip().toLowerCase(Locale.ROOT);
        if (type != null && !List.of("json", "workday", "successfactors").contains(type)) {
            throw new IllegalArgumentException(
                    "qualigate.hris-directory.type must be json, workday or successfactors, not " + type);
        }
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /** One HRIS location and the plant site it is. */
    public record SiteMapping(String location, String site) {

        public SiteMapping {
            if (location == null || location.isBlank() || site == null || site.isBlank()) {
                throw new IllegalArgumentException(
                        "qualigate.hris-directory.sites: every entry needs a location and a site");
            }
        }
    }

    /** The directory to read, as the settings choose it; empty string when there is none. */
    String effectiveType(boolean successFactorsDirectory) {
        if (type != null) {
            return type;
        }
        if (url != null && !url.isBlank()) {
            return "json";
        }
        return successFactorsDirectory ? "successfactors" : "";
    }

    Map<String, String> siteMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (SiteMapping m : sites) {
            String earlier = map.put(m.location().strip(), m.site().strip());
            if (earlier != null && !earlier.equals(m.site().strip())) {
                throw new IllegalArgumentException("qualigate.hris-directory.sites: location " + m.location()
                        + " is mapped to both " + earlier + " and " + m.site());
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return "DirectorySettings[url=" + url + ", type=" + type + ", source=" + source + ", bearerToken="
                + (bearerToken == null || bearerToken.isBlank() ? "none" : "***") + ", sites=" + sites + "]";
    }
}
