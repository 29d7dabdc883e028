package org.qualigate.training;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.QualificationCode;
import org.qualigate.training.TrainingReconciliation.Item;
import org.qualigate.training.TrainingReconciliation.Kind;

/**
 * The three-way comparison of one chunk of a site's people, on values: the HRIS's latest event of each record,
 * the ledger's records (HRIS- and QMS-owned) and the QMS's records. Every record of each side is counted in
 * exactly one category and every discrepancy becomes an {@link Item} with its checksums and reason; the people
 * whose QMS records are missing or different are named for the sync again. The facts are read by the caller.
 *
 * @param courses canonical code → QMS course code
 * @param owners the data sources the QMS owns
 * @param ownDataSource the data source Qualigate writes as
 * @param holdsExpiry whether the QMS's records carry an expiry (when not, the ledger's expiry is not compared)
 * @param zone the site's zone, in which a completion instant has its day
 */
record ReconciliationComparison(
        Map<QualificationCode, String> courses,
        Set<String> owners,
        String ownDataSource,
        boolean holdsExpiry,
        ZoneId zone) {

    /** The latest HRIS event of a record. */
    record HrisRecord(
            String employeeId,
            String source,
            String sourceRecordId,
            long version,
            boolean revoked,
            String outcome,
            @Nullable String reason) {

        String key() {
            return source + "/" + sourceRecordId;
        }

        String sha256() {
            return CanonicalJson.sha256Hex(employeeId + "|" + key() + "|" + version + "|" + revoked);
        }
    }

    /** A ledger qualification, as far as reconciliation needs it. */
    record LedgerRecord(
            String employeeId,
            String source,
            String sourceRecordId,
            long version,
            String code,
            Instant completedAt,
            @Nullable Instant expiresAt,
            boolean revoked,
            String authority) {

        boolean hrisOwned() {
            return authority.equals("HRIS");
        }

        String sha256() {
            return CanonicalJson.sha256Hex(
                    employeeId + "|" + source + "/" + sourceRecordId + "|" + version + "|" + revoked);
        }
    }

    /** What one chunk's three sides hold, as read. */
    record Chunk(
            List<HrisRecord> hris,
            List<LedgerRecord> ledger,
            List<TrainingRecord> qms,
            ReconciliationContext context) {}

    /** The names of the counts, in the order a run reports them. */
    static final List<String> COUNTS = List.of(
            "persons",
            "hrisRecords",
            "ledgerHrisRecords",
            "ledgerQmsRecords",
            "qmsRecords",
            "qmsOwnedRecords",
            "hrisVsLedgerMatched",
            "missingInLedger",
            "differentInLedger",
            "extraInLedger",
            "notForQms",
            "ledgerVsQmsMatched",
            "missingInQms",
            "differentInQms",
            "extraInQms",
            "qmsOwnedMatched",
            "qmsOwnedMissingInLedger",
            "qmsOwnedDifferentInLedger");

    /** Counters of one run, its discrepancies, the people to queue again and an order-independent digest per side. */
    static final class Tally {
        final Map<String, Long> counts = new LinkedHashMap<>();
        final Map<String, byte[]> digests = new LinkedHashMap<>();
        final List<Item> items = new ArrayList<>();
        final Set<String> requeue = new HashSet<>();

        Tally() {
            COUNTS.forEach(name -> counts.put(name, 0L));
        }

        void count(String name) {
            counts.merge(name, 1L, Long::sum);
        }

        void digest(String side, String sha256Hex) {
            byte[] d = digests.computeIfAbsent(side, k -> new byte[32]);
            byte[] h = HexFormat.of().parseHex(sha256Hex);
            for (int i = 0; i < 32; i++) {
                d[i] ^= h[i];
            }
        }

        /** The counts, the digests (hex) and the number of discrepancies, as a run stores them; keyed by data. */
        Map<String, Object> summary() {
            Map<String, Object> out = new LinkedHashMap<>(counts);
            Map<String, String> hex = new LinkedHashMap<>();
            digests.forEach((k, v) -> hex.put(k, HexFormat.of().formatHex(v)));
            out.put("digests", hex);
            out.put("discrepancies", items.size());
            return out;
        }
    }

    /** Compares one chunk, adding its counts, discrepancies and people to queue again to {@code tally}. */
    void compare(Chunk chunk, Tally tally) {
        Map<String, LedgerRecord> ledgerHris = new LinkedHashMap<>();
        Map<String, LedgerRecord> ledgerQms = new HashMap<>();
        for (LedgerRecord l : chunk.ledger()) {
            if (l.hrisOwned()) {
                ledgerHris.put(l.source() + "/" + l.sourceRecordId(), l);
            } else {
                tally.count("ledgerQmsRecords");
                ledgerQms.put(l.sourceRecordId(), l);
            }
        }
        Set<String> seen = hrisVsLedger(chunk.hris(), ledgerHris, tally);
        Map<String, TrainingRecord> qmsByExternalId = new HashMap<>();
        Map<String, TrainingRecord> qmsById = new HashMap<>();
        for (TrainingRecord r : chunk.qms()) {
            tally.count("qmsRecords");
            tally.digest("qms", TrainingRecords.contentOf(r));
            if (r.externalId() != null) {
                qmsByExternalId.put(r.externalId(), r);
            }
            if (r.id() != null) {
                qmsById.put(r.id(), r);
            }
        }
        Set<String> expected = new HashSet<>();
        for (Map.Entry<String, LedgerRecord> e : ledgerHris.entrySet()) {
            ledgerVsQms(e.getKey(), e.getValue(), seen, qmsByExternalId, chunk.context(), expected, tally);
        }
        for (TrainingRecord r : chunk.qms()) {
            if (owners.contains(r.dataSource())) {
                ownedVsLedger(r, ledgerQms, chunk.context(), tally);
            } else if (r.externalId() == null || !expected.contains(r.externalId())) {
                extraInQms(r, tally);
            }
        }
        // records the QMS owns whose external id collides with Qualigate's: counted as owned above
        tally.counts.merge("qmsRecordsById", (long) qmsById.size(), Long::sum);
    }

    /** HRIS vs ledger; answers the keys of the records the HRIS holds. */
    private Set<String> hrisVsLedger(List<HrisRecord> hris, Map<String, LedgerRecord> ledgerHris, Tally tally) {
        Set<String> seen = new HashSet<>();
        for (HrisRecord h : hris) {
            tally.count("hrisRecords");
            String key = h.key();
            seen.add(key);
            String hSha = h.sha256();
            tally.digest("hris", hSha);
            LedgerRecord l = ledgerHris.get(key);
            if (l == null) {
                tally.count("missingInLedger");
                tally.items.add(new Item(
                        Kind.MISSING_IN_LEDGER,
                        h.employeeId(),
                        key,
                        null,
                        hSha,
                        null,
                        null,
                        "the HRIS event" + (h.version() == 0 ? "" : " (version " + h.version() + ")") + " was "
                                + outcome(h)));
            } else if (l.version() == h.version() && l.revoked() == h.revoked()) {
                tally.count("hrisVsLedgerMatched");
            } else {
                tally.count("differentInLedger");
                tally.items.add(new Item(
                        Kind.DIFFERENT_IN_LEDGER,
                        h.employeeId(),
                        key,
                        null,
                        hSha,
                        l.sha256(),
                        null,
                        "the ledger holds version " + l.version() + (l.revoked() ? " (revoked)" : "")
                                + ", the HRIS's latest is version " + h.version() + (h.revoked() ? " (revoked)" : "")
                                + " which was " + outcome(h)));
            }
        }
        return seen;
    }

    private static String outcome(HrisRecord h) {
        return h.outcome().toLowerCase(Locale.ROOT) + (h.reason() == null ? "" : ": " + h.reason());
    }

    /** One HRIS-owned ledger record: without an HRIS event, and vs the QMS record it should be. */
    private void ledgerVsQms(
            String key,
            LedgerRecord l,
            Set<String> seen,
            Map<String, TrainingRecord> qmsByExternalId,
            ReconciliationContext ctx,
            Set<String> expected,
            Tally tally) {
        tally.count("ledgerHrisRecords");
        String lSha = l.sha256();
        tally.digest("ledger", lSha);
        if (!seen.contains(key)) {
            tally.count("extraInLedger");
            tally.items.add(new Item(
                    Kind.EXTRA_IN_LEDGER,
                    l.employeeId(),
                    key,
                    null,
                    null,
                    lSha,
                    null,
                    "no authentic HRIS event for this record is stored at this version or later"));
        }
        String course = courses.get(QualificationCode.of(l.code()));
        if (course == null) {
            tally.count("notForQms");
            return;
        }
        String externalId = TrainingRecords.externalId(l.source(), l.sourceRecordId());
        expected.add(externalId);
        vsQms(l, course, externalId, qmsByExternalId.get(externalId), ctx, tally);
    }

    /** The QMS record an HRIS-owned ledger record should be, vs the one the QMS holds under its external id. */
    private void vsQms(
            LedgerRecord l,
            String course,
            String externalId,
            @Nullable TrainingRecord held,
            ReconciliationContext ctx,
            Tally tally) {
        TrainingRecord desired = TrainingRecords.desired(
                EmployeeId.of(l.employeeId()),
                externalId,
                course,
                l.completedAt(),
                holdsExpiry ? l.expiresAt() : null,
                l.revoked(),
                zone,
                ownDataSource);
        String dSha = TrainingRecords.contentOf(desired);
        // the QMS owns a record under this id: Qualigate's version is not in the QMS
        TrainingRecord actual = held != null && owners.contains(held.dataSource()) ? null : held;
        if (actual != null && dSha.equals(TrainingRecords.contentOf(actual))) {
            tally.count("ledgerVsQmsMatched");
            return;
        }
        tally.requeue.add(l.employeeId());
        String why = ctx.why(l.employeeId(), externalId, course);
        if (actual == null) {
            tally.count("missingInQms");
            tally.items.add(new Item(Kind.MISSING_IN_QMS, l.employeeId(), externalId, course, null, dSha, null, why));
        } else {
            tally.count("differentInQms");
            tally.items.add(new Item(
                    Kind.DIFFERENT_IN_QMS,
                    l.employeeId(),
                    externalId,
                    course,
                    null,
                    dSha,
                    TrainingRecords.contentOf(actual),
                    differences(desired, actual) + "; " + why));
        }
    }

    /** A record the QMS owns vs the ledger's copy pulled from it. */
    private void ownedVsLedger(
            TrainingRecord r, Map<String, LedgerRecord> ledgerQms, ReconciliationContext ctx, Tally tally) {
        tally.count("qmsOwnedRecords");
        LedgerRecord l = r.id() == null ? null : ledgerQms.get(r.id());
        String rSha = TrainingRecords.contentOf(r);
        String employee = r.employeeId().value();
        if (l == null) {
            tally.count("qmsOwnedMissingInLedger");
            tally.items.add(new Item(
                    Kind.QMS_OWNED_MISSING_IN_LEDGER,
                    employee,
                    String.valueOf(r.id()),
                    r.courseCode(),
                    null,
                    null,
                    rSha,
                    ctx.whyOwned(r)));
        } else if (!l.completedAt().atZone(zone).toLocalDate().equals(r.completedOn()) || l.revoked() != r.revoked()) {
            tally.count("qmsOwnedDifferentInLedger");
            tally.items.add(new Item(
                    Kind.QMS_OWNED_DIFFERENT_IN_LEDGER,
                    employee,
                    String.valueOf(r.id()),
                    r.courseCode(),
                    null,
                    l.sha256(),
                    rSha,
                    "the ledger holds completion "
                            + l.completedAt().atZone(zone).toLocalDate()
                            + (l.revoked() ? " (revoked)" : "") + ", the QMS " + r.completedOn()
                            + (r.revoked() ? " (revoked)" : "") + ": the change is not pulled yet"));
        } else {
            tally.count("qmsOwnedMatched");
        }
    }

    private static void extraInQms(TrainingRecord r, Tally tally) {
        tally.count("extraInQms");
        tally.items.add(new Item(
                Kind.EXTRA_IN_QMS,
                r.employeeId().value(),
                r.externalId() == null ? String.valueOf(r.id()) : r.externalId(),
                r.courseCode(),
                null,
                null,
                TrainingRecords.contentOf(r),
                "a record with data source " + r.dataSource()
                        + " that no HRIS record in the ledger accounts for (written by another system, "
                        + "or its ledger record's course is no longer mapped to the QMS)"));
    }

    static String differences(TrainingRecord desired, TrainingRecord actual) {
        List<String> d = new ArrayList<>();
        if (!desired.courseCode().equals(actual.courseCode())) {
            d.add("course " + desired.courseCode() + " (ledger) vs " + actual.courseCode() + " (QMS)");
        }
        if (!desired.completedOn().equals(actual.completedOn())) {
            d.add("completion " + desired.completedOn() + " (ledger) vs " + actual.completedOn() + " (QMS)");
        }
        if (!Objects.equals(desired.expiresOn(), actual.expiresOn())) {
            d.add("expiry " + desired.expiresOn() + " (ledger) vs " + actual.expiresOn() + " (QMS)");
        }
        if (desired.revoked() != actual.revoked()) {
            d.add("status " + (desired.revoked() ? "REVOKED" : "COMPLETE") + " (ledger) vs "
                    + (actual.revoked() ? "REVOKED" : "COMPLETE") + " (QMS)");
        }
        return d.isEmpty() ? "content differs" : String.join(", ", d);
    }
}
