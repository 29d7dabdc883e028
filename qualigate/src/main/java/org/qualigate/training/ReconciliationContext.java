package org.qualigate.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qualigate.connector.TrainingTarget.TrainingRecord;

/**
 * What the other lists know about a chunk's people — reviews, conflicts, observations, the sync's queue, the
 * QMS pull's set-aside records — turned into the reason a record is missing or different.
 */
final class ReconciliationContext {
    /** external id → the latest review's sentence */
    final Map<String, String> reviewByExternalId = new HashMap<>();
    /** person|course → the latest conflict's sentence */
    final Map<String, String> conflictByCourse = new HashMap<>();
    /** person|external id of the writes observe mode held back */
    final Set<String> observed = new HashSet<>();
    /** person → the pending sync's sentence */
    final Map<String, String> pending = new HashMap<>();
    /** QMS record id → why its pull was set aside */
    final Map<String, String> qmsPull = new HashMap<>();

    String why(String employeeId, String externalId, String course) {
        List<String> reasons = new ArrayList<>();
        String review = reviewByExternalId.get(externalId);
        if (review != null) {
            reasons.add(review);
        }
        String conflict = conflictByCourse.get(employeeId + "|" + course);
        if (conflict != null) {
            reasons.add(conflict);
        }
        if (observed.contains(employeeId + "|" + externalId)) {
            reasons.add("the site is in observe mode: the write is held back");
        }
        String p = pending.get(employeeId);
        if (p != null) {
            reasons.add(p);
        }
        if (reasons.isEmpty()) {
            reasons.add("not written and nothing explains it: the person is queued for the sync again");
        }
        return String.join("; ", reasons);
    }

    String whyOwned(TrainingRecord r) {
        String pulled = r.id() == null ? null : qmsPull.get(r.id());
        if (pulled != null) {
            return pulled;
        }
        return "not pulled into the ledger yet (the QMS pull takes records by last-modified time, "
                + "this one was modified " + r.lastModified() + ")";
    }
}
