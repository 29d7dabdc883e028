package org.qualigate.waiting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One kind of work waiting for the viewer: how many items, and the oldest few with how long each has waited
 * and where it is dealt with.
 */
record Waiting(Kind kind, long count, List<Item> oldest, String link) {

    public Waiting {
        oldest = List.copyOf(oldest);
    }

    /** The kinds of work, each named on the page by its own sentence. */
    public enum Kind {
        CHANGE_SETS_TO_APPROVE,
        CHANGE_SETS_TO_SIGN,
        UNMAPPED_CODES,
        QMS_CONFLICTS,
        OVERRIDE_REVIEWS,
        EVENTS_SET_ASIDE,
        FAILED_DELIVERIES
    }

    /**
     * One item: its reference (a change set's number, a person's employee ID, a code), what it is about, where it
     * is dealt with, and since when it waits.
     */
    public record Item(String ref, String about, String link, Instant since, Duration age) {

        /** Whole days it has waited. */
        public long days() {
            return age.toDays();
        }

        /** Whole hours beyond the days. */
        public long hours() {
            return age.toHoursPart();
        }

        /** Whole minutes, when less than an hour. */
        public long minutes() {
            return age.toMinutes();
        }

        /** Waited longer than a working day: shown as overdue. */
        public boolean old() {
            return age.compareTo(Duration.ofDays(1)) > 0;
        }
    }
}
