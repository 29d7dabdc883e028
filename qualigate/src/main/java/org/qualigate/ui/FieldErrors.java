package org.qualigate.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;

/**
 * What is wrong with a submitted form, field by field, for the page to show next to each field: always a sentence of
 * the bundles ({@link Sentence}), written in the reader's language by {@code ${@readable.say(errors['field'])}}; a
 * service's refusal comes as a {@link Refusal} and is said by its sentence, never by its English (decision 0054).
 */
final class FieldErrors {

    private final Map<String, Sentence> byField = new LinkedHashMap<>();

    FieldErrors reject(String field, Sentence reason) {
        byField.putIfAbsent(field, reason);
        return this;
    }

    /** A service's refusal next to the field it names, or next to {@code otherwise} when it names none. */
    FieldErrors reject(Refusal refusal, String otherwise) {
        return reject(refusal.field() == null ? otherwise : refusal.field(), refusal.said());
    }

    boolean any() {
        return !byField.isEmpty();
    }

    Map<String, Sentence> asMap() {
        return byField;
    }
}
