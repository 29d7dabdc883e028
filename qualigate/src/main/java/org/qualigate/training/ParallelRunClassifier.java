package org.qualigate.training;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.training.TrainingParallelRun.Classification;
import org.qualigate.training.TrainingParallelRun.Line;

/**
 * The parallel run's classifier, on values: each person × course of the manual export or of what Qualigate
 * wrote becomes one line with its classification and the reason, from the facts the report read (what the QMS
 * owns, which completions had no QMS course, which writes were held back for the QMS's authority).
 *
 * @param owned person|course the QMS owns
 * @param unmapped person|day of completions Qualigate could not map to a QMS course
 * @param heldBack the reason per external id of a write held back because the QMS owns the record
 * @param periodEnd the end of the compared period: what arrived later is a late arrival
 * @param zone the site's zone, in which a completion instant has its day
 */
record ParallelRunClassifier(
        Set<String> owned, Set<String> unmapped, Map<String, String> heldBack, Instant periodEnd, ZoneId zone) {

    /** One record of the manual-entry export, from line {@code line}. */
    record Manual(String employeeId, String course, LocalDate completedOn, boolean revoked, int line) {}

    /** One record Qualigate wrote (or, in observe mode, would have written). */
    record Done(
            String employeeId,
            String course,
            LocalDate completedOn,
            boolean revoked,
            Instant completedAt,
            String completedOriginal,
            Instant recordedAt,
            String evidence,
            String externalId) {}

    /** The lines of both sides keyed person|course, in the order of the keys. */
    List<Line> classify(Map<String, Manual> manual, Map<String, Done> done) {
        TreeSet<String> keys = new TreeSet<>(manual.keySet());
        keys.addAll(done.keySet());
        List<Line> lines = new ArrayList<>();
        for (String key : keys) {
            lines.add(line(key, manual.get(key), done.get(key)));
        }
        return lines;
    }

    private Line line(String key, @Nullable Manual m, @Nullable Done d) {
        if (d != null && d.recordedAt().isAfter(periodEnd)) {
            return new Line(
                    d.employeeId(),
                    d.course(),
                    Classification.LATE_ARRIVAL,
                    m == null ? null : TrainingParallelRun.value(m.completedOn(), m.revoked()),
                    TrainingParallelRun.value(d.completedOn(), d.revoked()),
                    "the HRIS sent " + d.evidence() + " at " + d.recordedAt() + ", after the period ended");
        }
        if (m != null && d != null) {
            return both(m, d);
        }
        if (m != null) {
            return manualOnly(key, m);
        }
        if (d == null) {
            throw new IllegalArgumentException("neither side holds " + key);
        }
        return qualigateOnly(d);
    }

    private Line both(Manual m, Done d) {
        String mv = TrainingParallelRun.value(m.completedOn(), m.revoked());
        String dv = TrainingParallelRun.value(d.completedOn(), d.revoked());
        if (m.completedOn().equals(d.completedOn()) && m.revoked() == d.revoked()) {
            return new Line(m.employeeId(), m.course(), Classification.MATCH, mv, dv, "same on both sides");
        }
        if (aDayApartByTheZone(m, d)) {
            return new Line(
                    m.employeeId(),
                    m.course(),
                    Classification.TIME_ZONE,
                    mv,
                    dv,
                    "completed " + d.completedAt() + " (HRIS value " + d.completedOriginal() + "): "
                            + d.completedOn() + " in site time (" + zone + "), " + m.completedOn()
                            + " as entered by hand");
        }
        return new Line(
                m.employeeId(),
                m.course(),
                Classification.MANUAL_ERROR,
                mv,
                dv,
                "the manual entry differs from HRIS record " + d.evidence() + " (" + d.completedOriginal() + ")");
    }

    /** A day apart because the hand entry took the UTC day (or the HRIS's own text) instead of the site's day. */
    private static boolean aDayApartByTheZone(Manual m, Done d) {
        return m.revoked() == d.revoked()
                && Math.abs(m.completedOn().toEpochDay() - d.completedOn().toEpochDay()) == 1
                && (m.completedOn()
                                .equals(d.completedAt().atZone(ZoneOffset.UTC).toLocalDate())
                        || d.completedOriginal().startsWith(m.completedOn().toString()));
    }

    private Line manualOnly(String key, Manual m) {
        String mv = TrainingParallelRun.value(m.completedOn(), m.revoked());
        if (owned.contains(key)) {
            return new Line(
                    m.employeeId(),
                    m.course(),
                    Classification.AUTHORITY,
                    mv,
                    null,
                    "the QMS owns a record of this course for this person; Qualigate does not write it");
        }
        if (unmapped.contains(m.employeeId() + "|" + m.completedOn())) {
            return new Line(
                    m.employeeId(),
                    m.course(),
                    Classification.UNMAPPED_CODE,
                    mv,
                    null,
                    "the HRIS sent a completion of the same day for this person whose code has no QMS "
                            + "course in the dictionary");
        }
        return new Line(
                m.employeeId(),
                m.course(),
                Classification.MANUAL_ERROR,
                mv,
                null,
                "no HRIS completion of this course for this person in the period");
    }

    private Line qualigateOnly(Done d) {
        String dv = TrainingParallelRun.value(d.completedOn(), d.revoked());
        String held = heldBack.get(d.externalId());
        return held != null
                ? new Line(d.employeeId(), d.course(), Classification.AUTHORITY, null, dv, held)
                : new Line(
                        d.employeeId(),
                        d.course(),
                        Classification.MANUAL_ERROR,
                        null,
                        dv,
                        "HRIS record " + d.evidence() + " was not entered by hand");
    }
}
