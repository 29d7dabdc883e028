package org.qualigate.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.ValidateResult;
import org.jspecify.annotations.Nullable;
import org.qualigate.validation.InstallationQualification.Check;
import org.springframework.core.env.ConfigurableEnvironment;

/** What the service runs on: the PostgreSQL it is configured for, and its schema's version and checksums. */
final class DatabaseCheck {

    private final ConfigurableEnvironment environment;
    private final List<String> propertyNames;

    DatabaseCheck(ConfigurableEnvironment environment, List<String> propertyNames) {
        this.environment = environment;
        this.propertyNames = propertyNames;
    }

    /**
     * The database the service is configured for (its URL, credentials masked) and, when it answers, its PostgreSQL
     * version and build, the user the service connects as, and the schema.
     */
    record Database(
            String url,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String postgresql,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String postgresqlBuild,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String user,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Schema schema) {}

    /** The schema's version, what is pending, every applied migration, and whether each matches its script. */
    record Schema(
            String version,
            String description,
            int pending,
            List<Applied> applied,
            boolean checksumsValid,
            List<String> validationProblems) {}

    /** One applied migration as Flyway recorded it. */
    record Applied(String version, String script, @Nullable Integer checksum, String state, String installedOn) {}

    Database check(List<Check> checks) {
        String url = environment.getProperty("spring.datasource.url", "");
        String masked = InstallationQualification.maskUrl(url);
        // each fact as far as it was read: a query that fails after the connection leaves the rest out
        String postgresql = null;
        String build = null;
        String user = null;
        try (Connection c = DriverManager.getConnection(
                        url,
                        environment.getProperty("spring.datasource.username", ""),
                        environment.getProperty("spring.datasource.password", ""));
                Statement s = c.createStatement()) {
            postgresql = single(s, "SHOW server_version");
            build = single(s, "SELECT version()");
            user = single(s, "SELECT current_user");
            checks.add(new Check("PostgreSQL reachable", true, "PostgreSQL " + postgresql));
        } catch (SQLException e) {
            checks.add(new Check("PostgreSQL reachable", false, e.getMessage()));
            return new Database(masked, postgresql, build, user, null);
        }
        return new Database(masked, postgresql, build, user, schema(checks));
    }

    private Schema schema(List<Check> checks) {
        Flyway flyway = flyway();
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        // Pending migrations are reported on their own; validation compares applied ones with their scripts.
        ValidateResult validation = Flyway.configure()
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:pending")
                .load()
                .validateWithResult();
        List<String> problems = new ArrayList<>();
        if (validation.invalidMigrations != null) {
            validation.invalidMigrations.forEach(m -> problems.add(
                    m.version + " " + m.filepath + ": " + (m.errorDetails == null ? "" : m.errorDetails.errorMessage)));
        }
        checks.add(new Check(
                "schema version and checksums",
                validation.validationSuccessful && info.pending().length == 0,
                "schema at version " + version + ", " + info.pending().length + " pending, "
                        + (validation.validationSuccessful
                                ? "every applied migration matches its script"
                                : String.join("; ", problems))));
        return new Schema(
                version,
                current == null ? "" : current.getDescription(),
                info.pending().length,
                applied(info),
                validation.validationSuccessful,
                problems);
    }

    /** Flyway as the service configures it, reading only: info and validation, never a migration. */
    private Flyway flyway() {
        String url = environment.getProperty("spring.flyway.url", environment.getProperty("spring.datasource.url", ""));
        String user = environment.getProperty(
                "spring.flyway.user", environment.getProperty("spring.datasource.username", ""));
        String password = environment.getProperty(
                "spring.flyway.password", environment.getProperty("spring.datasource.password", ""));
        Map<String, String> placeholders = new TreeMap<>();
        String prefix = "spring.flyway.placeholders.";
        for (String name : propertyNames) {
            if (name.startsWith(prefix)) {
                placeholders.put(name.substring(prefix.length()), environment.getProperty(name, ""));
            }
        }
        return Flyway.configure()
                .dataSource(url, user, password)
                .locations(environment.getProperty("spring.flyway.locations", "classpath:db/migration"))
                .placeholders(placeholders)
                .load();
    }

    private static List<Applied> applied(MigrationInfoService info) {
        List<Applied> applied = new ArrayList<>();
        for (MigrationInfo m : info.applied()) {
            applied.add(new Applied(
                    m.getVersion() == null ? "" : m.getVersion().getVersion(),
                    m.getScript(),
                    m.getChecksum(),
                    m.getState().getDisplayName(),
                    m.getInstalledOn() == null
                            ? ""
                            : m.getInstalledOn().toInstant().toString()));
        }
        return applied;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
