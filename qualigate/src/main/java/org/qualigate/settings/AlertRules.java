package org.qualigate.settings;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The rules of the alerts correlated by root cause (decision 0075), one set per kind of cause, each a run-time
 * parameter changed only by an approved change set: whether the kind alerts at all ({@code alert.<kind>.enabled}),
 * how many occurrences of one cause open its alert ({@code open-after}), how often at most an open alert sends an
 * update while its count grows ({@code update-every}), and which roles' users are told besides the alert recipients
 * ({@code recipient-roles}). Read at each use, on every instance.
 */
@Component
public class AlertRules {

    /** The kinds of root cause, each with its defaults (used until a change set approves another value). */
    public static final Map<String, Rule> DEFAULTS = Map.of(
            "target", new Rule(true, 5, Duration.ofHours(1), List.of(), "configured"),
            "batch", new Rule(true, 1, Duration.ofHours(1), List.of("QA_APPROVER"), "configured"),
            "room", new Rule(true, 1, Duration.ofHours(1), List.of("QA_APPROVER"), "configured"),
            "source", new Rule(true, 1, Duration.ofHours(1), List.of(), "configured"),
            "delivery", new Rule(true, 1, Duration.ofHours(1), List.of(), "configured"));

    /** The kinds in a stable order. */
    public static final List<String> KINDS = DEFAULTS.keySet().stream().sorted().toList();

    /** The four settings of a kind, in the order they are listed. */
    public static final List<String> SETTINGS = List.of("enabled", "open-after", "update-every", "recipient-roles");

    private final ApprovedParameters approved;

    public AlertRules(ApprovedParameters approved) {
        this.approved = approved;
    }

    /** The parameter of one setting of a kind: {@code alert.batch.open-after}. */
    public static String parameter(String kind, String setting) {
        return "alert." + kind + "." + setting;
    }

    /** Every alert rule parameter, kind by kind. */
    public static Stream<String> parameters() {
        return KINDS.stream().flatMap(k -> SETTINGS.stream().map(s -> parameter(k, s)));
    }

    /** The rule of a kind in force now: approved values where there are any, the defaults elsewhere. */
    public Rule of(String kind) {
        Rule d = DEFAULTS.get(kind);
        if (d == null) {
            throw new IllegalArgumentException("no alert kind " + kind);
        }
        Optional<ApprovedParameters.Approval> enabled = approved.approval(parameter(kind, "enabled"));
        Optional<ApprovedParameters.Approval> openAfter = approved.approval(parameter(kind, "open-after"));
        Optional<ApprovedParameters.Approval> every = approved.approval(parameter(kind, "update-every"));
        Optional<ApprovedParameters.Approval> roles = approved.approval(parameter(kind, "recipient-roles"));
        String version = Stream.of(enabled, openAfter, every, roles)
                .flatMap(Optional::stream)
                .max(Comparator.comparing(ApprovedParameters.Approval::approvedAt))
                .map(a -> "change set " + a.changeSetId())
                .orElse("configured");
        return new Rule(
                enabled.map(a -> a.value().strip().equals("true")).orElse(d.enabled()),
                approved.parsed(parameter(kind, "open-after"), Integer::parseInt, Integer.toString(d.openAfter()))
                        .orElse(d.openAfter()),
                approved.parsed(
                                parameter(kind, "update-every"),
                                Duration::parse,
                                d.updateEvery().toString())
                        .orElse(d.updateEvery()),
                roles.map(a -> List.of(a.value().split(",")).stream()
                                .map(String::strip)
                                .filter(r -> !r.isEmpty())
                                .toList())
                        .orElse(d.recipientRoles()),
                version);
    }

    /**
     * One kind's rule.
     *
     * @param enabled whether the kind's causes alert at all (counted either way)
     * @param openAfter the occurrences of one cause that open its alert (before that it is pending and silent)
     * @param updateEvery the shortest time between two e-mails about one open alert whose count grew
     * @param recipientRoles the roles whose users (with an e-mail address) are told besides the alert recipients
     * @param version {@code configured}, or the change set that approved the latest of its values
     */
    public record Rule(
            boolean enabled, int openAfter, Duration updateEvery, List<String> recipientRoles, String version) {

        public Rule {
            recipientRoles = List.copyOf(recipientRoles);
        }

        /** Whether an update is due: the count grew since the last e-mail, which is at least the interval ago. */
        public boolean updateDue(int count, int mailedCount, Instant mailedAt, Instant now) {
            return count > mailedCount && !now.isBefore(mailedAt.plus(updateEvery));
        }
    }
}
