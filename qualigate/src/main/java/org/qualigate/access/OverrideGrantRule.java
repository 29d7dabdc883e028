package org.qualigate.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.Person;

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
    static List<Verdict.FieldError> check(Request r) {
        List<Verdict.FieldError> errors = new ArrayList<>();
        if (!(r.hours() > 0) || r.hours() * 3600 > Overrides.MAX.toSeconds()) {
            errors.add(new Verdict.FieldError(
                    "hours",
                    "must be more than 0 and at most 24; a longer need is a new override with its own review"));
        }
        String why = r.reason().strip();
        if (why.length() < Overrides.MIN_REASON) {
            errors.add(
                    new Verdict.FieldError("reason", "is required, at least " + Overrides.MIN_REASON + " characters"));
        } else if (why.length() > Overrides.MAX_TEXT) {
            errors.add(new Verdict.FieldError("reason", "must be at most " + Overrides.MAX_TEXT + " characters"));
        }
        if (r.personStatus() == null) {
            errors.add(new Verdict.FieldError("employeeId", "is not a known person"));
        } else if (r.personStatus() != Person.Status.ACTIVE) {
            errors.add(new Verdict.FieldError(
                    "employeeId",
                    "is " + r.personStatus().name().toLowerCase(Locale.ROOT)
                            + "; only active people can get an override"));
        }
        if (!r.roleOfThePlant()) {
            errors.add(new Verdict.FieldError("role", "is not a role of the plant"));
        } else if (r.roleSuspended()) {
            errors.add(new Verdict.FieldError(
                    "role",
                    "is suspended for this person by an access review; only a QA approver can lift the suspension"));
        }
        return errors;
    }
}
