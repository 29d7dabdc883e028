package org.qualigate.quality;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The escalation rule, a pure function of a CAPA and the site's date: a reminder from {@code reminderDays} before the
 * due date, an escalation to the owner's manager from the due date, to QA leadership from seven days after it — while
 * the CAPA is open; once it is closed, its task is closed. Each step carries its explanation ("escalated because due
 * 2026-12-01 passed with status Opened").
 */
final class CapaEscalation {

    /** The steps, in order, with the escalation level each sets in the QMS. */
    public enum Kind {
        REMINDER(0),
        MANAGER(1),
        QA_LEADERSHIP(2),
        CLOSED(-1);

        private final int level;

        Kind(int level) {
            this.level = level;
        }

        public int level() {
            return level;
        }
    }

    /** A step due now, and why. */
    public record Step(Kind kind, String explanation) {}

    static final int LEADERSHIP_AFTER_DAYS = 7;

    private CapaEscalation() {}

    /** The steps due at {@code today} (the site's date), oldest first. */
    public static List<Step> due(CapaRecord capa, LocalDate today, int reminderDays, String leadership) {
        List<Step> steps = new ArrayList<>();
        LocalDate due = capa.dueDate();
        if (capa.closed()) {
            steps.add(new Step(
                    Kind.CLOSED, capa.name() + " was closed with status " + capa.status() + ": its task is closed"));
            return steps;
        }
        if (due == null) {
            return steps;
        }
        String owner = who(capa.ownerEmail(), capa.ownerEmployeeId(), "its owner");
        if (!today.isBefore(due.minusDays(reminderDays))) {
            long days = ChronoUnit.DAYS.between(today, due);
            steps.add(new Step(
                    Kind.REMINDER,
                    "reminder to " + owner + " because " + capa.name() + " is due " + due
                            + (days > 0 ? " (in " + days + " day" + (days == 1 ? "" : "s") + ")" : "")
                            + " with status " + capa.status()));
        }
        if (!today.isBefore(due)) {
            steps.add(new Step(
                    Kind.MANAGER,
                    "escalated to " + who(capa.managerEmail(), capa.managerEmployeeId(), "the owner's manager")
                            + " (manager of " + owner + ") because " + capa.name() + " was due " + due
                            + " and is still open with status " + capa.status()));
        }
        if (!today.isBefore(due.plusDays(LEADERSHIP_AFTER_DAYS))) {
            steps.add(new Step(
                    Kind.QA_LEADERSHIP,
                    "escalated to QA leadership (" + leadership + ") because " + capa.name() + " was due " + due
                            + ", more than " + LEADERSHIP_AFTER_DAYS + " days ago, and is still open with status "
                            + capa.status()));
        }
        return steps;
    }

    /** The next date at which a step comes due, after {@code today}; empty when none will (closed, or all passed). */
    public static Optional<LocalDate> next(CapaRecord capa, LocalDate today, int reminderDays) {
        LocalDate due = capa.dueDate();
        if (capa.closed() || due == null) {
            return Optional.empty();
        }
        for (LocalDate at : List.of(due.minusDays(reminderDays), due, due.plusDays(LEADERSHIP_AFTER_DAYS))) {
            if (at.isAfter(today)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    private static String who(String email, String employeeId, String fallback) {
        return email != null ? email : employeeId != null ? employeeId : fallback;
    }
}
