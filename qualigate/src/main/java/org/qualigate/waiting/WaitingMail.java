package org.qualigate.waiting;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Notices;
import org.qualigate.access.Overrides;
import org.qualigate.access.ReviewTask;
import org.qualigate.access.ReviewTasks;
import org.qualigate.change.ChangeSet;
import org.qualigate.change.ChangeSets;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.notify.MailReader;
import org.qualigate.training.TrainingConflicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells the QA approvers by e-mail when something new waits for one of them: a change set signed by its author,
 * an override to review, a conflict between the HRIS and the QMS. Level-triggered: each scan looks at what waits
 * now and queues a notice in the outbox under a key per item (and per version of a change set), which the
 * outbox accepts once — so a rescan, a second instance or a restart after a crash anywhere in between sends
 * nothing twice, and nothing that waits goes unannounced. The mailer sends it (and retries).
 */
@Component
public class WaitingMail {

    private static final Logger log = LoggerFactory.getLogger(WaitingMail.class);

    private final ChangeSets changeSets;
    private final ReviewTasks reviews;
    private final Overrides overrides;
    private final TrainingConflicts conflicts;
    private final Users users;
    private final Notices notices;
    private final Clock clock;
    private final String pagesUrl;

    public WaitingMail(
            ChangeSets changeSets,
            ReviewTasks reviews,
            Overrides overrides,
            TrainingConflicts conflicts,
            Users users,
            Notices notices,
            Clock clock,
            @Value("${qualigate.notices.pages-url:}") String pagesUrl) {
        this.changeSets = changeSets;
        this.reviews = reviews;
        this.overrides = overrides;
        this.conflicts = conflicts;
        this.users = users;
        this.notices = notices;
        this.clock = clock;
        this.pagesUrl = pagesUrl.endsWith("/") ? pagesUrl.substring(0, pagesUrl.length() - 1) : pagesUrl;
    }

    /** Queues a notice for each item that waits for a QA approver and has none yet; answers how many. */
    @Scheduled(
            initialDelayString = "${qualigate.waiting.mail-interval:PT1M}",
            fixedDelayString = "${qualigate.waiting.mail-interval:PT1M}")
    public int scan() {
        List<UserAccount> approvers = users.reachable(Role.QA_APPROVER);
        Instant now = clock.instant();
        int queued = changeSets(approvers) + reviewTasks(approvers) + qmsConflicts(approvers);
        if (queued > 0) {
            log.info("{} notice(s) queued to the QA approvers about work waiting for them (at {})", queued, now);
        }
        return queued;
    }

    private int changeSets(List<UserAccount> approvers) {
        int queued = 0;
        for (ChangeSet c : changeSets.list(ChangeSet.State.AUTHORED, null)) {
            // never to the author: a change set is not approved by the one who drafted it
            List<String> to = to(approvers, Set.of(c.author()));
            String kind = c.kind().name().toLowerCase(java.util.Locale.ROOT);
            if (notices.queueToStaff(
                    "waiting/change-set/" + c.id() + "/v" + c.latestVersion(),
                    to,
                    r -> new MailReader.Letter(
                            r.text("mail.waiting.change-set.subject", c.id(), c.title()),
                            r.text(
                                    "mail.waiting.change-set.body",
                                    c.id(),
                                    kind,
                                    c.latestVersion(),
                                    c.author(),
                                    link("/change-sets/" + c.id()))))) {
                queued++;
            }
        }
        return queued;
    }

    private int reviewTasks(List<UserAccount> approvers) {
        int queued = 0;
        for (ReviewTask t : reviews.list(ReviewTask.Status.OPEN)) {
            AccessOverride o = overrides.find(t.overrideId()).orElse(null);
            if (o == null) {
                continue;
            }
            if (notices.queueToStaff(
                    "waiting/review-task/" + t.id(),
                    to(approvers, Set.of(o.grantedBy())),
                    r -> new MailReader.Letter(
                            r.text("mail.waiting.review-task.subject", o.role(), t.employeeId()),
                            r.text(
                                    "mail.waiting.review-task.body",
                                    o.grantedBy(),
                                    o.role(),
                                    t.employeeId(),
                                    r.at(o.startsAt()),
                                    r.at(o.endsAt()),
                                    o.reason(),
                                    link("/review#task-" + t.id()))))) {
                queued++;
            }
        }
        return queued;
    }

    private int qmsConflicts(List<UserAccount> approvers) {
        int queued = 0;
        for (TrainingConflicts.Conflict c : conflicts.list(true, null, null)) {
            if (notices.queueToStaff(
                    "waiting/qms-conflict/" + c.id(),
                    to(approvers, Set.of()),
                    r -> new MailReader.Letter(
                            r.text("mail.waiting.qms-conflict.subject", c.employeeId(), c.courseCode()),
                            r.text(
                                    "mail.waiting.qms-conflict.body",
                                    c.courseCode(),
                                    c.employeeId(),
                                    c.differences(),
                                    link("/qms/conflicts/" + c.id()))))) {
                queued++;
            }
        }
        return queued;
    }

    private static List<String> to(List<UserAccount> approvers, Set<String> except) {
        return approvers.stream()
                .filter(a -> !except.contains(a.username()))
                .map(UserAccount::email)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
    }

    private String link(String path) {
        return pagesUrl + path;
    }
}
