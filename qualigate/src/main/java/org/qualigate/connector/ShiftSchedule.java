package org.qualigate.connector;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;

/**
 * The plant's scheduling system (an MES production centre): whether a person is on shift at an instant, which
 * work orders they hold, and the roster of a line over a range of days. Every call may throw {@link TargetException} when the system cannot be read.
 */
public interface ShiftSchedule {

    /** Whether a scheduling system is configured; without one nothing is ever deferred. */
    boolean configured();

    /** The shift in progress for the person at the instant, if any. */
    Optional<Shift> shiftAt(EmployeeId employeeId, Instant at);

    /** The work orders the person holds that are still active. */
    List<WorkOrder> activeWorkOrders(EmployeeId employeeId);

    /**
     * The shifts the scheduling system has published for one line of the site that start on a day from {@code from}
     * through {@code to} (the site's calendar days), with the entries it could not read and why.
     */
    Roster roster(String site, String line, LocalDate from, LocalDate to);

    /** No scheduling system: nobody is ever on shift or holds a work order. */
    static ShiftSchedule none() {
        return new ShiftSchedule() {
            @Override
            public boolean configured() {
                return false;
            }

            @Override
            public Roster roster(String site, String line, LocalDate from, LocalDate to) {
                return new Roster(List.of(), List.of());
            }

            @Override
            public Optional<Shift> shiftAt(EmployeeId employeeId, Instant at) {
                return Optional.empty();
            }

            @Override
            public List<WorkOrder> activeWorkOrders(EmployeeId employeeId) {
                return List.of();
            }
        };
    }

    /** One occurrence of a shift: its name, site and zone, and the instants it starts and ends. */
    record Shift(String name, String site, ZoneId zone, Instant start, Instant end) {

        public Shift {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("a shift must end after it starts: " + start + " to " + end);
            }
        }
    }

    /** One person rostered on one shift of a line: the day it starts at the site, its instants and their position. */
    record RosteredShift(
            EmployeeId employeeId,
            String site,
            String line,
            @Nullable String position,
            String shift,
            LocalDate date,
            Instant start,
            Instant end) {

        public RosteredShift {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("a shift must end after it starts: " + start + " to " + end);
            }
        }
    }

    /** A roster as read: the usable shifts, and each entry that could not be used with the reason. */
    record Roster(List<RosteredShift> shifts, List<String> unreadable) {

        public Roster {
            shifts = List.copyOf(shifts);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** An active work order; {@code expectedClose} is null when the scheduling system does not know it. */
    record WorkOrder(
            String id,
            String line,
            @Nullable Instant opened,
            @Nullable Instant expectedClose) {}
}
