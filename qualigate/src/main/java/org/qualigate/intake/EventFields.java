package org.qualigate.intake;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Text fields of an event body; a field of the wrong JSON type reads as its text. */
record EventFields(JsonNode json) {

    @Nullable
    JsonNode node(String name) {
        return EventBody.node(json, name);
    }

    @Nullable
    String text(String name) {
        return EventBody.text(json, name);
    }
}
