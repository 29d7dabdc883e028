package org.qualigate.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.qualigate.policy.SiteInstruments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The instruments' agreed calibration states as the planner gives them to the policy. A site whose rules name no
 * instrument reads nothing; otherwise the table is read once per transaction (a group of persons planned together
 * reads it once), and read again after {@link InstrumentCalibrations} changed it in that transaction.
 */
@Component
public class InstrumentStates {

    private final JdbcClient jdbc;

    InstrumentStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The agreed states of the instruments the rules at the site name, in the site's zone. */
    public SiteInstruments atSite(Plant plant, String site) {
        SiteTime time = SiteTime.of(plant, site);
        if (plant.rules().instrumentsAt(site).isEmpty()) {
            return SiteInstruments.none(time.zone());
        }
        InstrumentHistory known = all().get(site);
        return known == null
                ? SiteInstruments.of(time.zone(), List.of())
                : known.in(time.zone()).current().only(plant.rules().instrumentsAt(site));
    }

    /**
     * Every agreed state of the site's instruments, with when each was known (decision 0077): all of them, not only
     * those the current rules name, so that an answer under earlier rules is worked out as it was then.
     */
    InstrumentHistory historyAt(Plant plant, String site) {
        SiteTime time = SiteTime.of(plant, site);
        List<InstrumentHistory.Version> versions = jdbc.sql("""
                        SELECT asset_number, status, due_date, last_calibration, known_from, known_to
                        FROM instrument_calibration_version WHERE site = ?
                        ORDER BY known_from, asset_number""")
                .params(site)
                .query((rs, n) -> InstrumentHistory.version(rs))
                .list();
        return new InstrumentHistory(time.zone(), versions);
    }

    /** The states of the instruments the rules at the site name, as known at {@code knownAt}. */
    public SiteInstruments knownAt(Plant plant, String site, Instant knownAt) {
        return historyAt(plant, site).knownAt(knownAt).only(plant.rules().instrumentsAt(site));
    }

    /**
     * For each of the sites, when what is known of the instruments the rules there name last changed (absent when
     * nothing is): an answer worked out after such a change is known from then. One statement for all the sites.
     */
    Map<String, Instant> lastChangeAt(Plant plant, Collection<String> sites) {
        List<String> siteOf = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (String site : new LinkedHashSet<>(sites)) {
            for (String asset : plant.rules().instrumentsAt(site)) {
                siteOf.add(site);
                named.add(asset);
            }
        }
        Map<String, Instant> out = new HashMap<>();
        if (named.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT v.site, max(greatest(v.known_from, coalesce(v.known_to, v.known_from)))
                        FROM instrument_calibration_version v
                        JOIN unnest(?::text[], ?::text[]) AS n(site, asset_number)
                            ON v.site = n.site AND v.asset_number = n.asset_number
                        GROUP BY v.site""")
                .params(siteOf.toArray(String[]::new), named.toArray(String[]::new))
                .query(rs -> {
                    out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                });
        return out;
    }

    /** Forgets what this transaction read, after a change to the states. */
    void forget() {
        TransactionSynchronizationManager.unbindResourceIfPossible(this);
    }

    @SuppressWarnings("unchecked")
    private Map<String, InstrumentHistory> all() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return read();
        }
        Object cached = TransactionSynchronizationManager.getResource(this);
        if (cached != null) {
            return (Map<String, InstrumentHistory>) cached;
        }
        Map<String, InstrumentHistory> read = read();
        TransactionSynchronizationManager.bindResource(this, read);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                forget();
            }
        });
        return read;
    }

    /** The current state and the last agreed state of each earlier cycle of every instrument, by site. */
    private Map<String, InstrumentHistory> read() {
        Map<String, List<InstrumentHistory.Version>> bySite = new HashMap<>();
        // the latest version of each cycle (an instrument's last calibration day): the current state is the open one
        jdbc.sql("""
                        SELECT DISTINCT ON (site, asset_number, last_calibration) site, asset_number, status,
                            due_date, last_calibration, known_from, known_to
                        FROM instrument_calibration_version
                        ORDER BY site, asset_number, last_calibration, known_from DESC""").query(rs -> {
            bySite.computeIfAbsent(rs.getString("site"), s -> new ArrayList<>()).add(InstrumentHistory.version(rs));
        });
        Map<String, InstrumentHistory> out = new HashMap<>();
        bySite.forEach((site, versions) -> out.put(site, new InstrumentHistory(java.time.ZoneOffset.UTC, versions)));
        return out;
    }
}
