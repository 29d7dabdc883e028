package org.qualigate.ui;

import java.util.LinkedHashMap;
import java.util.Map;

/** What is wrong with a submitted form, field by field, for the page to show next to each field. */
final class FieldErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();

    FieldErrors reject(String field, String reason) {
        byField.putIfAbsent(field, reason);
        return this;
    }

    boolean any() {
        return !byField.isEmpty();
    }

    Map<String, String> asMap() {
        return byField;
    }
}
