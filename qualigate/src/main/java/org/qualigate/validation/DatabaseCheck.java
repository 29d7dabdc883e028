package org.qualigate.validation;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.ValidateResult;
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

    Map<String, Object> check(List<Check> checks) {
        Map<String, Object> db = new LinkedHashMap<>();
        String url = environment.getProperty("spring.datasource.url", "");
        db.put("url", InstallationQualification.maskUrl(url));
        try (Connection c = DriverManager.getConnection(
                        url,
                        environment.getProperty("spring.datasource.username", ""),
                        environment.getProperty("spring.datasource.password", ""));
                Statement s = c.createStatement()) {
            db.put("postgresql", single(s, "SHOW server_version"));
            db.put("postgresqlBuild", single(s, "SELECT version()"));
            db.put("user", single(s, "SELECT current_user"));
            checks.add(new Check("PostgreSQL reachable", true, "PostgreSQL " + db.get("postgresql")));
        } catch (SQLException e) {
            checks.add(new Check("PostgreSQL reachable", false, e.getMessage()));
            return db;
        }
        db.put("schema", schema(checks));
        return db;
    }

    private Map<String, Object> schema(List<Check> checks) {
        Map<String, Object> schema = new LinkedHashMap<>();
        Flyway flyway = flyway();
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        schema.put("version", current == null ? "none" : current.getVersion().getVersion());
        schema.put("description", current == null ? "" : current.getDescription());
        schema.put("pending", info.pending().length);
        schema.put("applied", applied(info));
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
        schema.put("checksumsValid", validation.validationSuccessful);
        schema.put("validationProblems", problems);
        checks.add(new Check(
                "schema version and checksums",
                validation.validationSuccessful && info.pending().length == 0,
                "schema at version " + schema.get("version") + ", " + info.pending().length + " pending, "
                        + (validation.validationSuccessful
                                ? "every applied migration matches its script"
                                : String.join("; ", problems))));
        return schema;
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

    private static List<Map<String, Object>> applied(MigrationInfoService info) {
        List<Map<String, Object>> applied = new ArrayList<>();
        for (MigrationInfo m : info.applied()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", m.getVersion() == null ? "" : m.getVersion().getVersion());
            row.put("script", m.getScript());
            row.put("checksum", m.getChecksum());
            row.put("state", m.getState().getDisplayName());
            row.put(
                    "installedOn",
                    m.getInstalledOn() == null
                            ? ""
                            : m.getInstalledOn().toInstant().toString());
            applied.add(row);
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
