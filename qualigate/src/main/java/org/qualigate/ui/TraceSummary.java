package org.qualigate.ui;

import java.time.ZoneId;
import java.util.List;
import org.qualigate.ledger.Person;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.SetOutcome;
import org.qualigate.text.Sentence;

/**
 * Why a role is (not) justified, as a sentence for the traceability page in the reader's language: the same
 * facts as {@link RoleDecision#summary()} (which stays the API's English), told from the decision's parts.
 */
final class TraceSummary {

    private TraceSummary() {}

    static Sentence of(RoleDecision d, boolean active, Person.Status status, ZoneId site) {
        String role = d.role().value();
        if (!active) {
            return Sentence.of("trace.summary.inactive", role, Sentence.of("trace.status." + status.name()));
        }
        if (d.basis().isPresent()) {
            SetOutcome set = d.basis().get();
            List<Sentence> evidence =
                    set.requirements().stream().map(r -> evidence(r, site)).toList();
            Object end = d.justifiedUntil() == null
                    ? Sentence.of("trace.summary.no-end")
                    : Sentence.of("trace.summary.until", new Sentence.UntilAtSite(d.justifiedUntil(), site));
            return Sentence.of(
                    d.inGrace() ? "trace.summary.justified.grace" : "trace.summary.justified",
                    role,
                    set.index(),
                    TraceStories.join(evidence, "format.list.comma"),
                    end);
        }
        if (d.sets().isEmpty()) {
            return Sentence.of("trace.summary.no-rule", role);
        }
        List<Sentence> sets = d.sets().stream()
                .map(s -> Sentence.of(
                        "trace.summary.set-missing",
                        s.index(),
                        TraceStories.join(
                                s.unmet().stream().map(r -> shortfall(r, site)).toList(), "format.list.comma")))
                .toList();
        return Sentence.of("trace.summary.not-justified", role, TraceStories.join(sets, "format.list.semicolon"));
    }

    /** "GMP-BASIC (hris/TR-1)", or "… in grace after expiry …". */
    private static Sentence evidence(RequirementOutcome r, ZoneId site) {
        var e = r.evidence();
        String code = r.requirement().code().value();
        if (r.requirement().instrument().isPresent() && e != null) {
            // the explanation's own words (its reason names the cycle that met the requirement)
            return TraceInstruments.said(r.requirement().instrument().get(), r.shortfall());
        }
        if (e == null) {
            return Sentence.of("trace.summary.evidence", code, "");
        }
        return r.inGrace() && e.expiresAt() != null
                ? Sentence.of(
                        "trace.summary.evidence.grace", code, e.evidenceId(), new Sentence.AtSite(e.expiresAt(), site))
                : Sentence.of("trace.summary.evidence", code, e.evidenceId());
    }

    /**
     * What is wrong with one requirement, from the policy's outcome: not held, completed in the future, expired,
     * a level too low, or revoked.
     */
    static Sentence shortfall(RequirementOutcome r, ZoneId site) {
        String code = r.requirement().code().value();
        var e = r.evidence();
        if (r.requirement().instrument().isPresent()) {
            // the explanation's own words and dates (decision 0087): of the cycle that judges the instant
            return TraceInstruments.said(r.requirement().instrument().get(), r.shortfall());
        }
        String why = r.shortfall();
        if (e == null) {
            return Sentence.of("trace.shortfall.not-held", code);
        }
        if (why.startsWith("completed in the future")) {
            return Sentence.of("trace.shortfall.future", code, new Sentence.AtSite(e.completedAt(), site));
        }
        if (why.startsWith("expired") && e.expiresAt() != null) {
            return Sentence.of("trace.shortfall.expired", code, new Sentence.UntilAtSite(e.expiresAt(), site));
        }
        if (why.startsWith("level")) {
            return Sentence.of(
                    "trace.shortfall.level", code, e.level(), r.requirement().minimumLevel());
        }
        return Sentence.of("trace.shortfall.revoked", code);
    }
}
