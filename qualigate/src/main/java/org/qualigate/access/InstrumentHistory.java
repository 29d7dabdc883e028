package org.qualigate.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.InstrumentCalibration;
import org.qualigate.policy.SiteInstruments;

/**
 * Every agreed calibration state of the instruments the rules at one site name, each with the stretch of time it was
 * known (decision 0077): what the policy is given of the instruments at a knowledge instant, so that an answer as
 * known at a past instant uses the states agreed then, as the ledger's versions do for people's records.
 */
record InstrumentHistory(ZoneId zone, List<Version> versions) {

    /** One agreed state of an instrument and when Qualigate knew it ({@code knownTo} null: still). */
    record Version(
            InstrumentCalibration state,
            Instant knownFrom,
            @Nullable Instant knownTo) {

        boolean knownAt(Instant at) {
            return !knownFrom.isAfter(at) && (knownTo == null || knownTo.isAfter(at));
        }
    }

    InstrumentHistory {
        versions = List.copyOf(versions);
    }

    /** A site whose rules name no instrument, or of whose instruments nothing was ever agreed. */
    static InstrumentHistory none(ZoneId zone) {
        return new InstrumentHistory(zone, List.of());
    }

    /** The versions of these instruments only. */
    InstrumentHistory only(Set<String> instruments) {
        return new InstrumentHistory(
                zone,
                versions.stream()
                        .filter(v -> instruments.contains(v.state().instrument()))
                        .toList());
    }

    /** The same versions, for a site in {@code zone}. */
    InstrumentHistory in(ZoneId zone) {
        return new InstrumentHistory(zone, versions);
    }

    /** The states as they stand: {@link #knownAt} now, with the versions read being the last of each cycle. */
    SiteInstruments current() {
        return of(versions.stream().filter(v -> v.knownTo() == null).toList(), versions);
    }

    /**
     * The states as Qualigate knew them at {@code at}: of each instrument the version known then, and of each earlier
     * calibration cycle (an earlier last calibration day) the last version known by then.
     */
    SiteInstruments knownAt(Instant at) {
        if (versions.isEmpty()) {
            return SiteInstruments.none(zone);
        }
        List<Version> known = new ArrayList<>();
        List<Version> soFar = new ArrayList<>();
        for (Version v : versions) {
            if (v.knownAt(at)) {
                known.add(v);
            }
            if (!v.knownFrom().isAfter(at)) {
                soFar.add(v);
            }
        }
        return of(known, soFar);
    }

    /**
     * The current versions, and of every other cycle among {@code all} the last version: a cycle is an instrument's
     * last calibration day, and a version of the current cycle is not an earlier cycle.
     */
    private SiteInstruments of(List<Version> current, List<Version> all) {
        Map<String, Version> last = new HashMap<>();
        for (Version v : all) {
            last.merge(cycle(v), v, (a, b) -> b.knownFrom().isAfter(a.knownFrom()) ? b : a);
        }
        Set<String> currentCycles = new HashSet<>();
        current.forEach(v -> currentCycles.add(cycle(v)));
        List<InstrumentCalibration> earlier = new ArrayList<>();
        for (var e : new TreeMap<>(last).entrySet()) {
            if (!currentCycles.contains(e.getKey())) {
                earlier.add(e.getValue().state());
            }
        }
        return SiteInstruments.of(zone, current.stream().map(Version::state).toList(), earlier);
    }

    private static String cycle(Version v) {
        return v.state().instrument() + "|" + v.state().lastCalibration();
    }

    /** A version as a row of {@code instrument_calibration_version} gives it. */
    static Version version(ResultSet rs) throws SQLException {
        Instant from = rs.getTimestamp("known_from").toInstant();
        Timestamp to = rs.getTimestamp("known_to");
        return new Version(
                new InstrumentCalibration(
                        rs.getString("asset_number"),
                        InstrumentCalibration.Status.valueOf(rs.getString("status")),
                        rs.getObject("due_date", LocalDate.class),
                        from,
                        rs.getObject("last_calibration", LocalDate.class)),
                from,
                to == null ? null : to.toInstant());
    }

    /** The instants at which what is known of the instruments changed, in order. */
    TreeSet<Instant> changes() {
        TreeSet<Instant> out = new TreeSet<>();
        for (Version v : versions) {
            out.add(v.knownFrom());
            if (v.knownTo() != null) {
                out.add(v.knownTo());
            }
        }
        return out;
    }
}
