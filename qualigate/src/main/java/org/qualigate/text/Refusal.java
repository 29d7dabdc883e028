package org.qualigate.text;

import org.jspecify.annotations.Nullable;

/**
 * Why a command was refused, as a value (decision 0054): the field at fault (none when the refusal is about the
 * request as a whole), the reason in the English the API answers word for word (CONTRACT.md), and the same reason as
 * a sentence of the bundles, which a page or an e-mail says in its reader's language. Every refusal a service can
 * hand to a page is one of these; a page never shows a service's English.
 */
public record Refusal(@Nullable String field, String reason, Sentence said) {

    /** A refusal of a field: its English reason, and the message key and arguments that say it. */
    public static Refusal of(@Nullable String field, String reason, String key, @Nullable Object... args) {
        return new Refusal(field, reason, Sentence.of(key, args));
    }

    /** A refusal of the request as a whole, not of one field. */
    public static Refusal whole(String reason, String key, @Nullable Object... args) {
        return new Refusal(null, reason, Sentence.of(key, args));
    }

    /** The field is missing or blank: "is required". */
    public static Refusal required(String field) {
        return of(field, "is required", "refusal.required");
    }

    /** The field's text is too long: "must be at most … characters". */
    public static Refusal atMost(String field, int characters) {
        return of(field, "must be at most " + characters + " characters", "refusal.at-most", characters);
    }

    /** The same refusal about another field (a form names its fields its own way). */
    public Refusal about(@Nullable String otherField) {
        return new Refusal(otherField, reason, said);
    }
}
