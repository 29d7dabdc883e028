package org.qualigate.text;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sentence made by Qualigate, kept as a message key and its arguments until it is written for a reader
 * (decision 0047): a page writes it in the reader's language and time zone, an e-mail in its recipient's, the API
 * in English. An argument is written by its type: an {@link Instant} in the reader's zone, a {@link AtSite} at a
 * site with the reader's zone beside it, a {@link java.time.LocalDate} as a calendar date, a
 * {@link java.time.Duration} in days or hours, a nested sentence in the same language, a {@link Quoted} record as
 * it was recorded (marked so), anything else as itself.
 */
public record Sentence(String key, List<@Nullable Object> args) {

    public Sentence {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    public static Sentence of(String key, @Nullable Object... args) {
        return new Sentence(key, Arrays.asList(args));
    }

    /**
     * Text that is a record — a reason a person typed, an audit entry's words, a source's message — shown as it
     * was recorded and marked as quoted, in the language it was recorded in; only ISO instants in it are said the
     * reader's way.
     */
    public record Quoted(String text, String language) {

        public static Quoted english(@Nullable String text) {
            return new Quoted(text == null ? "" : text, "en");
        }
    }

    /** An instant that happened at a site: said at the site with its zone named, the reader's zone beside it. */
    public record AtSite(Instant instant, ZoneId zone) {}

    /** The end of a validity at a site: "end of day …" when it falls on the site's midnight, else {@link AtSite}. */
    public record UntilAtSite(Instant end, ZoneId zone) {}
}
