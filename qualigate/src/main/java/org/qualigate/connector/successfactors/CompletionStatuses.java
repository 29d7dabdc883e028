package org.qualigate.connector.successfactors;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tenant's completion statuses, split as SuccessFactors Learning configures them: those that provide credit
 * (the learning item was completed) and those that do not (failed, incomplete, withdrawn). The status ids are
 * defined per tenant, so they are configuration; an id in neither set is never guessed at.
 */
public record CompletionStatuses(Set<String> credit, Set<String> noCredit) {

    /** COMPLETE provides credit; INCOMPLETE, FAILED and REVOKED do not (the sandbox tenant's statuses). */
    public static final CompletionStatuses DEFAULT =
            new CompletionStatuses(Set.of("COMPLETE"), Set.of("INCOMPLETE", "FAILED", "REVOKED"));

    public CompletionStatuses {
        credit = normalise(credit);
        noCredit = normalise(noCredit);
        if (credit.isEmpty()) {
            throw new IllegalArgumentException("at least one completion status must provide credit");
        }
        Set<String> both = credit.stream().filter(noCredit::contains).collect(Collectors.toSet());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("completion statuses both with and without credit: " + both);
        }
    }

    enum Meaning {
        CREDIT,
        NO_CREDIT,
        UNKNOWN
    }

    Meaning of(String statusId) {
        String id = statusId.strip().toUpperCase(Locale.ROOT);
        if (credit.contains(id)) {
            return Meaning.CREDIT;
        }
        return noCredit.contains(id) ? Meaning.NO_CREDIT : Meaning.UNKNOWN;
    }

    private static Set<String> normalise(Set<String> ids) {
        return ids.stream()
                .filter(s -> s != null && !s.isBlank())
                .map(s -> s.strip().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
