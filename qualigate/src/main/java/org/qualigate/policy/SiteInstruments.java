package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agreed calibration states of a site's instruments, as an input of the access policy. An instrument a rule
 * names is met while it is calibrated and its due date has not passed: a due date is valid through the end of that
 * day in the site's zone, and no grace period applies (a rule's grace covers people's qualifications only). An instrument
 * with no agreed state is not met.
 */
public record SiteInstruments(
        ZoneId zone, Map<String, InstrumentCalibration> byInstrument, List<InstrumentCalibration> earlierCycles) {

    public SiteInstruments {
        requireNonNull(zone, "zone");
        byInstrument = Map.copyOf(byInstrument);
        earlierCycles = List.copyOf(earlierCycles);
    }

    public SiteInstruments(ZoneId zone, Map<String, InstrumentCalibration> byInstrument) {
        this(zone, byInstrument, List.of());
    }

    /** A site of whose instruments nothing is known. */
    public static SiteInstruments none(ZoneId zone) {
        return new SiteInstruments(zone, Map.of());
    }

    public static SiteInstruments of(ZoneId zone, Collection<InstrumentCalibration> states) {
        return of(zone, states, List.of());
    }

    /**
     * The current states, and the last agreed state of each earlier calibration cycle of the instruments (decision
     * 0077): a recalibration starts a new cycle and leaves the earlier one's stretch as it was agreed, so that an
     * answer about a past instant still finds the calibration that covered it.
     */
    public static SiteInstruments of(
            ZoneId zone, Collection<InstrumentCalibration> states, Collection<InstrumentCalibration> earlierCycles) {
        Map<String, InstrumentCalibration> m = new TreeMap<>();
        states.forEach(s -> m.put(s.instrument(), s));
        return new SiteInstruments(zone, m, List.copyOf(earlierCycles));
    }

    /** Only the instruments named (the others' calibration cannot change any answer under the rules naming these). */
    public SiteInstruments only(Set<String> instruments) {
        if (instruments.containsAll(byInstrument.keySet())
                && earlierCycles.stream().allMatch(c -> instruments.contains(c.instrument()))) {
            return this;
        }
        Map<String, InstrumentCalibration> m = new TreeMap<>(byInstrument);
        m.keySet().retainAll(instruments);
        return new SiteInstruments(
                zone,
                m,
                earlierCycles.stream()
                        .filter(c -> instruments.contains(c.instrument()))
                        .toList());
    }

    /**
     * Whether a requirement's code (as a basis or an audit entry writes it) is an instrument's calibration rather than
     * a person's qualification: such evidence has no completion of its own.
     */
    public static boolean isInstrumentCode(String code) {
        return code.startsWith(InstrumentRequirement.CODE_PREFIX);
    }

    /** The first instant the instrument is past its due date: the start of the day after it, at the site. */
    public Instant dueEnd(LocalDate dueDate) {
        return dueDate.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * The person's qualifications with each instrument's calibration as one more held record (a person's own record
     * under an instrument's code is left out: nobody holds an instrument's calibration).
     */
    List<HeldQualification> with(Collection<HeldQualification> held) {
        List<HeldQualification> out = new ArrayList<>(held.size() + byInstrument.size());
        held.stream().filter(q -> !InstrumentRequirement.reserved(q.code())).forEach(out::add);
        List<InstrumentCalibration> cycles = new ArrayList<>(byInstrument.values());
        cycles.addAll(earlierCycles);
        for (InstrumentCalibration c : cycles) {
            Instant until = c.dueDate() == null ? null : dueEnd(c.dueDate());
            Instant from = c.lastCalibration() == null
                    ? Instant.EPOCH
                    : c.lastCalibration().atStartOfDay(zone).toInstant();
            if (until != null && !until.isAfter(from)) {
                // due before it was calibrated: the dates contradict each other, so the due date alone bounds it
                from = Instant.EPOCH;
            }
            String words = c.status() != InstrumentCalibration.Status.CALIBRATED
                    ? c.status() + " since " + c.since()
                    : until == null ? "calibrated, no due date" : "calibrated until " + c.dueDate();
            out.add(new HeldQualification(
                    words,
                    InstrumentRequirement.code(c.instrument()),
                    1,
                    from,
                    until,
                    c.status() != InstrumentCalibration.Status.CALIBRATED));
        }
        return out;
    }

    /** The decisions with each instrument's outcome said in the words of calibration. */
    Entitlements worded(Entitlements e) {
        return new Entitlements(
                e.at(),
                e.rulesVersion(),
                e.decisions().stream().map(this::worded).toList(),
                e.changePoints());
    }

    /** The decision with each instrument's outcome said in the words of calibration. */
    RoleDecision worded(RoleDecision d) {
        List<SetOutcome> sets = new ArrayList<>();
        for (SetOutcome s : d.sets()) {
            List<RequirementOutcome> outcomes = new ArrayList<>();
            for (RequirementOutcome o : s.requirements()) {
                Optional<String> instrument = o.requirement().instrument();
                outcomes.add(
                        instrument.isEmpty()
                                ? o
                                : new RequirementOutcome(
                                        o.requirement(),
                                        o.met(),
                                        o.inGrace(),
                                        o.evidence(),
                                        reason(instrument.get(), o)));
            }
            sets.add(new SetOutcome(s.index(), s.met(), s.inGrace(), outcomes, s.metUntil()));
        }
        return new RoleDecision(d.role(), d.justified(), d.inGrace(), d.justifiedUntil(), sets);
    }

    /** E.g. "BSL-BAL-0112 calibrated until 2027-01-31", "BSL-BAL-0112 out of calibration since 2027-02-01 (…)". */
    private String reason(String instrument, RequirementOutcome o) {
        InstrumentCalibration c = byInstrument.get(instrument);
        if (c == null) {
            return instrument + " has no agreed calibration record at this site";
        }
        if (o.met()) {
            return instrument + " " + requireNonNull(o.evidence()).evidenceId();
        }
        if (c.status() != InstrumentCalibration.Status.CALIBRATED) {
            return instrument + " out of calibration since " + LocalDate.ofInstant(c.since(), zone) + " (" + c.status()
                    + ")";
        }
        LocalDate due = requireNonNull(c.dueDate());
        return instrument + " out of calibration since " + due.plusDays(1) + " (due " + due + ")";
    }
}
