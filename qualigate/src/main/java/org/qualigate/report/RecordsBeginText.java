package org.qualigate.report;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;

/**
 * What the PDFs say, in their English, of when Qualigate's records begin (decision 0095): the instant, and before it
 * that nothing was known, so that a report of an earlier instant is not read as evidence of what was held or missing.
 */
final class RecordsBeginText {

    private RecordsBeginText() {}

    /** "6 Dec 2026 09:12 Europe/Zurich (08:12 UTC)", or that the trail has no entry yet. */
    static String begin(RecordsBegin.Known records, SiteTime site) {
        Instant begin = records.recordsBegin();
        return begin == null ? "not yet: the audit trail has no entry" : site.instant(begin);
    }

    /**
     * "Qualigate's records begin …. Nothing was known at the instant asked: the findings below are not evidence of
     * what was held or missing." — only for an answer known at an instant before them; else nothing.
     */
    static @Nullable String nothingKnown(RecordsBegin.Known records, SiteTime site) {
        Instant begin = records.recordsBegin();
        if (!records.beforeRecordsBegin() || begin == null) {
            return null;
        }
        return "Qualigate's records begin " + site.instant(begin) + ". Nothing was known at the instant asked: the "
                + "findings below are not evidence of what was held or missing.";
    }

    /**
     * "; what the targets held at the instant asked is not known: Qualigate's records of them begin …" — only for an
     * answer of an instant before the records begin, whatever its instant of knowledge; else nothing. What the targets
     * held is known only from Qualigate's own records (decision 0030), so the count beside it is not "none held".
     */
    static String targetsHeldUnknown(RecordsBegin.Known records, SiteTime site) {
        Instant begin = records.recordsBegin();
        if (!records.targetsHeldUnknown() || begin == null) {
            return "";
        }
        return "; what the targets held at the instant asked is not known: Qualigate's records of them begin "
                + site.instant(begin);
    }
}
