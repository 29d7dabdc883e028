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
        for (InstrumentCycles.Cover cover : InstrumentCycles.of(zone, byInstrument, earlierCycles)) {
            InstrumentCalibration c = cover.cycle();
            String words = c.status() != InstrumentCalibration.Status.CALIBRATED
                    ? c.status() + " since " + c.since()
                    : c.dueDate() == null ? "calibrated, no due date" : "calibrated until " + c.dueDate();
            if (cover.recalibrated() != null) {
                words += ", recalibrated " + cover.recalibrated();
            }
            out.add(new HeldQualification(
                    words,
                    InstrumentRequirement.code(c.instrument()),
                    1,
                    cover.from(),
                    cover.until(),
                    c.status() != InstrumentCalibration.Status.CALIBRATED));
        }
        return out;
    }

    /** The decisions with each instrument's outcome said in the words of calibration. */
    Entitlements worded(Entitlements e) {
        return new Entitlements(
                e.at(),
                e.rulesVersion(),
                e.decisions().stream().map(d -> worded(d, e.at())).toList(),
                e.changePoints());
    }

    /** The decision at {@code at} with each instrument's outcome said in the words of calibration. */
    RoleDecision worded(RoleDecision d, Instant at) {
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
                                        reason(instrument.get(), o, at)));
            }
            sets.add(new SetOutcome(s.index(), s.met(), s.inGrace(), outcomes, s.metUntil()));
        }
        return new RoleDecision(d.role(), d.justified(), d.inGrace(), d.justifiedUntil(), sets);
    }

    /**
     * E.g. "BSL-BAL-0112 calibrated until 2027-01-31", "BSL-BAL-0112 out of calibration since 2027-02-01 (…)": an
     * outcome not met is said of the cycle that judges the instant (decision 0087), not of today's state.
     */
    private String reason(String instrument, RequirementOutcome o, Instant at) {
        if (o.met()) {
            return instrument + " " + requireNonNull(o.evidence()).evidenceId();
        }
        if (!byInstrument.containsKey(instrument)
                && earlierCycles.stream().noneMatch(c -> c.instrument().equals(instrument))) {
            return instrument + " has no agreed calibration record at this site";
        }
        Optional<InstrumentCalibration> judging =
                InstrumentCycles.judging(zone, byInstrument, earlierCycles, instrument, at);
        if (judging.isEmpty()) {
            return instrument + " not calibrated before "
                    + InstrumentCycles.firstCalibration(byInstrument, earlierCycles, instrument);
        }
        InstrumentCalibration c = judging.get();
        if (c.status() != InstrumentCalibration.Status.CALIBRATED) {
            LocalDate since = c.lastCalibration() != null ? c.lastCalibration() : LocalDate.ofInstant(c.since(), zone);
            return instrument + " out of calibration since " + since + " (" + c.status() + ")";
        }
        LocalDate due = requireNonNull(c.dueDate(), "a calibrated cycle with no due date covers every day it judges");
        return instrument + " out of calibration since " + due.plusDays(1) + " (due " + due + ")";
    }
}
