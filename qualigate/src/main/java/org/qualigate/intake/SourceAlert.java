package org.qualigate.intake;

import org.qualigate.text.Sentence;

/**
 * A read of a source refused as a whole, or held back, that an operator must hear about: published once per change
 * of the source's state (after it is committed and audited), and mailed to the alert recipients, each in their own
 * language (decision 0054): the subject and the detail are Qualigate's sentences; only what the source or its
 * connector answered is quoted as it came.
 *
 * @param source the source or directory, e.g. {@code workday}
 * @param subject one line, e.g. {@code removals held at BSL}, in English for the log
 * @param detail what happened, why, and where to look, in English for the log
 * @param subjectSaid the subject as a sentence of the bundles
 * @param detailSaid the detail as a sentence of the bundles, the source's own words in it quoted
 */
public record SourceAlert(String source, String subject, String detail, Sentence subjectSaid, Sentence detailSaid) {

    /** Removals held at a site: more certifications missing from one full read than the limit allows. */
    static SourceAlert removalsHeld(
            String source, String site, int removing, int holding, String limitPercent, int floor) {
        return new SourceAlert(
                source,
                "removals held at " + site,
                removing + " of the " + holding + " valid " + source + " certifications at " + site
                        + " are missing from one read (limit " + limitPercent + " %, or " + floor
                        + " certifications): held until an operator accepts them"
                        + " (POST /api/v1/sources/removal-holds/{id}/accept) or a later read shows fewer",
                Sentence.of("mail.source-alert.removals-held", site),
                Sentence.of("mail.source-alert.held-detail", removing, holding, source, site, limitPercent, floor));
    }
}
