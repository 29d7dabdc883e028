package org.qualigate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;

/** What every benchmark runner needs to set a run up: a statement on the database, a webhook secret, a port. */
public final class BenchSupport {

    private BenchSupport() {}

    static void execute(DataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A fresh Standard Webhooks secret ({@code whsec_} + base64 of 32 random bytes). */
    static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The command-line settings of a service instance on the benchmark's database and simulators, with one
     * webhook source ({@code hris}, signed with {@code secret}) and one API user (name and password {@code user})
     * who may read the audit trail.
     */
    static List<String> serviceArguments(int postgresPort, String secret, Sandbox sandbox, String user) {
        List<String> arguments = new java.util.ArrayList<>(databaseArguments(postgresPort, "qualigate_app"));
        arguments.addAll(List.of(
                "--qualigate.sources.hris.secrets=" + secret,
                "--qualigate.targets.mes.base-url=" + sandbox.scimBaseUri(),
                "--qualigate.targets.mes.bearer-token=" + SandboxOptions.DEFAULT_SCIM_TOKEN,
                "--qualigate.hris-directory.url=" + sandbox.baseUri(),
                "--qualigate.security.users[0].username=" + user,
                "--qualigate.security.users[0].password={noop}" + user,
                "--qualigate.security.users[0].roles[0]=AUDITOR"));
        return arguments;
    }

    /**
     * The command-line settings that put a service instance on the benchmark's embedded PostgreSQL: it signs in
     * with its login role {@code appRole}, its migrations run as the database's owner.
     */
    static List<String> databaseArguments(int postgresPort, String appRole) {
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
        return List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + appRole,
                "--spring.flyway.url=" + jdbcUrl,
                "--spring.flyway.user=postgres");
    }

    /**
     * An embedded PostgreSQL for a run with the service's login role: durable ({@code fsync},
     * {@code synchronous_commit} and {@code full_page_writes} on) as in production, or not, to measure the
     * service rather than the disk.
     */
    static EmbeddedPostgres postgres(boolean durable, int maxConnections, String appRole)
            throws IOException, SQLException {
        return postgres(durable, maxConnections, appRole, null);
    }

    /**
     * {@link #postgres(boolean, int, String)} in {@code kept} (none: a fresh temporary directory), which is left as
     * it is when the run ends, so that a later run starts on what this one seeded.
     */
    static EmbeddedPostgres postgres(
            boolean durable, int maxConnections, String appRole, java.nio.file.@Nullable Path kept)
            throws IOException, SQLException {
        return postgres(durable, maxConnections, appRole, kept, false);
    }

    /**
     * {@link #postgres(boolean, int, String, java.nio.file.Path)}, with {@code pg_stat_statements} and
     * {@code auto_explain} loaded when {@code statements} is set, so that a {@link StatementProfile} and a
     * {@link PhaseWork} can count the service's statements and show their plans.
     */
    static EmbeddedPostgres postgres(
            boolean durable, int maxConnections, String appRole, java.nio.file.@Nullable Path kept, boolean statements)
            throws IOException, SQLException {
        return postgres(durable, maxConnections, appRole, kept, statements, null);
    }

    private static EmbeddedPostgres postgres(
            boolean durable,
            int maxConnections,
            String appRole,
            java.nio.file.@Nullable Path kept,
            boolean statements,
            @Nullable String preload)
            throws IOException, SQLException {
        String durability = durable ? "on" : "off";
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("fsync", durability)
                .setServerConfig("synchronous_commit", durability)
                .setServerConfig("full_page_writes", durability)
                .setServerConfig("max_connections", Integer.toString(maxConnections));
        if (statements) {
            // the plans of slow statements too (PhaseWork); the threshold only selects which plans are logged
            PhaseWork.serverConfig(Integer.getInteger("bench.explainMillis", 5)).forEach(builder::setServerConfig);
        } else if (preload != null) {
            builder.setServerConfig("shared_preload_libraries", preload);
        }
        if (kept != null) {
            builder.setDataDirectory(kept).setCleanDataDirectory(false);
        }
        EmbeddedPostgres postgres = builder.start();
        try {
            execute(
                    postgres.getPostgresDatabase(),
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + appRole
                            + "') THEN CREATE ROLE " + appRole + " LOGIN; END IF; END $$");
        } catch (SQLException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /**
     * {@link #postgres(boolean, int, String)} with {@code pg_stat_statements} loaded (and not {@code auto_explain},
     * whose instrumentation of every statement would add to the work being compared), for {@link StatementProfile}.
     */
    static EmbeddedPostgres postgresCountingStatements(boolean durable, int maxConnections, String appRole)
            throws IOException, SQLException {
        return postgres(durable, maxConnections, appRole, null, false, StatementProfile.PRELOAD);
    }

    /** Appends a section to the report file (none when its name is blank), after one blank line. */
    static void appendReport(java.nio.file.Path report, String md) throws IOException {
        if (report.toString().isBlank()) {
            return;
        }
        String existing =
                java.nio.file.Files.exists(report) ? java.nio.file.Files.readString(report) : "# Benchmarks\n";
        String separator = existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
        java.nio.file.Files.writeString(
                report,
                separator + md,
                java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** A port free a moment ago; whoever binds it must expect another program to have taken it since. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
