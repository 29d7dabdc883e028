package org.qualigate.text;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * Writes {@link Sentence}s for one reader: the message bundles' words in the reader's language, instants in the
 * reader's zone to the minute with the zone named, calendar dates with the month in the reader's language, and
 * quoted records as recorded. {@link #html} escapes everything and marks each quoted record as a
 * {@code <q class="record" lang="…">}, so a page shows what is a record and what is its own words.
 */
public final class SentenceWriter {

    /** UTC by its name, so that a formatter names it "UTC" (ZoneOffset.UTC would be "Z"). */
    public static final ZoneId UTC = ZoneId.of("UTC");

    /** A character no message or argument holds (Unicode private use), around an argument's place. */
    private static final String MARK = "\uE000";

    private final MessageSource messages;
    private final Locale locale;
    private final ZoneId zone;

    public SentenceWriter(MessageSource messages, Locale locale, ZoneId zone) {
        this.messages = messages;
        this.locale = locale;
        this.zone = zone;
    }

    /** English in UTC: the API's and the operators' language (CONTRACT.md). */
    public static SentenceWriter english(MessageSource messages) {
        return new SentenceWriter(messages, Locale.ENGLISH, UTC);
    }

    /** The sentence as plain text; a quoted record stands in typographic quotes. */
    public String text(@Nullable Sentence s) {
        return s == null ? "" : write(s, false);
    }

    /** The sentence as escaped HTML, each quoted record marked with its language. */
    public String html(@Nullable Sentence s) {
        return s == null ? "" : write(s, true);
    }

    private String write(Sentence s, boolean html) {
        Object[] args = new Object[s.args().size()];
        Object[] marks = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = argument(s.args().get(i), html);
            // in HTML each written argument stands in as a mark while the bundle's own words are escaped
            marks[i] = html && args[i] instanceof String ? MARK + i + MARK : args[i];
        }
        if (!html) {
            return messages.getMessage(s.key(), args, locale);
        }
        String escaped = HtmlUtils.htmlEscape(messages.getMessage(s.key(), marks, locale));
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof String written) {
                escaped = escaped.replace(MARK + i + MARK, written);
            }
        }
        return escaped;
    }

    private @Nullable Object argument(@Nullable Object a, boolean html) {
        return switch (a) {
            case null -> "";
            case Sentence nested -> write(nested, html);
            case Sentence.Quoted q -> quoted(q, html);
            case Sentence.AtSite at -> atSite(at.instant(), at.zone(), html);
            case Sentence.UntilAtSite u -> untilAtSite(u.end(), u.zone(), html);
            case Instant i -> escape(at(i, zone), html);
            case LocalDate d -> escape(date(d), html);
            case Duration d -> escape(span(d), html);
            case Number n -> n;
            default -> escape(a.toString(), html);
        };
    }

    private String quoted(Sentence.Quoted q, boolean html) {
        String said = InstantsInText.restate(q.text(), i -> at(i, zone));
        if (!html) {
            return "“" + said + "”";
        }
        return "<q class=\"record\" lang=\"" + HtmlUtils.htmlEscape(q.language()) + "\">" + HtmlUtils.htmlEscape(said)
                + "</q>";
    }

    /**
     * "20 Nov 2026 09:00 Europe/Zurich (08:00 UTC)": at the site with its zone named, the reader's zone (UTC when the
     * reader reads in the site's zone) beside it, its date repeated only when it differs (decision 0029).
     */
    public String atSite(Instant instant, ZoneId site, boolean html) {
        if (site.normalized().equals(ZoneOffset.UTC)) {
            return escape(format("format.local-time", UTC, instant) + " UTC", html);
        }
        ZoneId beside = zone.normalized().equals(site.normalized()) ? UTC : zone;
        String local = format("format.local-time", site, instant);
        String there = LocalDate.ofInstant(instant, beside).equals(LocalDate.ofInstant(instant, site))
                ? format("format.time-zone", beside, instant)
                : at(instant, beside);
        return escape(messages.getMessage("format.at-site", new Object[] {local, site.getId(), there}, locale), html);
    }

    /** The end of a validity: "end of day 9 Mar 2027 Europe/Zurich" on the site's midnight, else {@link #atSite}. */
    public String untilAtSite(Instant end, ZoneId site, boolean html) {
        ZonedDateTime local = end.atZone(site);
        if (local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            return escape(
                    messages.getMessage(
                            "format.end-of-day",
                            new Object[] {date(local.toLocalDate().minusDays(1)), site.getId()},
                            locale),
                    html);
        }
        return atSite(end, site, html);
    }

    /** An instant in a zone, to the minute, with the zone named. */
    public String at(Instant instant, ZoneId in) {
        return format("format.instant", in, instant);
    }

    /** A calendar date, the month named in the reader's language. */
    public String date(LocalDate date) {
        return pattern("format.date").format(date);
    }

    /** A span in whole days when it is whole days, else in hours. */
    public String span(Duration span) {
        return span.toHours() % 24 == 0
                ? messages.getMessage("format.days", new Object[] {span.toDays()}, locale)
                : messages.getMessage("format.hours", new Object[] {span.toHours()}, locale);
    }

    public Locale locale() {
        return locale;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The instant in the zone by the message's pattern, the zone named as {@link ZoneNames} says. */
    private String format(String key, ZoneId in, Instant instant) {
        return ZoneNames.format(messages.getMessage(key, null, locale), locale, in, instant);
    }

    private DateTimeFormatter pattern(String key) {
        return DateTimeFormatter.ofPattern(messages.getMessage(key, null, locale), locale);
    }

    private static String escape(String text, boolean html) {
        return html ? HtmlUtils.htmlEscape(text) : text;
    }
}
