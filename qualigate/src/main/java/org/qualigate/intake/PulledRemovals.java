package org.qualigate.intake;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Removals seen by a full read: a certification the ledger holds as valid for a worker, from a source, that the
 * source's full read of that worker no longer lists, was removed at the source. Each removal goes through intake as
 * a revocation of that record (stored with the worker's read as its evidence, audited under the source), unless
 * the read would take more than the allowed share of one site's certifications at once: a truncated or filtered
 * answer must not wipe a site. Then the site's removals are held, alerted, and listed for an operator, who may
 * accept them (applied, audited) or dismiss them; a later read below the limit supersedes the hold.
 */
@Component
public class PulledRemovals {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Persons persons;
    private final Qualifications qualifications;
    private final IntakeService intake;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PullSettings settings;
    private final ApplicationEventPublisher events;

    public PulledRemovals(
            JdbcClient jdbc,
            Persons persons,
            Qualifications qualifications,
            IntakeService intake,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            PullSettings settings,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.qualifications = qualifications;
        this.intake = intake;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
    }

    /** What became of the removals one read showed. */
    public record Outcome(int applied, int held, List<String> heldSites) {

        static final Outcome NONE = new Outcome(0, 0, List.of());
    }

    /** A record the ledger holds that a full read no longer lists. */
    record Candidate(
            String employeeId,
            String site,
            String sourceRecordId,
            long version,
            String certificationId,
            @Nullable String certificationName,
            int level,
            String completedOn,
            @Nullable String expiresOn,
            long removalVersion,
            String evidence,
            String contentType) {}

    /** Applies, or holds per site, the removals these full reads of workers show. */
    public Outcome apply(String source, List<HrisSource.CompleteRead> reads) {
        if (!settings.removalsByAbsence() || reads.isEmpty()) {
            return Outcome.NONE;
        }
        Map<String, HrisSource.CompleteRead> byWorker = new LinkedHashMap<>();
        reads.forEach(r -> byWorker.put(r.employeeId(), r));
        Map<String, List<Candidate>> bySite = new TreeMap<>();
        for (HrisSource.CompleteRead read : byWorker.values()) {
            candidates(source, read)
                    .forEach(c -> bySite.computeIfAbsent(c.site(), s -> new ArrayList<>())
                            .add(c));
        }
        int applied = 0;
        int held = 0;
        List<String> heldSites = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> site : bySite.entrySet()) {
            List<Candidate> removing = site.getValue();
            int holding = validAt(source, site.getKey());
            if (exceedsLimit(removing.size(), holding)) {
                hold(source, site.getKey(), removing, holding);
                held += removing.size();
                heldSites.add(site.getKey());
            } else {
                applied += removeAll(source, removing);
                supersede(source, site.getKey(), removing.size());
            }
        }
        return new Outcome(applied, held, heldSites);
    }

    private boolean exceedsLimit(int removing, int holding) {
        return removing > settings.removalLimitFloor()
                && removing * 100.0 > settings.removalLimitPercent() * Math.max(holding, 1);
    }

    private List<Candidate> candidates(String source, HrisSource.CompleteRead read) {
        if (!EmployeeId.isValid(read.employeeId())) {
            return List.of();
        }
        EmployeeId id = EmployeeId.of(read.employeeId());
        Optional<Person> person = persons.find(id);
        if (person.isEmpty()) {
            return List.of();
        }
        String evidence = new String(read.raw(), StandardCharsets.UTF_8);
        List<Candidate> found = new ArrayList<>();
        for (Qualification q : qualifications.of(id)) {
            if (q.evidence().source().equals(source)
                    && q.authority() == Qualification.Authority.HRIS
                    && q.status() == Qualification.Status.VALID
                    && !read.sourceRecordIds().contains(q.evidence().sourceRecordId())) {
                found.add(new Candidate(
                        id.value(),
                        person.get().site(),
                        q.evidence().sourceRecordId(),
                        q.sourceVersion(),
                        q.evidence().sourceCode(),
                        q.evidence().sourceName(),
                        q.level(),
                        q.completedOriginal() == null ? q.completedAt().toString() : q.completedOriginal(),
                        q.expiresAt() == null
                                ? null
                                : q.expiresOriginal() == null ? q.expiresAt().toString() : q.expiresOriginal(),
                        // a removal is newer than what it removes, whatever the read's own moment says
                        Math.max(read.version(), q.sourceVersion() + 1),
                        evidence,
                        read.contentType()));
            }
        }
        return found;
    }

    private int validAt(String source, String site) {
        return qualifications.validFromSourceAtSite(source, site);
    }

    /** Each removal through intake, as a revocation whose evidence is the worker's read that lacks the record. */
    private int removeAll(String source, List<Candidate> removing) {
        int applied = 0;
        for (Candidate c : removing) {
            IntakeResult r = intake.receiveRecord(source, revocation(c));
            if (r.outcome() == IntakeResult.Outcome.APPLIED) {
                applied++;
            }
        }
        return applied;
    }

    private static SourceRecord revocation(Candidate c) {
        return SourceRecord.read(
                "removed:" + c.sourceRecordId() + "@" + c.removalVersion(),
                c.evidence().getBytes(StandardCharsets.UTF_8),
                c.contentType(),
                new SourceRecord.CertificationFields(
                        "certification.revoked",
                        c.employeeId(),
                        c.certificationId(),
                        c.certificationName(),
                        c.level(),
                        c.completedOn(),
                        c.expiresOn(),
                        c.sourceRecordId(),
                        c.removalVersion(),
                        null,
                        null));
    }

    private void hold(String source, String site, List<Candidate> removing, int holding) {
        String limit = format(settings.removalLimitPercent());
        SourceAlert alert =
                SourceAlert.removalsHeld(source, site, removing.size(), holding, limit, settings.removalLimitFloor());
        Boolean created = tx.execute(s -> {
            Optional<UUID> open = jdbc.sql("SELECT id FROM pulled_removal_hold WHERE source = ? AND site = ? "
                            + "AND status = 'HELD' FOR UPDATE")
                    .params(source, site)
                    .query(UUID.class)
                    .optional();
            String candidates = JSON.writeValueAsString(removing);
            if (open.isPresent()) {
                jdbc.sql("""
                                UPDATE pulled_removal_hold SET candidates = ?::jsonb, removing = ?, holding = ?,
                                    limit_percent = ?, last_seen_at = ? WHERE id = ?""")
                        .params(
                                candidates,
                                removing.size(),
                                holding,
                                settings.removalLimitPercent(),
                                Timestamp.from(clock.instant()),
                                open.get())
                        .update();
                return false;
            }
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                            INSERT INTO pulled_removal_hold (id, source, site, status, candidates, removing, holding,
                                limit_percent, first_seen_at, last_seen_at)
                            VALUES (?, ?, ?, 'HELD', ?::jsonb, ?, ?, ?, ?, ?)""")
                    .params(
                            id,
                            source,
                            site,
                            candidates,
                            removing.size(),
                            holding,
                            settings.removalLimitPercent(),
                            Timestamp.from(clock.instant()),
                            Timestamp.from(clock.instant()))
                    .update();
            audit.append(new AuditRecord(
                    "source:" + source,
                    "source.removals-held",
                    "source",
                    source,
                    null,
                    null,
                    Map.of("hold", id.toString(), "site", site, "removing", removing.size(), "holding", holding),
                    alert.detail(),
                    null));
            return true;
        });
        if (Boolean.TRUE.equals(created)) {
            events.publishEvent(alert);
        }
    }

    private void supersede(String source, String site, int removedNow) {
        tx.executeWithoutResult(s -> jdbc.sql("SELECT id FROM pulled_removal_hold WHERE source = ? AND site = ? "
                        + "AND status = 'HELD' FOR UPDATE")
                .params(source, site)
                .query(UUID.class)
                .optional()
                .ifPresent(id -> {
                    decide(
                            id,
                            "SUPERSEDED",
                            "source:" + source,
                            "a later read shows " + removedNow + " removals at " + site + ", within the limit");
                }));
    }

    /** The holds, newest first; {@code status} null for all. */
    public List<RemovalHold> holds(@Nullable String status) {
        return jdbc.sql("SELECT * FROM pulled_removal_hold WHERE (?::text IS NULL OR status = ?) "
                        + "ORDER BY first_seen_at DESC, id LIMIT 500")
                .params(status, status)
                .query(RemovalHold::of)
                .list();
    }

    /** What became of an operator's decision on a hold. */
    public enum Decision {
        DONE,
        NOT_FOUND,
        NOT_HELD
    }

    /**
     * Accepts a hold: every held removal whose record the ledger still holds unchanged is applied, audited with the
     * operator and the reason; records that changed since were decided by that change.
     */
    public Decision accept(UUID id, String actor, String reason) {
        Optional<Hold> hold = open(id);
        if (hold.isEmpty()) {
            return exists(id) ? Decision.NOT_HELD : Decision.NOT_FOUND;
        }
        List<Candidate> still = new ArrayList<>();
        for (Candidate c : hold.get().candidates()) {
            qualifications
                    .bySourceRecord(hold.get().source(), c.sourceRecordId())
                    .filter(q -> q.status() == Qualification.Status.VALID && q.sourceVersion() == c.version())
                    .ifPresent(q -> still.add(c));
        }
        Boolean decided = tx.execute(s -> decide(id, "ACCEPTED", actor, reason));
        if (!Boolean.TRUE.equals(decided)) {
            return Decision.NOT_HELD;
        }
        removeAll(hold.get().source(), still);
        return Decision.DONE;
    }

    /** Dismisses a hold: nothing is removed; audited with the operator and the reason. */
    public Decision dismiss(UUID id, String actor, String reason) {
        if (!exists(id)) {
            return Decision.NOT_FOUND;
        }
        Boolean decided = tx.execute(s -> decide(id, "DISMISSED", actor, reason));
        return Boolean.TRUE.equals(decided) ? Decision.DONE : Decision.NOT_HELD;
    }

    private record Hold(String source, String site, List<Candidate> candidates) {}

    private Optional<Hold> open(UUID id) {
        return jdbc.sql(
                        "SELECT source, site, candidates::text FROM pulled_removal_hold WHERE id = ? AND status = 'HELD'")
                .param(id)
                .query((rs, n) -> new Hold(
                        rs.getString(1), rs.getString(2), List.of(JSON.readValue(rs.getString(3), Candidate[].class))))
                .optional();
    }

    private boolean exists(UUID id) {
        return jdbc.sql("SELECT count(*) FROM pulled_removal_hold WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Closes an open hold, audited in the same transaction; false when it was no longer open. */
    private boolean decide(UUID id, String status, String actor, String reason) {
        record Row(String source, String site, int removing) {}
        Optional<Row> row = jdbc.sql("""
                        UPDATE pulled_removal_hold SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ?
                        WHERE id = ? AND status = 'HELD' RETURNING source, site, removing""")
                .params(status, Timestamp.from(clock.instant()), actor, reason, id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3)))
                .optional();
        row.ifPresent(r -> audit.append(new AuditRecord(
                actor,
                "source.removals-" + status.toLowerCase(Locale.ROOT),
                "source",
                r.source(),
                null,
                Map.of("hold", id.toString(), "status", "HELD"),
                Map.of("hold", id.toString(), "status", status, "site", r.site(), "removing", r.removing()),
                reason,
                null)));
        return row.isPresent();
    }

    private static String format(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
