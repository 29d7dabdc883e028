package org.qualigate.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.SiteTime;
import org.qualigate.text.InstantsInText;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;
import org.springframework.stereotype.Component;

/**
 * Instants, days and calendar dates as a person reads them (decision 0041), for the templates
 * ({@code ${@readable.at(x)}}) and the page controllers: an instant in the reader's time zone with the zone
 * named ("6 Dec 2026, 14:03 UTC", "6. Dez. 2026, 15:03 MEZ"), never ISO and never to the nanosecond; a span as
 * whole days ("7 days", "1 Tag"); an HR calendar date as the same calendar date, only its month name in the
 * reader's language. The patterns are messages, so each language has its own.
 */
@Component("readable")
class Readable {

    /** UTC by its name, so that a formatter names it "UTC" (ZoneOffset.UTC would be "Z"). */
    static final ZoneId UTC = ZoneId.of("UTC");

    private final MessageSource messages;

    Readable(MessageSource messages) {
        this.messages = messages;
    }

    /** An instant in the reader's time zone, to the minute, with the zone named. */
    public String at(@Nullable Object instant) {
        return in(instant, readersZone(), "format.instant");
    }

    /** An instant in a named zone (a signer's, a site's), to the minute, with the zone named. */
    public String at(@Nullable Object instant, ZoneId zone) {
        return in(instant, zone, "format.instant");
    }

    /** An instant in UTC, to the minute, the zone named "UTC". */
    public String atUtc(@Nullable Object instant) {
        return instant == null ? "" : local(instant, UTC) + " UTC";
    }

    /** An instant in a named zone, to the minute, without the zone (for a sentence that names it beside). */
    public String local(@Nullable Object instant, ZoneId zone) {
        return in(instant, zone, "format.local-time");
    }

    /** An instant to the second (signatures, audit entries), in the reader's time zone. */
    public String exactly(@Nullable Object instant) {
        return in(instant, readersZone(), "format.instant-seconds");
    }

    /** An instant to the second in a named zone (a signature in its signer's zone). */
    public String exactly(@Nullable Object instant, ZoneId zone) {
        return in(instant, zone, "format.instant-seconds");
    }

    /**
     * When a signature was made, to the second, in its signer's zone named once: "7 Dec 2026, 07:59:29 CET
     * (Europe/Zurich)", or "7 Dec 2026, 06:59:29 UTC" where the zone's short name is its id.
     */
    public String signedAt(@Nullable Object instant, ZoneId zone) {
        return zoneNamedOnce(exactly(instant, zone), zone);
    }

    /** The same to the minute. */
    public String signedAtMinute(@Nullable Object instant, ZoneId zone) {
        return zoneNamedOnce(at(instant, zone), zone);
    }

    // the pattern names the zone by its short name ("CET"); its id follows unless that is the same ("UTC")
    private static String zoneNamedOnce(String at, ZoneId zone) {
        return at.isEmpty() || at.endsWith(zone.getId()) ? at : at + " (" + zone.getId() + ")";
    }

    /** The day an instant falls on in the reader's time zone. */
    public String day(@Nullable Object instant) {
        return in(instant, readersZone(), "format.date");
    }

    /**
     * How long an HR record is valid, in its site's calendar (decision 0029), in the reader's language: "valid
     * through 9 Mar 2027, end of day Europe/Zurich", "valid until 9 Mar 2027, 17:00 CET (Europe/Zurich)", or
     * "does not expire".
     */
    public String validity(SiteTime.RecordDates d) {
        Locale locale = LocaleContextHolder.getLocale();
        if (d.expiresAt() == null || d.expiresOn() == null) {
            return messages.getMessage("person.no-expiry", null, locale);
        }
        if (d.expiresAtEndOfDay()) {
            return messages.getMessage(
                    "person.valid-through",
                    new Object[] {date(d.expiresOn()), d.zone().getId()},
                    locale);
        }
        return messages.getMessage(
                "person.valid-until",
                new Object[] {at(d.expiresAt(), d.zone()), d.zone().getId()},
                locale);
    }

    /**
     * A recorded sentence (an audit entry's reason, a refusal) with each ISO instant in it said as {@link #exactly}
     * in the reader's zone; the record itself keeps its text.
     */
    public String restate(@Nullable String sentence) {
        if (sentence == null) {
            return "";
        }
        return InstantsInText.restate(sentence, this::exactly);
    }

    /** A sentence Qualigate made, in the reader's language and zone, as plain text (decision 0047). */
    public String say(@Nullable Object sentence) {
        return sentence instanceof org.qualigate.text.Sentence s
                ? writer().text(s)
                : sentence == null ? "" : sentence.toString();
    }

    /**
     * A sentence Qualigate made, in the reader's language and zone, as escaped HTML with each quoted record in it
     * marked {@code <q class="record" lang="en">} ({@code th:utext}).
     */
    public String sayHtml(@Nullable Object sentence) {
        return sentence instanceof org.qualigate.text.Sentence s
                ? writer().html(s)
                : org.springframework.web.util.HtmlUtils.htmlEscape(sentence == null ? "" : sentence.toString());
    }

    /** A record (a reason typed by a person, an audit entry's words) as recorded, marked as quoted English. */
    public String quoteHtml(@Nullable String record) {
        return record == null || record.isEmpty()
                ? ""
                : writer().html(org.qualigate.text.Sentence.of(
                        "format.as-is", org.qualigate.text.Sentence.Quoted.english(record)));
    }

    /** The writer of sentences for this request's reader. */
    public org.qualigate.text.SentenceWriter writer() {
        return new org.qualigate.text.SentenceWriter(messages, LocaleContextHolder.getLocale(), readersZone());
    }

    /** The UTC day an instant falls on (periods counted in UTC days, such as a parallel run's). */
    public String utcDay(@Nullable Object instant) {
        return in(instant, UTC, "format.date");
    }

    /** An instant in a named zone (a site's shift) with its weekday, to the minute, the zone named beside it. */
    public String weekdayAt(@Nullable Object instant, ZoneId zone) {
        return in(instant, zone, "format.weekday-time");
    }

    /** A calendar day and month ("20 Nov", "20. Nov."), for a calendar's cells. */
    public String dayMonth(@Nullable LocalDate date) {
        return date == null ? "" : formatter("format.day-month").format(date);
    }

    /** An HR calendar date: the same date, its month named in the reader's language. */
    public String date(@Nullable LocalDate date) {
        return date == null ? "" : formatter("format.date").format(date);
    }

    /** Whole days, with the right plural ("1 day", "7 days"). */
    public String days(long days) {
        return messages.getMessage("format.days", new Object[] {days}, LocaleContextHolder.getLocale());
    }

    /** A span as whole days, rounded down. */
    public String days(Duration span) {
        return days(span.toDays());
    }

    /**
     * The instant a report answers for, as it was chosen at the site: "end of the site's day 3 May 2026
     * (Europe/Zurich): 3 May 2026, 23:59:59 CEST = 3 May 2026, 21:59:59 UTC", "now, …", or the instant itself.
     */
    public String point(SiteTime.PointInTime p) {
        String key = switch (p.kind()) {
            case NOW -> "format.point.now";
            case END_OF_DAY -> "format.point.end-of-day";
            case TIME_OF_DAY, INSTANT -> "format.point.instant";
        };
        return messages.getMessage(
                key,
                new Object[] {date(p.day()), p.zone().getId(), exactly(p.at(), p.zone()), exactly(p.at(), UTC)},
                LocaleContextHolder.getLocale());
    }

    /** A span in whole days when it is whole days ("grace 7 days"), else in hours ("12 hours"). */
    public String span(Duration span) {
        if (span.toHours() % 24 == 0) {
            return days(span.toDays());
        }
        return messages.getMessage("format.hours", new Object[] {span.toHours()}, LocaleContextHolder.getLocale());
    }

    /** The reader's time zone, by its id ("Europe/Zurich", "UTC"). */
    public String zone() {
        return readersZone().getId();
    }

    /**
     * The zone the reader chose, as {@link UserPreferences} put it for this request; UTC where no request set one
     * (never the machine's own zone).
     */
    private static ZoneId readersZone() {
        return LocaleContextHolder.getLocaleContext() instanceof TimeZoneAwareLocaleContext c && c.getTimeZone() != null
                ? c.getTimeZone().toZoneId()
                : UTC;
    }

    private String in(@Nullable Object value, ZoneId zone, String pattern) {
        Instant instant = switch (value) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case java.util.Date d -> d.toInstant();
            case TemporalAccessor t -> Instant.from(t);
            default -> throw new IllegalArgumentException("not an instant: " + value.getClass());
        };
        Locale locale = LocaleContextHolder.getLocale();
        return instant == null
                ? ""
                : org.qualigate.text.ZoneNames.format(
                        messages.getMessage(pattern, null, locale), locale, zone, instant);
    }

    private DateTimeFormatter formatter(String key) {
        Locale locale = LocaleContextHolder.getLocale();
        return DateTimeFormatter.ofPattern(messages.getMessage(key, null, locale), locale);
    }
}
