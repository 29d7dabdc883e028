package org.qualigate.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.qualigate.access.DeliveryRequests;
import org.qualigate.access.EntitlementProjection;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
import org.qualigate.intake.DirectorySync;
import org.qualigate.intake.ParkedEvents;
import org.qualigate.jobs.ClusterJobs;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start, before the web server accepts requests: records the plant definition version (planning
 * everyone again when it is new) and reads the HRIS directory, so that no event is parked for naming a
 * person the directory already lists; then keeps reading it on its interval.
 */
@Component
class Startup implements SmartLifecycle {

    // Before the web server starts: no event is accepted until the people it may name are known.
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private volatile boolean running;

    private static final Logger log = LoggerFactory.getLogger(Startup.class);

    /** The cluster job name of the HRIS directory sync. */
    static final String DIRECTORY_SYNC = "hris-directory-sync";

    private final PlantDefinition plant;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Persons persons;
    private final DeliveryRequests delivery;
    private final TransactionTemplate tx;
    private final ObjectProvider<DirectorySync> directory;
    private final ParkedEvents parked;
    private final ClusterJobs jobs;
    private final Duration syncInterval;
    private final EntitlementProjection projection;

    Startup(
            PlantDefinition plant,
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            Persons persons,
            DeliveryRequests delivery,
            TransactionTemplate tx,
            ObjectProvider<DirectorySync> directory,
            ParkedEvents parked,
            ClusterJobs jobs,
            EntitlementProjection projection,
            @Value("${qualigate.hris-directory.sync-interval:PT15M}") Duration syncInterval) {
        this.projection = projection;
        this.parked = parked;
        this.plant = plant;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.persons = persons;
        this.delivery = delivery;
        this.tx = tx;
        this.directory = directory;
        this.jobs = jobs;
        this.syncInterval = syncInterval;
    }

    @Override
    public void start() {
        ready();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    void ready() {
        boolean newRules = Boolean.TRUE.equals(tx.execute(s -> {
            boolean recorded = plant.recordVersion(jdbc, audit, clock);
            if (recorded) {
                // what the rules justify, worked out again under the new version in the same transaction
                projection.rulesChanged(
                        plant.current(), plant.loadedAt(jdbc, plant.current().version()));
            }
            return recorded;
        }));
        if (newRules) {
            int n = tx.execute(s -> {
                var all = persons.all();
                all.stream().map(Person::employeeId).forEach(id -> delivery.request(id, clock.instant()));
                return all.size();
            });
            log.info(
                    "plant definition {} is new: {} persons planned again",
                    plant.current().version(),
                    n);
        } else if (projection.outOfDate()) {
            // a database from before the projection (or before its rows kept what the report prints): worked out
            // once from the ledger
            projection.rebuild();
        }
        syncDirectory();
    }

    // Once cluster-wide: with several instances on one database, only one reads the directory per interval.
    @Scheduled(
            initialDelayString = "${qualigate.hris-directory.sync-interval:PT15M}",
            fixedDelayString = "${qualigate.hris-directory.sync-interval:PT15M}")
    void syncDirectory() {
        Optional.ofNullable(directory.getIfAvailable())
                .ifPresent(sync -> jobs.runIfDue(DIRECTORY_SYNC, syncInterval, () -> {
                    boolean read = sync.run().error() == null;
                    // people who were unknown may be known now: their parked events can go through
                    parked.sweep("system");
                    return read;
                }));
    }
}
