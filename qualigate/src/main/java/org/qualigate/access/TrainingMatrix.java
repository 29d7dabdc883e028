package org.qualigate.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.RoleName;

/**
 * The training matrix of the plant definition: for each job at a site (and the line it works on), the roles the
 * job must be qualified for. Compliance measures a person against the roles of their job title.
 */
public record TrainingMatrix(List<Job> jobs) {

    /** One job of the matrix; {@code site} is a site code or {@code *} for every site. */
    public record Job(String site, @Nullable String line, String jobTitle, List<RoleName> roles) {

        public Job {
            requireNonNull(site, "site");
            requireNonNull(jobTitle, "jobTitle");
            roles = List.copyOf(roles);
        }

        /** The job's roles at a site: a leading {@code *.} becomes the site code. */
        public List<RoleName> rolesAt(String siteCode) {
            return roles.stream()
                    .map(r -> r.value().startsWith("*.")
                            ? RoleName.of(siteCode + r.value().substring(1))
                            : r)
                    .toList();
        }

        /** "training matrix BSL PACK-3: Packaging Operator". */
        public String describe(String siteCode) {
            return "training matrix " + siteCode + (line == null ? "" : " " + line) + ": " + jobTitle;
        }
    }

    public static final TrainingMatrix NONE = new TrainingMatrix(List.of());

    public TrainingMatrix {
        jobs = List.copyOf(jobs);
    }

    /** The job with this title at the site (a job of the site before one of every site); titles ignore case. */
    public Optional<Job> jobOf(String site, @Nullable String jobTitle) {
        if (jobTitle == null || jobTitle.isBlank()) {
            return Optional.empty();
        }
        String title = fold(jobTitle);
        Optional<Job> ofSite = jobs.stream()
                .filter(j -> j.site().equals(site) && fold(j.jobTitle()).equals(title))
                .findFirst();
        return ofSite.isPresent()
                ? ofSite
                : jobs.stream()
                        .filter(j -> j.site().equals(AccessRule.EVERY_SITE)
                                && fold(j.jobTitle()).equals(title))
                        .findFirst();
    }

    /** A job title as titles are compared: trimmed, case folded (also how the file's reader finds a repeated job). */
    public static String fold(String title) {
        return title.strip().toLowerCase(Locale.ROOT);
    }
}
