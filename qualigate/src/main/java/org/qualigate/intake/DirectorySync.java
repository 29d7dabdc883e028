package org.qualigate.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.text.Sentence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the persons in the ledger in step with the HRIS directory (the generic JSON directory, Workday or
 * SuccessFactors), one worker at a time: a worker that cannot be used is reported with the field and reason and
 * skipped, the rest go on. The HRIS's location is mapped to a plant site ({@code qualigate.hris-directory.sites}).
 * A hire creates the person; a change of site or line (a transfer) or of status plans the person again under the
 * rules of where they now work (a termination revokes every role at once); a new supervisor is recorded. A read
 * refused as a whole changes nothing and is alerted once.
 */
public class DirectorySync {

    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    private final HrisDirectory directory;
    private final Persons persons;
    private final AccessPlanner planner;
    private final PlantDefinition plant;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, String> sites;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private volatile @Nullable Summary last;

    /**
     * @param sites the HRIS's location → plant site code; a location not listed is taken as the site code itself
     */
    public DirectorySync(
            HrisDirectory directory,
            Persons persons,
            AccessPlanner planner,
            PlantDefinition plant,
            TransactionTemplate tx,
            Clock clock,
            Map<String, String> sites,
            JdbcClient jdbc,
            AuditTrail audit,
            ApplicationEventPublisher events) {
        this.directory = directory;
        this.persons = persons;
        this.planner = planner;
        this.plant = plant;
        this.tx = tx;
        this.clock = clock;
        this.sites = Map.copyOf(sites);
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
    }

    /** The directory this sync reads. */
    public String source() {
        return directory.name();
    }

    public Summary run() {
        String correlation = "directory-sync-" + UUID.randomUUID();
        List<HrisDirectory.Worker> workers;
        try {
            workers = directory.workers();
        } catch (TargetException e) {
            log.warn(
                    "HRIS directory {} could not be read, will try at the next run: {}",
                    directory.name(),
                    e.getMessage());
            readState("FAILED", e.getMessage());
            Summary s = new Summary(0, 0, 0, List.of(), e.getMessage());
            last = s;
            return s;
        }
        readState("OK", null);
        int changed = 0;
        int unchanged = 0;
        List<Map<String, String>> rejected = new ArrayList<>();
        Map<String, Long> occurrences = workers.stream()
                .collect(Collectors.groupingBy(HrisDirectory.Worker::employeeId, Collectors.counting()));
        for (HrisDirectory.Worker w : workers) {
            String site = w.site() == null ? null : sites.getOrDefault(w.site(), w.site());
            String problem = occurrences.get(w.employeeId()) > 1
                    ? "employeeId " + w.employeeId() + " appears " + occurrences.get(w.employeeId())
                            + " times in the directory: none of them is used until the HRIS is corrected"
                    : problem(w, site);
            if (problem != null) {
                rejected.add(Map.of("employeeId", w.employeeId(), "reason", problem));
                continue;
            }
            if (save(person(w, Objects.requireNonNull(site)), w, correlation)) {
                changed++;
            } else {
                unchanged++;
            }
        }
        if (!rejected.isEmpty()) {
            log.warn(
                    "HRIS directory {}: {} workers set aside: {}",
                    directory.name(),
                    rejected.size(),
                    reasons(rejected));
        }
        // accounts may have been created in the targets meanwhile: whoever waits for one is tried again
        int waiting = planner.retryWaitingForAccounts();
        if (waiting > 0) {
            log.info("HRIS directory: {} people waiting for a target account asked for again", waiting);
        }
        Summary s = new Summary(workers.size(), changed, unchanged, rejected, null);
        last = s;
        log.info(
                "HRIS directory {}: read {}, changed {}, unchanged {}, set aside {}",
                directory.name(),
                workers.size(),
                changed,
                unchanged,
                rejected.size());
        return s;
    }

    /**
     * Every reason the workers were set aside for, each with how many, in the order of the reasons' text: "2 × site
     * is missing; 1 × status must be ACTIVE or TERMINATED" (the same run always logs the same line).
     */
    static String reasons(List<Map<String, String>> rejected) {
        Map<String, Long> counted = new java.util.TreeMap<>();
        rejected.forEach(r -> counted.merge(r.get("reason"), 1L, Long::sum));
        return counted.entrySet().stream()
                .map(e -> e.getValue() + " × " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    private Person person(HrisDirectory.Worker w, String site) {
        return new Person(
                EmployeeId.of(w.employeeId()),
                w.givenName(),
                w.familyName(),
                w.email(),
                site,
                w.line(),
                w.supervisorId(),
                w.jobTitle(),
                "TERMINATED".equalsIgnoreCase(w.status()) ? Person.Status.TERMINATED : Person.Status.ACTIVE,
                directory.name(),
                clock.instant());
    }

    /** Saves the worker as the person, and plans them again when it moves their access; whether it changed. */
    private boolean save(Person person, HrisDirectory.Worker w, String correlation) {
        Boolean saved = tx.execute(s -> {
            Optional<Person> before = persons.find(person.employeeId());
            boolean didChange =
                    persons.save(person, "source:" + directory.name(), correlation, reason(before, person, w));
            String why = "directory: " + person.status() + " at " + person.site()
                    + (person.line() == null ? "" : " line " + person.line());
            if (didChange && before.isPresent() && movesPlace(before.get(), person)) {
                // another site or line: the entitlements are worked out again there, over the whole history
                planner.personMoved(person.employeeId(), why);
            } else if (didChange && before.isPresent() && movesAccess(before.get(), person)) {
                planner.personChanged(person.employeeId(), why);
            }
            return didChange;
        });
        return Boolean.TRUE.equals(saved);
    }

    public @Nullable Summary last() {
        return last;
    }

    /** A change of status, site or line decides the person's access anew; a new supervisor or e-mail does not. */
    private static boolean movesPlace(Person before, Person after) {
        return !before.site().equals(after.site()) || !Objects.equals(before.line(), after.line());
    }

    private static boolean movesAccess(Person before, Person after) {
        return before.status() != after.status()
                || !before.site().equals(after.site())
                || !Objects.equals(before.line(), after.line());
    }

    /** Says in the audit entry what kind of change the HRIS made: a hire, a termination, a transfer. */
    private String reason(Optional<Person> before, Person after, HrisDirectory.Worker w) {
        String from = "HRIS directory (" + directory.name() + ")";
        String when = w.changedAt() == null ? "" : ", changed there at " + w.changedAt();
        if (before.isEmpty()) {
            return "hire: " + from + (w.hireDate() == null ? "" : ", hired " + w.hireDate()) + when;
        }
        Person b = before.get();
        List<String> what = new ArrayList<>();
        if (b.status() != after.status()) {
            what.add(
                    after.status() == Person.Status.TERMINATED
                            ? "termination" + (w.terminationDate() == null ? "" : " on " + w.terminationDate())
                            : "rehire");
        }
        if (!b.site().equals(after.site())) {
            what.add("transfer from site " + b.site() + " to " + after.site());
        }
        if (!Objects.equals(b.line(), after.line())) {
            what.add("transfer from line " + b.line() + " to " + after.line());
        }
        if (!Objects.equals(b.supervisorId(), after.supervisorId())) {
            what.add("new supervisor " + after.supervisorId() + " (was " + b.supervisorId() + ")");
        }
        return (what.isEmpty() ? "" : String.join(", ", what) + ": ") + from + when;
    }

    private @Nullable String problem(HrisDirectory.Worker w, @Nullable String site) {
        if (!EmployeeId.isValid(w.employeeId())) {
            return "employeeId is not a valid employee ID";
        }
        if (w.unreadable() != null) {
            return w.unreadable();
        }
        if (site == null) {
            return "site is missing";
        }
        if (plant.current().site(site).isEmpty()) {
            return "site " + site + " is not a site of the plant definition"
                    + (site.equals(w.site()) ? " (map the HRIS location with qualigate.hris-directory.sites)" : "");
        }
        if (w.status() != null
                && !w.status().equalsIgnoreCase("ACTIVE")
                && !w.status().equalsIgnoreCase("TERMINATED")) {
            return "status must be ACTIVE or TERMINATED";
        }
        return null;
    }

    /** Records whether the directory could be read; a change of that is audited and, into failure, alerted. */
    private void readState(String state, @Nullable String error) {
        Instant now = clock.instant();
        String before = tx.execute(s -> {
            String previous = jdbc.sql("SELECT state FROM directory_read WHERE source = ? FOR UPDATE")
                    .param(directory.name())
                    .query(String.class)
                    .optional()
                    .orElse("OK");
            jdbc.sql("""
                            INSERT INTO directory_read (source, state, last_error, last_read_at, changed_at)
                            VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (source) DO UPDATE SET state = EXCLUDED.state, last_error = EXCLUDED.last_error,
                                last_read_at = EXCLUDED.last_read_at,
                                changed_at = CASE WHEN directory_read.state = EXCLUDED.state
                                    THEN directory_read.changed_at ELSE EXCLUDED.changed_at END""")
                    .params(directory.name(), state, error, Timestamp.from(now), Timestamp.from(now))
                    .update();
            if (!previous.equals(state)) {
                // the audit entry's new value, hashed into the chain
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("state", state);
                if (error != null) {
                    value.put("error", error);
                }
                audit.append(new AuditRecord(
                        "system",
                        state.equals("OK") ? "directory.read" : "directory.unavailable",
                        "source",
                        directory.name(),
                        null,
                        Map.of("state", previous),
                        value,
                        error == null ? "the directory was read completely again" : error,
                        null));
            }
            return previous;
        });
        if (state.equals("OK") && "FAILED".equals(before)) {
            events.publishEvent(new SourceRecovered(directory.name()));
        }
        if (state.equals("FAILED") && !"FAILED".equals(before)) {
            events.publishEvent(new SourceAlert(
                    directory.name(),
                    "directory read refused",
                    "The HRIS directory could not be read as a whole; nobody's employment was changed, and it is"
                            + " read again at the next run: " + error,
                    Sentence.of("mail.source-alert.directory-refused"),
                    Sentence.of("mail.source-alert.directory-detail", Sentence.Quoted.english(error))));
        }
    }

    /** The outcome of one directory run. */
    public record Summary(
            int read,
            int changed,
            int unchanged,
            List<Map<String, String>> rejected,
            @Nullable String error) {}
}
