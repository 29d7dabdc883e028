package org.qualigate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The baseline: what the same PostgreSQL does with the simplest durable write an intake could make, one
 * autocommitted single-row insert of a webhook-sized payload with a unique key, per JDBC connection.
 */
final class PlainInserts {

    /** Kept apart from the service's schema, which Flyway owns. */
    static final String TABLE = "bench.plain_insert";

    private final DataSource database;
    private final String payload;

    PlainInserts(DataSource database, String payload) {
        this.database = database;
        this.payload = payload;
    }

    void createTable() throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (key text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)");
        }
    }

    long rows() throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Throughput run(int clients, Duration duration, ClosedLoad.Window window) {
        // A fresh prefix per run keeps keys unique across warm-up and measured phases.
        String run = UUID.randomUUID().toString();
        return ClosedLoad.run(clients, duration, index -> client(run + "-" + index + "-"), window);
    }

    private ClosedLoad.Client client(String keyPrefix) {
        try {
            Connection c = database.getConnection();
            c.setAutoCommit(true);
            PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (key, payload) VALUES (?, ?)");
            return new ClosedLoad.Client() {
                private long seq;

                @Override
                public Optional<String> call() throws SQLException {
                    insert.setString(1, keyPrefix + seq++);
                    insert.setString(2, payload);
                    return insert.executeUpdate() == 1 ? Optional.empty() : Optional.of("no row inserted");
                }

                @Override
                public void close() throws SQLException {
                    c.close();
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a connection for the plain-insert load", e);
        }
    }
}
