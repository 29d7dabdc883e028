package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A failed group of events is set aside only for something about the events; a database that cannot be reached
 * or cannot finish the transaction is the sender's cue to send again (503), never a reason to keep an event for
 * review.
 */
class DatabaseUnavailableTest {

    @Verifies("URS-INT-082")
    @Test
    void aLostOrRefusedConnectionOrARollbackThatCouldNotBeSentIsTheDatabaseNotTheEvent() {
        assertThat(IntakeCommitter.databaseUnavailable(new TransactionSystemException("JDBC rollback failed")))
                .isTrue();
        assertThat(IntakeCommitter.databaseUnavailable(new CannotCreateTransactionException("no connection")))
                .isTrue();
        assertThat(IntakeCommitter.databaseUnavailable(
                        new DataAccessResourceFailureException("gone", new SQLTransientConnectionException("t"))))
                .isTrue();
        // PostgreSQL's admin_shutdown (57P01) and connection_failure (08006), wrapped as Spring does
        assertThat(IntakeCommitter.databaseUnavailable(new UncategorizedSQLException(
                        "insert", "INSERT …", new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(IntakeCommitter.databaseUnavailable(
                        new IllegalStateException("wrapped", new SQLException("connection failure", "08006"))))
                .isTrue();
    }

    @Test
    void aConstraintOrABugInTheEventsProcessingIsAboutTheEvent() {
        assertThat(IntakeCommitter.databaseUnavailable(new DataIntegrityViolationException("duplicate key")))
                .isFalse();
        assertThat(IntakeCommitter.databaseUnavailable(new UncategorizedSQLException(
                        "insert", "INSERT …", new SQLException("value too long", "22001"))))
                .isFalse();
        assertThat(IntakeCommitter.databaseUnavailable(new NullPointerException("a bug")))
                .isFalse();
    }
}
