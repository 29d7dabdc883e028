package org.qualigate.notify;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.InstantsInText;
import org.springframework.context.MessageSource;

/**
 * The language and time zone one group of an e-mail's recipients reads it in (decision 0041): the account's
 * language and zone of a recipient whose address is a user's, else English and the zone the sender names (the
 * site's, or UTC). The words are the message bundles' ({@code mail.*}); an instant is written to the minute in
 * the reader's zone with the zone named, never as ISO.
 */
public final class MailReader {

    private final MessageSource messages;
    private final Locale locale;
    private final ZoneId zone;

    MailReader(MessageSource messages, Locale locale, ZoneId zone) {
        this.messages = messages;
        this.locale = locale;
        this.zone = zone;
    }

    /** The message under the key in the reader's language, its arguments put in. */
    public String text(String key, @Nullable Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }

    /** An instant in the reader's zone, to the minute, with the zone named ("6 Dec 2026, 14:03 UTC"). */
    public String at(@Nullable Instant instant) {
        return instant == null
                ? ""
                : org.qualigate.text.ZoneNames.format(
                        messages.getMessage("format.instant", null, locale), locale, zone, instant);
    }

    /** The day an instant falls on in the reader's zone, with its weekday ("Wed 2 Dec 2026"). */
    public String day(Instant instant) {
        return DateTimeFormatter.ofPattern(messages.getMessage("format.weekday-date", null, locale), locale)
                .withZone(zone)
                .format(instant);
    }

    /**
     * A recorded sentence (an audit entry's reason) with each ISO instant in it said as {@link #at} in the reader's
     * zone; the record itself keeps its text, in the language it was recorded in.
     */
    public String restate(String sentence) {
        return InstantsInText.restate(sentence, this::at);
    }

    /** A sentence Qualigate made, in the reader's language and zone; a quoted record in typographic quotes. */
    public String say(org.qualigate.text.Sentence sentence) {
        return new org.qualigate.text.SentenceWriter(messages, locale, zone).text(sentence);
    }

    /** The reader's language. */
    public Locale locale() {
        return locale;
    }

    /** The reader's time zone. */
    public ZoneId zone() {
        return zone;
    }

    /** An e-mail's subject and body, as written for one reader. */
    public record Letter(String subject, String body) {}
}
