package org.qualigate.training;

import java.time.Clock;
import java.util.Set;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualifications;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a sync works with besides the QMS it writes to and its crash points: the data sources the QMS owns, the
 * one Qualigate writes as, and the module's lists and collaborators. A sync against another QMS keeps these.
 */
record TrainingSyncParts(
        Set<String> owners,
        String ownDataSource,
        TrainingQueue queue,
        TrainingReviews reviews,
        Persons persons,
        Qualifications qualifications,
        PlantDefinition plant,
        AuditTrail audit,
        TransactionTemplate tx,
        Clock clock,
        TrainingSyncSettings settings,
        TrainingModes modes,
        TrainingConflicts conflicts,
        TrainingObservations observations,
        TrainingWriteIntents intents) {

    TrainingSyncParts {
        owners = Set.copyOf(owners);
    }
}
