package org.qualigate.access;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A plant site with its time zone (date-only values from sources are read in it), its production lines and its
 * shift pattern (local times).
 */
public record Site(
        String code, String name, ZoneId zone, List<String> lines, List<Shift> shifts, Map<String, Line> lineDetails) {

    public Site {
        lines = List.copyOf(lines);
        shifts = List.copyOf(shifts);
        lineDetails = Map.copyOf(lineDetails);
    }

    /** A site with lines and nothing more (names, supervisors and shifts unknown). */
    public Site(String code, String name, ZoneId zone, List<String> lines) {
        this(code, name, zone, lines, List.of(), Map.of());
    }

    /** The line of this site with that code. */
    public Optional<Line> line(String code) {
        return Optional.ofNullable(lineDetails.get(code));
    }

    /** The shift of this site with that name. */
    public Optional<Shift> shift(String name) {
        return shifts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A production line: its code, its name and whom to tell when its staffing is at risk (an e-mail address). */
    public record Line(String code, String name, @Nullable String supervisor) {}

    /** A shift in local times; one that ends before (or when) it starts runs past midnight. */
    public record Shift(String name, LocalTime start, LocalTime end) {

        /** Whether the shift runs past midnight into the next day. */
        public boolean crossesMidnight() {
            return !end.isAfter(start);
        }

        /**
         * The instants the shift starts and ends on that day at the site; a local time that falls in a daylight
         * saving gap moves forward, as a plant clock would.
         */
        public Window on(LocalDate day, ZoneId zone) {
            Instant from = ZonedDateTime.of(day, start, zone).toInstant();
            Instant to = ZonedDateTime.of(crossesMidnight() ? day.plusDays(1) : day, end, zone)
                    .toInstant();
            return new Window(from, to);
        }
    }

    /** When one occurrence of a shift starts and ends. */
    public record Window(Instant start, Instant end) {}
}
