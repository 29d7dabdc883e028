package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Persons;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The instruments' agreed calibration states (decision 0064): the calibration module says what was agreed — where
 * the maintenance system and the QMS agree, or as QA's signed resolution decided — and a change is recorded with
 * its audit entry, and every person of the site is planned again when a rule there names the instrument, in the
 * caller's transaction. Saying the same state again changes nothing.
 */
@Service
public class InstrumentCalibrations {

    /** Persons planned per group: one group's reads and writes are each one statement. */
    private static final int GROUP = 500;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final AccessPlanner planner;
    private final Persons persons;
    private final PlantDefinition plant;
    private final InstrumentStates states;
    private final Clock clock;

    InstrumentCalibrations(
            JdbcClient jdbc,
            AuditTrail audit,
            AccessPlanner planner,
            Persons persons,
            PlantDefinition plant,
            InstrumentStates states,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.planner = planner;
        this.persons = persons;
        this.plant = plant;
        this.states = states;
        this.clock = clock;
    }

    /** What is recorded of one instrument. */
    private record State(
            String status,
            @Nullable LocalDate dueDate,
            @Nullable LocalDate lastCalibration) {

        /** A map on purpose: it is the audit entry's old and new value, whose bytes are hashed into the chain. */
        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status);
            m.put("dueDate", dueDate == null ? null : dueDate.toString());
            m.put("lastCalibration", lastCalibration == null ? null : lastCalibration.toString());
            return m;
        }
    }

    /**
     * The instrument's state was agreed ({@code basis} says how: the systems agree, or a resolution); returns
     * whether that changed what was recorded. Runs in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean agreed(Calibration c, String basis, String actor) {
        State now = new State(c.status().name(), c.dueDate(), c.lastCalibration());
        Optional<State> before = jdbc.sql("""
                        SELECT status, due_date, last_calibration FROM instrument_calibration
                        WHERE site = ? AND asset_number = ? FOR UPDATE""")
                .params(c.site(), c.assetNumber())
                .query((rs, n) ->
                        new State(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)))
                .optional();
        if (before.isPresent() && before.get().equals(now)) {
            return false;
        }
        Timestamp at = Timestamp.from(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        jdbc.sql("""
                        INSERT INTO instrument_calibration (site, asset_number, status, due_date, last_calibration,
                            agreed_since, basis) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (site, asset_number) DO UPDATE SET status = EXCLUDED.status,
                            due_date = EXCLUDED.due_date, last_calibration = EXCLUDED.last_calibration,
                            agreed_since = EXCLUDED.agreed_since, basis = EXCLUDED.basis""")
                .params(c.site(), c.assetNumber(), now.status(), now.dueDate(), now.lastCalibration(), at, basis)
                .update();
        version(c, now, basis, at);
        String why = "calibration of " + c.assetNumber() + " at " + c.site() + " agreed: " + now.status()
                + (now.dueDate() == null ? ", no due date" : ", due " + now.dueDate()) + " (" + basis + ")";
        audit.append(new AuditRecord(
                actor,
                "instrument-calibration.agreed",
                "instrument",
                c.site() + ":" + c.assetNumber(),
                null,
                before.map(State::view).orElse(null),
                now.view(),
                why,
                null));
        states.forget();
        replan(c.site(), c.assetNumber(), why);
        return true;
    }

    /**
     * Keeps the state as a version known from now (decision 0077): the version known until now ends here, and one
     * opened at this very instant (a second change in the same instant) was never known on its own.
     */
    private void version(Calibration c, State now, String basis, Timestamp at) {
        jdbc.sql("""
                        DELETE FROM instrument_calibration_version
                        WHERE site = ? AND asset_number = ? AND known_to IS NULL AND known_from >= ?""").params(c.site(), c.assetNumber(), at).update();
        jdbc.sql("""
                        UPDATE instrument_calibration_version SET known_to = ?
                        WHERE site = ? AND asset_number = ? AND known_to IS NULL""").params(at, c.site(), c.assetNumber()).update();
        jdbc.sql("""
                        INSERT INTO instrument_calibration_version (site, asset_number, status, due_date,
                            last_calibration, known_from, basis) VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(c.site(), c.assetNumber(), now.status(), now.dueDate(), now.lastCalibration(), at, basis)
                .update();
    }

    /** Every person of the site, when a rule there names the instrument: holding the role or eligible for it. */
    private void replan(String site, String asset, String why) {
        if (!plant.current().rules().instrumentsAt(site).contains(asset)) {
            return;
        }
        List<String> ids = persons.idsAtSite(site);
        for (int from = 0; from < ids.size(); from += GROUP) {
            TreeMap<EmployeeId, String> group = new TreeMap<>();
            ids.subList(from, Math.min(ids.size(), from + GROUP))
                    .forEach(id -> group.put(EmployeeId.of(id), Objects.requireNonNull(why)));
            planner.personsChanged(group, Map.of());
        }
    }
}
