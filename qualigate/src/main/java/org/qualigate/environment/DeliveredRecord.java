package org.qualigate.environment;

import org.jspecify.annotations.Nullable;

/** A record as the topic delivered it: where it lies, its key (the room) and its value as text. */
record DeliveredRecord(
        String topic,
        int partition,
        long offset,
        @Nullable String key,
        @Nullable String value) {

    String position() {
        return topic + "/" + partition + "@" + offset;
    }
}
