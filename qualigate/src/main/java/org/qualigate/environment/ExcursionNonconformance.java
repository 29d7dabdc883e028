package org.qualigate.environment;

import org.qualigate.connector.NonconformanceRaiser.NewNonconformance;

/**
 * What an accepted excursion is raised as in the QMS, a pure function of the draft as QA accepted it: keyed by the
 * excursion's id (the QMS's external id, so it is raised once), at the room's site, severity Major (an action limit
 * was passed in a classified room: EU GMP Annex 1 §9.30 asks for an investigation), described with the limit, the
 * worst reading, the sensors, and QA's reviewer and reason.
 */
final class ExcursionNonconformance {

    static final String SEVERITY = "Major";

    private ExcursionNonconformance() {}

    /** The QMS's key for the excursion's non-conformance. */
    static String key(ExcursionDraft d) {
        return "QG-EMS-" + d.id();
    }

    static NewNonconformance of(ExcursionDraft d) {
        String description = "Environmental-monitoring excursion in room " + d.room() + " (grade " + d.grade()
                + ", site " + d.site() + "): " + d.parameter() + " " + d.limitWords() + " since " + d.startedAt()
                + (d.endedAt() == null ? "" : ", back within since " + d.endedAt()) + "; worst reading "
                + d.worstWords() + ", " + d.readingsBeyond() + " readings beyond from "
                + String.join(", ", d.sensorsBeyond())
                + ". Accepted as a non-conformance by " + d.reviewedBy() + " at " + d.reviewedAt() + ": "
                + d.reviewReason() + " (Qualigate excursion " + d.id() + ", signature " + d.signature() + ")";
        return new NewNonconformance(key(d), d.site(), SEVERITY, description, d.room());
    }
}
