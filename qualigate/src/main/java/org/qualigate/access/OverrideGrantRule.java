package org.qualigate.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.Person;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;

/**
 * When an emergency override may be granted, on values: for more than 0 and at most 24 hours, with a reason
 * of 10 to 2,000 characters, to an active person, for a role of the plant that no access review suspended for
 * them. Each failed condition is a refusal of its field with the reason.
 */
final class OverrideGrantRule {

    private OverrideGrantRule() {}

    /** What a grant request is, as far as the rule needs it. */
    record Request(
            double hours,
            String reason,
            Person.@Nullable Status personStatus,
            boolean roleOfThePlant,
            boolean roleSuspended) {}

    /** The refused fields with their reasons; empty: the grant may go ahead. */
    static List<Refusal> check(Request r) {
        List<Refusal> errors = new ArrayList<>();
        if (!(r.hours() > 0) || r.hours() * 3600 > Overrides.MAX.toSeconds()) {
            errors.add(Refusal.of(
                    "hours",
                    "must be more than 0 and at most 24; a longer need is a new override with its own review",
                    "refusal.override.hours"));
        }
        String why = r.reason().strip();
        if (why.length() < Overrides.MIN_REASON) {
            errors.add(Refusal.of(
                    "reason",
                    "is required, at least " + Overrides.MIN_REASON + " characters",
                    "refusal.at-least",
                    Overrides.MIN_REASON));
        } else if (why.length() > Overrides.MAX_TEXT) {
            errors.add(Refusal.atMost("reason", Overrides.MAX_TEXT));
        }
        if (r.personStatus() == null) {
            errors.add(Refusal.of("employeeId", "is not a known person", "refusal.unknown-person"));
        } else if (r.personStatus() != Person.Status.ACTIVE) {
            errors.add(Refusal.of(
                    "employeeId",
                    "is " + r.personStatus().name().toLowerCase(Locale.ROOT)
                            + "; only active people can get an override",
                    "refusal.override.inactive",
                    Sentence.of("refusal.word." + r.personStatus().name().toLowerCase(Locale.ROOT))));
        }
        if (!r.roleOfThePlant()) {
            errors.add(Refusal.of("role", "is not a role of the plant", "refusal.not-a-plant-role"));
        } else if (r.roleSuspended()) {
            errors.add(Refusal.of(
                    "role",
                    "is suspended for this person by an access review; only a QA approver can lift the suspension",
                    "refusal.override.suspended"));
        }
        return errors;
    }
}
