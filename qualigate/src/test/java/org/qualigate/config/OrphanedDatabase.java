package org.qualigate.config;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A process that starts the embedded PostgreSQL on a data directory, commits one row, leaves a second row in an
 * open transaction, says READY and waits to be killed: what a service killed with {@code kill -9} leaves behind.
 */
public final class OrphanedDatabase {

    private OrphanedDatabase() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.start(Path.of(args[0]), 0);
        try (Connection c = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgres.SUPERUSER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS crash_note (note text PRIMARY KEY)");
            s.execute("INSERT INTO crash_note VALUES ('" + args[1] + "-committed')");
        }
        Connection open = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgres.SUPERUSER, "");
        open.setAutoCommit(false);
        try (Statement s = open.createStatement()) {
            s.execute("INSERT INTO crash_note VALUES ('" + args[1] + "-uncommitted')");
        }
        System.out.println("READY " + postgres.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
