package org.qualigate.ui;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is wrong with a submitted form, field by field, for the page to show next to each field: a sentence in the
 * reader's language ({@link org.qualigate.text.Sentence}), or a service's own words where no sentence of the
 * bundles says it ({@code ${@readable.say(errors['field'])}} writes either).
 */
final class FieldErrors {

    private final Map<String, Object> byField = new LinkedHashMap<>();

    FieldErrors reject(String field, Object reason) {
        byField.putIfAbsent(field, reason);
        return this;
    }

    boolean any() {
        return !byField.isEmpty();
    }

    Map<String, Object> asMap() {
        return byField;
    }
}
