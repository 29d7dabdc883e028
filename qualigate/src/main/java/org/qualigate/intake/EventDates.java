package org.qualigate.intake;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads the dates of an inbound event. A date-only value is a day in the person's site zone: a
 * completion happened at the start of that day, an expiry means valid through the end of it. An RFC
 * 3339 instant is taken as it is.
 */
final class EventDates {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private EventDates() {}

    static Optional<Instant> completion(String value, ZoneId zone) {
        return parse(value, zone, false);
    }

    static Optional<Instant> expiry(String value, ZoneId zone) {
        return parse(value, zone, true);
    }

    static Optional<Instant> instant(String value) {
        try {
            return bounded(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parse(String value, ZoneId zone, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate day = isPlainDate(value)
                        ? LocalDate.of(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10))
                        : LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
                LocalDate start = endOfDay ? day.plusDays(1) : day;
                return bounded(start.atStartOfDay(zone).toInstant());
            }
            return instant(value);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code YYYY-MM-DD} in ASCII digits: read without the formatter (two dates per event), with the same answer —
     * {@link LocalDate#of} refuses a day that does not exist as {@code ISO_LOCAL_DATE} does. Any other ten
     * characters go to the formatter.
     */
    private static boolean isPlainDate(String v) {
        for (int i = 0; i < 10; i++) {
            char c = v.charAt(i);
            if (i == 4 || i == 7 ? c != '-' : c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int digits(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (v.charAt(i) - '0');
        }
        return n;
    }

    private static Optional<Instant> bounded(Instant i) {
        return i.isBefore(EARLIEST) || !i.isBefore(LATEST) ? Optional.empty() : Optional.of(i);
    }
}
