package org.qualigate.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one embedded PostgreSQL server of this JVM, started on first use. With a data directory it keeps
 * its data across restarts (the embedded default); without one it uses a fresh temporary directory
 * (tests). Every Spring context in the JVM shares it.
 */
public final class EmbeddedPostgres {

    /** The database role the application connects as; the schema owner (superuser) runs migrations. */
    public static final String APP_ROLE = "qualigate_app";

    public static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static @Nullable EmbeddedPostgres instance;

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final @Nullable PostmasterOwner owner;

    private EmbeddedPostgres(
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, @Nullable PostmasterOwner owner) {
        this.server = server;
        this.owner = owner;
    }

    /**
     * Starts the server on first call (with the given data directory, or a temporary one; on the given port,
     * or any free one when 0) and returns it.
     */
    public static synchronized EmbeddedPostgres shared(@Nullable Path dataDirectory, int port) {
        if (instance == null) {
            instance = start(dataDirectory, port, false);
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgres::stopShared, "embedded-postgres-stop"));
        }
        return instance;
    }

    /**
     * The JVM runs its shutdown hooks at once and in no order, so the server waits for the application
     * contexts to close first: their last work (the audit sealer's final pass, a delivery finishing) still
     * needs the database, and a database gone under it left the service waiting 30 s for a connection.
     */
    private static void stopShared() {
        awaitContextsClosed(Duration.ofSeconds(20));
        synchronized (EmbeddedPostgres.class) {
            if (instance != null) {
                instance.stop();
                instance = null;
            }
        }
    }

    private static void awaitContextsClosed(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Thread t : contextClosers(Duration.ofSeconds(1))) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    t.join(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The threads closing application contexts. The JVM starts its hooks one after another, so this hook may look
     * before the application's hook has started: it looks again for a short while before it decides there is none.
     */
    private static List<Thread> contextClosers(Duration lookFor) {
        long until = System.nanoTime() + lookFor.toNanos();
        while (true) {
            List<Thread> closers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t != Thread.currentThread())
                    .filter(t -> t.getName().equals("SpringApplicationShutdownHook")
                            || t.getName().equals("SpringContextShutdownHook"))
                    .toList();
            if (!closers.isEmpty() || System.nanoTime() > until) {
                return closers;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return closers;
            }
        }
    }

    /** Stops the server (a fast shutdown); with a data directory, this process no longer owns it. */
    void stop() {
        try {
            server.close();
            if (owner != null) {
                owner.release();
            }
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * Starts a server of its own (not the JVM's shared one), as {@link #shared} does. With a data directory, a
     * server left running there by a service that died is stopped first (decision 0025), so a restart after
     * {@code kill -9} comes up first time on the same data.
     */
    static EmbeddedPostgres start(@Nullable Path dataDirectory, int port) {
        return start(dataDirectory, port, true);
    }

    /** {@link #start}; without the library's own shutdown hook when the caller stops the server itself. */
    private static EmbeddedPostgres start(@Nullable Path dataDirectory, int port, boolean libraryStopsAtExit) {
        try {
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(libraryStopsAtExit)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", dataDirectory == null ? "off" : "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("timezone", "UTC");
            PostmasterOwner owner = null;
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
                log.info("embedded PostgreSQL keeps its data in {}", dataDirectory.toAbsolutePath());
                owner = new PostmasterOwner(dataDirectory);
                owner.stopOrphan();
            }
            var server = builder.start();
            var embedded = new EmbeddedPostgres(server, owner);
            if (owner != null) {
                owner.claim();
            }
            embedded.ensureApplicationRole();
            log.info("embedded PostgreSQL listening on 127.0.0.1:{}", server.getPort());
            return embedded;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    private void ensureApplicationRole() {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + APP_ROLE
                    + "') THEN CREATE ROLE " + APP_ROLE + " LOGIN; END IF; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the application role in embedded PostgreSQL", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }
}
