package org.qualigate.quality;

import java.time.Clock;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.BatchStock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a recall's saga and the replanning of its plan both work with: the ERP whose stock the plan is read from, the
 * stored recalls, the one blocking path a planned batch is handed to (its work and the rule's decisions), and the
 * database, audit trail and outbox every step is recorded in, in one transaction at the clock's time.
 */
record RecallSagaParts(
        BatchStock erp,
        Recalls recalls,
        BatchWork work,
        BatchDecisions decisions,
        JdbcClient jdbc,
        AuditTrail audit,
        QualityOutbox outbox,
        TransactionTemplate tx,
        Clock clock) {}
