package org.qualigate.intake;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.PlantDefinition;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the persons in the ledger in step with the HRIS directory, one worker at a time: a worker that
 * cannot be used is reported and skipped, the rest go on. A change of site or status plans the person
 * again (a termination revokes every role).
 */
public class DirectorySync {

    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    private final HrisDirectory directory;
    private final Persons persons;
    private final AccessPlanner planner;
    private final PlantDefinition plant;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile @Nullable Summary last;

    public DirectorySync(
            HrisDirectory directory,
            Persons persons,
            AccessPlanner planner,
            PlantDefinition plant,
            TransactionTemplate tx,
            Clock clock) {
        this.directory = directory;
        this.persons = persons;
        this.planner = planner;
        this.plant = plant;
        this.tx = tx;
        this.clock = clock;
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
            Summary s = new Summary(0, 0, 0, List.of(), e.getMessage());
            last = s;
            return s;
        }
        int changed = 0;
        int unchanged = 0;
        List<Map<String, String>> rejected = new ArrayList<>();
        Map<String, Long> occurrences = workers.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        HrisDirectory.Worker::employeeId, java.util.stream.Collectors.counting()));
        for (HrisDirectory.Worker w : workers) {
            String problem = occurrences.get(w.employeeId()) > 1
                    ? "employeeId " + w.employeeId() + " appears " + occurrences.get(w.employeeId())
                            + " times in the directory: none of them is used until the HRIS is corrected"
                    : problem(w);
            if (problem != null) {
                rejected.add(Map.of("employeeId", w.employeeId(), "reason", problem));
                continue;
            }
            Person person = new Person(
                    EmployeeId.of(w.employeeId()),
                    w.givenName(),
                    w.familyName(),
                    w.email(),
                    w.site(),
                    w.supervisorId(),
                    w.jobTitle(),
                    "TERMINATED".equalsIgnoreCase(w.status()) ? Person.Status.TERMINATED : Person.Status.ACTIVE,
                    directory.name(),
                    clock.instant());
            Boolean saved = tx.execute(s -> {
                var before = persons.find(person.employeeId());
                boolean didChange = persons.save(person, "source:" + directory.name(), correlation);
                if (didChange && before.isPresent() && !before.get().site().equals(person.site())) {
                    planner.personMoved(person.employeeId(), "directory: " + person.status() + " at " + person.site());
                } else if (didChange && before.isPresent() && before.get().status() != person.status()) {
                    planner.personChanged(
                            person.employeeId(), "directory: " + person.status() + " at " + person.site());
                }
                return didChange;
            });
            if (Boolean.TRUE.equals(saved)) {
                changed++;
            } else {
                unchanged++;
            }
        }
        if (!rejected.isEmpty()) {
            log.warn("HRIS directory: {} workers set aside, e.g. {}", rejected.size(), rejected.getFirst());
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

    public @Nullable Summary last() {
        return last;
    }

    private @Nullable String problem(HrisDirectory.Worker w) {
        if (!EmployeeId.isValid(w.employeeId())) {
            return "employeeId is not a valid employee ID";
        }
        if (w.site() == null) {
            return "site is missing";
        }
        if (plant.current().site(w.site()).isEmpty()) {
            return "site " + w.site() + " is not a site of the plant definition";
        }
        if (w.status() != null
                && !w.status().equalsIgnoreCase("ACTIVE")
                && !w.status().equalsIgnoreCase("TERMINATED")) {
            return "status must be ACTIVE or TERMINATED";
        }
        return null;
    }

    /** The outcome of one directory run. */
    public record Summary(
            int read,
            int changed,
            int unchanged,
            List<Map<String, String>> rejected,
            @Nullable String error) {}
}
