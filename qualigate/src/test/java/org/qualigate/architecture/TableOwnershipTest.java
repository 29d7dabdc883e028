package org.qualigate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * Every table has one owning module ({@code table-owners.txt}): only that module's main code names the table in
 * SQL; the others go through its API or react to its events (decision 0044). The check reads the SQL as the code
 * holds it (string literals and text blocks) and finds the table after {@code FROM}, {@code JOIN}, {@code INTO},
 * {@code UPDATE}, {@code DELETE FROM} or {@code TABLE}, so a read counts as much as a write.
 */
class TableOwnershipTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path MAIN = Path.of("src/main/java/org/qualigate");
    private static final Path OWNERS = Path.of("src/test/resources/table-owners.txt");

    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    /** A table handed to the one leased queue of the jobs module, which builds that table's SQL (decision 0050). */
    private static final Pattern QUEUE_TABLE = Pattern.compile("\\bQueueTable\\.of\\(\\s*\"([a-z_][a-z0-9_]*)\"");

    private static final Pattern TABLE_IN_SQL = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table|delete\\s+from)\\s+(?:only\\s+)?(?:public\\.)?([a-z_][a-z0-9_]*)\\b");

    @Verifies("URS-VAL-160")
    @Test
    void everyTableOfTheMigrationsHasExactlyOneOwningModule() {
        Map<String, String> owners = owners();
        Set<String> created = tablesCreatedByMigrations();
        assertThat(created).as("tables the migrations create").isNotEmpty();
        assertThat(new TreeSet<>(owners.keySet()))
                .as("tables in table-owners.txt (every table of the migrations, no other)")
                .isEqualTo(created);
        Set<String> modules = modules();
        assertThat(owners.values())
                .as("owners named in table-owners.txt are modules under org.qualigate")
                .allSatisfy(owner -> assertThat(modules).contains(owner));
    }

    @Verifies("URS-VAL-160")
    @Test
    void noModuleReadsOrWritesAnotherModulesTable() {
        Map<String, String> owners = owners();
        List<String> violations = new ArrayList<>();
        for (Path file : javaSources()) {
            Path relative = MAIN.relativize(file);
            if (relative.getNameCount() < 2) {
                continue; // the application class in the root package holds no SQL
            }
            String module = relative.getName(0).toString();
            for (String table : tablesNamedInSql(read(file))) {
                String owner = owners.get(table);
                if (owner != null && !owner.equals(module)) {
                    violations.add(module + " names " + owner + "'s table " + table + " in " + relative);
                }
            }
            for (String table : queueTablesDeclared(read(file))) {
                String owner = owners.get(table);
                if (owner != null && !owner.equals(module)) {
                    violations.add(module + " queues on " + owner + "'s table " + table + " in " + relative);
                }
            }
        }
        assertThat(violations)
                .as("SQL on another module's table (go through the owner's API instead)")
                .isEmpty();
    }

    @Test
    void findsTablesReadOrWrittenInTextBlocksAndStringsButNotInComments() {
        String source = """
                class Example {
                    // SELECT * FROM commented_out
                    /* UPDATE also_commented SET x = 1 */
                    void run() {
                        char quote = '"';
                        jdbc.sql(\"""
                                SELECT p.site FROM person p
                                JOIN qualification q ON q.employee_id = p.employee_id\""");
                        jdbc.sql("INSERT INTO notice (id) VALUES (?)");
                        jdbc.sql("update parameter_value set value = ?");
                        jdbc.sql("DELETE FROM only work_item WHERE id = ?");
                        log.info("a message from nobody");
                    }
                }
                """;
        assertThat(tablesNamedInSql(source))
                .containsExactlyInAnyOrder(
                        "person", "qualification", "notice", "parameter_value", "work_item", "nobody");
    }

    @Test
    void findsTheTablesHandedToTheLeasedQueue() {
        String source = """
                static final QueueTable WORK = QueueTable.of("work_item", "employee_id", "target")
                        .leasedBy("lease_token = gen_random_uuid()");
                static final QueueTable JOBS = QueueTable.of(
                        "background_job", "id");
                """;
        assertThat(queueTablesDeclared(source)).containsExactlyInAnyOrder("work_item", "background_job");
    }

    /** The tables a Java source hands to the jobs module's leased queue, whose SQL then runs on them. */
    static Set<String> queueTablesDeclared(String javaSource) {
        Set<String> tables = new LinkedHashSet<>();
        Matcher m = QUEUE_TABLE.matcher(javaSource);
        while (m.find()) {
            tables.add(m.group(1));
        }
        return tables;
    }

    /** The table names after a SQL keyword in the string literals and text blocks of one Java source. */
    static Set<String> tablesNamedInSql(String javaSource) {
        Set<String> tables = new LinkedHashSet<>();
        Matcher m = TABLE_IN_SQL.matcher(literals(javaSource));
        while (m.find()) {
            tables.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        return tables;
    }

    /** The contents of the string literals and text blocks, one per line, comments and char literals left out. */
    static String literals(String src) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                i = lineEnd(src, i);
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = textBlockEnd(src, i + 3);
                out.append(src, i + 3, Math.min(end, n)).append('\n');
                i = end + 3;
            } else if (c == '"') {
                int j = quotedEnd(src, i + 1, '"');
                out.append(src, i + 1, Math.min(j, n)).append('\n');
                i = j + 1;
            } else if (c == '\'') {
                i = quotedEnd(src, i + 1, '\'') + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    /** Where a string or char literal that starts at {@code from} ends (its closing quote, or the line's end). */
    private static int quotedEnd(String src, int from, char quote) {
        int j = from;
        while (j < src.length() && src.charAt(j) != quote && src.charAt(j) != '\n') {
            j += src.charAt(j) == '\\' ? 2 : 1;
        }
        return j;
    }

    private static int lineEnd(String src, int from) {
        int end = src.indexOf('\n', from);
        return end < 0 ? src.length() : end;
    }

    private static int textBlockEnd(String src, int from) {
        int j = from;
        while (j < src.length()) {
            if (src.charAt(j) == '\\') {
                j += 2;
            } else if (src.startsWith("\"\"\"", j)) {
                return j;
            } else {
                j++;
            }
        }
        return src.length();
    }

    private static Map<String, String> owners() {
        Map<String, String> owners = new TreeMap<>();
        for (String line : read(OWNERS).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            assertThat(parts)
                    .as("table-owners.txt line '%s': table and module", l)
                    .hasSize(2);
            assertThat(owners.put(parts[0], parts[1]))
                    .as("table %s listed twice", parts[0])
                    .isNull();
        }
        return owners;
    }

    private static Set<String> tablesCreatedByMigrations() {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = CREATE_TABLE.matcher(read(f));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    private static Set<String> modules() {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            return dirs.filter(Files::isDirectory)
                    .map(d -> d.getFileName().toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
