package org.qualigate.waiting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Overrides;
import org.qualigate.access.ReviewTask;
import org.qualigate.access.ReviewTasks;
import org.qualigate.change.ChangeSet;
import org.qualigate.change.ChangeSets;
import org.qualigate.delivery.DeadLetters;
import org.qualigate.identity.Role;
import org.qualigate.intake.InboundEvents;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.training.TrainingConflicts;
import org.springframework.stereotype.Service;

/**
 * The work waiting for a person, by what their roles let them do: a QA approver approves change sets (not their
 * own), closes override reviews (not of overrides they granted), resolves QMS conflicts and deals with events
 * set aside; an HR mapping editor maps unmapped codes; an author signs their drafts; an administrator deals
 * with events set aside and failed deliveries. Each kind with its count and its oldest items' ages.
 */
@Service
public class WaitingWork {

    /** How many of the oldest items of each kind are named. */
    static final int SHOWN = 5;

    private final ChangeSets changeSets;
    private final InboundEvents events;
    private final TrainingConflicts conflicts;
    private final ReviewTasks reviews;
    private final Overrides overrides;
    private final DeadLetters deadLetters;
    private final Clock clock;

    public WaitingWork(
            ChangeSets changeSets,
            InboundEvents events,
            TrainingConflicts conflicts,
            ReviewTasks reviews,
            Overrides overrides,
            DeadLetters deadLetters,
            Clock clock) {
        this.changeSets = changeSets;
        this.events = events;
        this.conflicts = conflicts;
        this.reviews = reviews;
        this.overrides = overrides;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** What waits for this user, kind by kind, in the order they should look at it; empty kinds left out. */
    public List<Waiting> forUser(String username, Set<Role> roles) {
        Instant now = clock.instant();
        List<Waiting> out = new ArrayList<>();
        boolean qa = roles.contains(Role.QA_APPROVER);
        boolean editor = roles.contains(Role.HR_MAPPING_EDITOR);
        boolean admin = roles.contains(Role.ADMINISTRATOR);
        if (qa) {
            add(out, Waiting.Kind.CHANGE_SETS_TO_APPROVE, "/change-sets?state=AUTHORED", toApprove(username, now));
            add(out, Waiting.Kind.OVERRIDE_REVIEWS, "/review#tasks", overrideReviews(username, now));
            add(out, Waiting.Kind.QMS_CONFLICTS, "/qms/conflicts", qmsConflicts(now));
        }
        if (qa || editor) {
            add(out, Waiting.Kind.CHANGE_SETS_TO_SIGN, "/change-sets?state=DRAFT", toSign(username, now));
        }
        if (editor) {
            add(out, Waiting.Kind.UNMAPPED_CODES, "/mappings", unmapped(now));
        }
        if (qa || admin) {
            add(out, Waiting.Kind.EVENTS_SET_ASIDE, "/review/events", setAside(now));
        }
        if (admin) {
            add(out, Waiting.Kind.FAILED_DELIVERIES, "/review#dead-letters", failedDeliveries(now));
        }
        return out;
    }

    /** Change sets signed by their author and waiting for a QA approver other than this one. */
    public List<Waiting.Item> toApprove(String username, Instant now) {
        List<Waiting.Item> items = new ArrayList<>();
        for (ChangeSet c : changeSets.list(ChangeSet.State.AUTHORED, null)) {
            if (c.author().equals(username)) {
                continue;
            }
            Instant since = changeSets.signaturesOf(c.id()).stream()
                    .filter(s -> s.meaning() == Meaning.AUTHORED)
                    .map(Signature::signedAt)
                    .max(Comparator.naturalOrder())
                    .orElse(c.createdAt());
            items.add(item(Long.toString(c.id()), c.title(), "/change-sets/" + c.id(), since, now));
        }
        return items;
    }

    /** Open reviews of overrides this user did not grant. */
    public List<Waiting.Item> overrideReviews(String username, Instant now) {
        List<Waiting.Item> items = new ArrayList<>();
        for (ReviewTask t : reviews.list(ReviewTask.Status.OPEN)) {
            AccessOverride o = overrides.find(t.overrideId()).orElse(null);
            if (o == null || o.grantedBy().equals(username)) {
                continue;
            }
            items.add(item(t.employeeId().value(), o.role().value(), "/review#task-" + t.id(), t.openedAt(), now));
        }
        return items;
    }

    /** Open conflicts between the HRIS and the QMS. */
    public List<Waiting.Item> qmsConflicts(Instant now) {
        return conflicts.list(true, null, null).stream()
                .map(c -> item(c.employeeId(), c.courseCode(), "/qms/conflicts/" + c.id(), c.detectedAt(), now))
                .toList();
    }

    private List<Waiting.Item> toSign(String username, Instant now) {
        return changeSets.list(ChangeSet.State.DRAFT, null).stream()
                .filter(c -> c.author().equals(username))
                .map(c -> item(Long.toString(c.id()), c.title(), "/change-sets/" + c.id(), c.createdAt(), now))
                .toList();
    }

    private List<Waiting.Item> unmapped(Instant now) {
        return events.unmappedCodes().stream()
                .map(u -> item(
                        u.sourceCode(),
                        u.dictionary(),
                        "/mappings?system=" + u.dictionary() + "&sourceCode=" + u.sourceCode(),
                        u.since(),
                        now))
                .toList();
    }

    private List<Waiting.Item> setAside(Instant now) {
        InboundEvents.SetAsideQuery all = new InboundEvents.SetAsideQuery(null, null, null, null, false);
        return events.setAside(all, null, SHOWN).stream()
                .map(e -> item(
                        e.employeeId() == null ? e.source() : e.employeeId(),
                        e.outcome().toLowerCase(java.util.Locale.ROOT),
                        "/review/events?outcome=" + e.outcome(),
                        e.receivedAt(),
                        now))
                .toList();
    }

    private long setAsideCount() {
        return events.countSetAside(new InboundEvents.SetAsideQuery(null, null, null, null, false), 100_000);
    }

    private List<Waiting.Item> failedDeliveries(Instant now) {
        return deadLetters.open().stream()
                .map(d -> item(d.employeeId(), d.target(), "/review#dl-" + d.id(), d.createdAt(), now))
                .toList();
    }

    private void add(List<Waiting> out, Waiting.Kind kind, String link, List<Waiting.Item> items) {
        long count = kind == Waiting.Kind.EVENTS_SET_ASIDE ? setAsideCount() : items.size();
        if (count == 0) {
            return;
        }
        List<Waiting.Item> oldest = items.stream()
                .sorted(Comparator.comparing(Waiting.Item::since))
                .limit(SHOWN)
                .toList();
        out.add(new Waiting(kind, count, oldest, link));
    }

    private static Waiting.Item item(String ref, String about, String link, Instant since, Instant now) {
        Duration age = Duration.between(since, now);
        return new Waiting.Item(ref, about, link, since, age.isNegative() ? Duration.ZERO : age);
    }
}
