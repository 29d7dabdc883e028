package org.qualigate.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The stretch of time each calibration cycle of an instrument covers (decisions 0077, 0087): from the start of its
 * calibration day at the site through the earlier of the end of its due day and the start of the calibration day of
 * any cycle agreed after it. An earlier cycle never outlasts the recalibration that replaced it, whatever that
 * recalibration found and however soon it falls due.
 */
final class InstrumentCycles {

    private InstrumentCycles() {}

    /**
     * One cycle's agreed state and the instants it covers, {@code [from, until)} ({@code until} null: no end); the
     * cycle is calibrated over them only if its state says so. {@code recalibrated} is the calibration day of the
     * cycle that cut it short (null: its due day, or none, bounds it).
     */
    record Cover(
            InstrumentCalibration cycle,
            Instant from,
            @Nullable Instant until,
            @Nullable LocalDate recalibrated) {

        boolean covers(Instant at) {
            return !from.isAfter(at) && (until == null || at.isBefore(until));
        }
    }

    /**
     * The covers of the current states and of the earlier cycles, in the site's zone; a cycle that covers nothing (a
     * recalibration agreed after it began on or before its own first day) is left out. An instrument's current state
     * was agreed after every earlier cycle of it; of two earlier cycles, the one agreed later ({@code since}) did.
     */
    static List<Cover> of(
            ZoneId zone, Map<String, InstrumentCalibration> current, Collection<InstrumentCalibration> earlier) {
        List<Cover> out = new ArrayList<>();
        for (InstrumentCalibration c : cyclesOf(current, earlier, null)) {
            List<InstrumentCalibration> later = cyclesOf(current, earlier, c.instrument()).stream()
                    .filter(d -> agreedAfter(current, d, c))
                    .toList();
            cover(zone, c, later).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The cycle that judges the instrument at {@code at}: of the cycles begun by then, the one agreed last (empty when
     * none had begun). Only it can say whether the instrument was calibrated then.
     */
    static Optional<InstrumentCalibration> judging(
            ZoneId zone,
            Map<String, InstrumentCalibration> current,
            Collection<InstrumentCalibration> earlier,
            String instrument,
            Instant at) {
        List<InstrumentCalibration> begun = cyclesOf(current, earlier, instrument).stream()
                .filter(c -> !start(zone, c).isAfter(at))
                .toList();
        return begun.stream()
                .filter(c -> begun.stream().noneMatch(d -> agreedAfter(current, d, c)))
                .findFirst();
    }

    /** The first calibration day of any cycle of the instrument (null when none has one). */
    static @Nullable LocalDate firstCalibration(
            Map<String, InstrumentCalibration> current, Collection<InstrumentCalibration> earlier, String instrument) {
        return cyclesOf(current, earlier, instrument).stream()
                .map(InstrumentCalibration::lastCalibration)
                .filter(java.util.Objects::nonNull)
                .min(LocalDate::compareTo)
                .orElse(null);
    }

    /** The current states and the earlier cycles, of one instrument or (null) of all. */
    private static List<InstrumentCalibration> cyclesOf(
            Map<String, InstrumentCalibration> current,
            Collection<InstrumentCalibration> earlier,
            @Nullable String instrument) {
        List<InstrumentCalibration> out = new ArrayList<>();
        current.values().stream()
                .filter(c -> instrument == null || c.instrument().equals(instrument))
                .forEach(out::add);
        earlier.stream()
                .filter(c -> instrument == null || c.instrument().equals(instrument))
                .forEach(out::add);
        return out;
    }

    /**
     * Whether cycle {@code d} was agreed after cycle {@code c} of the same instrument: the current state after every
     * earlier cycle, an earlier cycle after another agreed before it.
     */
    private static boolean agreedAfter(
            Map<String, InstrumentCalibration> current, InstrumentCalibration d, InstrumentCalibration c) {
        if (d == c || !d.instrument().equals(c.instrument())) {
            return false;
        }
        InstrumentCalibration now = current.get(c.instrument());
        if (d == now) {
            return true;
        }
        return c != now && d.since().isAfter(c.since());
    }

    /** The start of the cycle's calibration day at the site; none recorded: as far back as asked. */
    static Instant start(ZoneId zone, InstrumentCalibration c) {
        return c.lastCalibration() == null
                ? Instant.EPOCH
                : c.lastCalibration().atStartOfDay(zone).toInstant();
    }

    /** The end of the cycle's due day at the site (null: no due date). */
    static @Nullable Instant dueEnd(ZoneId zone, InstrumentCalibration c) {
        return c.dueDate() == null
                ? null
                : c.dueDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static Optional<Cover> cover(
            ZoneId zone, InstrumentCalibration c, List<InstrumentCalibration> agreedAfter) {
        Instant until = dueEnd(zone, c);
        Instant from = start(zone, c);
        if (until != null && !until.isAfter(from)) {
            // due before it was calibrated: the dates contradict each other, so the due date alone bounds it
            from = Instant.EPOCH;
        }
        LocalDate recalibrated = null;
        for (InstrumentCalibration d : agreedAfter) {
            Instant next = start(zone, d);
            if (until == null || next.isBefore(until)) {
                until = next;
                recalibrated = d.lastCalibration();
            }
        }
        return until != null && !until.isAfter(from)
                ? Optional.empty()
                : Optional.of(new Cover(c, from, until, recalibrated));
    }
}
