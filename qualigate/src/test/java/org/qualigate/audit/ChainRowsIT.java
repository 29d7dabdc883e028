package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code verify} reads the chain with a binary {@code COPY} (decision 0108): the time it receives as microseconds is
 * written as exactly the text PostgreSQL writes for it in UTC, and the chain read in pieces gives the same answer as
 * read in one, for an intact chain and for one with an entry changed in the database.
 */
class ChainRowsIT extends QualigateIT {

    @Autowired
    JdbcTemplate template;

    @Autowired
    PlatformTransactionManager transactions;

    @Value("${spring.datasource.url}")
    String url;

    @Verifies("URS-AUD-526")
    @Test
    void writesTheTimeAsPostgresqlWritesItInUtc() throws Exception {
        List<String> times = new ArrayList<>(List.of(
                "2026-11-02 15:00:00.12+00",
                "2026-11-02 15:00:00+00",
                "1999-12-31 23:59:59.999999+00",
                "2000-01-01 00:00:00+00",
                "2024-02-29 12:34:56.789+00",
                "1970-01-01 00:00:00.000001+00",
                "0001-01-01 00:00:00+00",
                "0001-12-31 23:59:59.5+00 BC",
                "4713-01-01 00:00:00+00 BC",
                "10000-01-01 00:00:00.000001+00",
                "294276-12-31 23:59:59.999999+00",
                "infinity",
                "-infinity"));
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("SET TimeZone TO 'UTC'");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String values =
                    String.join(",", times.stream().map(t -> "('" + t + "')").toList());
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut(
                            "COPY (SELECT t, t::text FROM (SELECT v::timestamptz AS t FROM (VALUES " + values
                                    + ") x(v) UNION ALL SELECT timestamptz '1900-01-01 UTC' + random() * interval"
                                    + " '300 years' FROM generate_series(1, 2000)) y) TO STDOUT (FORMAT binary)",
                            out);
            ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
            b.position(11 + 4);
            b.position(b.position() + 4 + b.getInt(b.position()));
            int rows = 0;
            while (b.getShort() == 2) {
                assertThat(b.getInt()).isEqualTo(8);
                long micros = b.getLong();
                byte[] text = new byte[b.getInt()];
                b.get(text);
                assertThat(new String(ChainRows.text(micros), StandardCharsets.US_ASCII))
                        .isEqualTo(new String(text, StandardCharsets.US_ASCII));
                rows++;
            }
            assertThat(rows).isEqualTo(times.size() + 2_000);
        }
    }

    @Verifies({"URS-AUD-003", "URS-AUD-526"})
    @Test
    void theChainReadInPiecesGivesTheAnswerOfTheChainReadInOne() throws SQLException {
        String person = newPerson("IND");
        hook(certification(person, "WD-CERT-1004").json());
        sealAuditTrail();
        // entries other tests seal meanwhile may lengthen the chain between two runs: the answers are compared
        assertThat(verified(3).valid()).isTrue();
        assertThat(verified(1_000_000).valid()).isTrue();

        long seq = template.queryForObject("SELECT max(seq) - 4 FROM audit_event", Long.class);
        String reason = template.queryForObject("SELECT reason FROM audit_event WHERE seq = ?", String.class, seq);
        String value =
                template.queryForObject("SELECT new_value::text FROM audit_event WHERE seq = ?", String.class, seq);
        String prevHash = template.queryForObject("SELECT prev_hash FROM audit_event WHERE seq = ?", String.class, seq);
        // each column changed alone, the time (now read as a number) and a JSON value included
        String[][] changes = {
            {"reason = ?", reason + ".", "reason = ?", reason, "content does not match its hash"},
            {
                "occurred_at = occurred_at + interval '1 microsecond'",
                null,
                "occurred_at = occurred_at - interval '1 microsecond'",
                null,
                "content does not match its hash"
            },
            {
                "new_value = coalesce(new_value, '{}'::jsonb) || '{\"changed\": 1}'::jsonb",
                null,
                "new_value = ?::jsonb",
                value,
                "content does not match its hash"
            },
            {"prev_hash = ?", "0".repeat(64), "prev_hash = ?", prevHash, "link to the previous entry does not match"}
        };
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            for (String[] change : changes) {
                change(c, seq, change[0], change[1]);
                try {
                    for (AuditVerification v : List.of(verified(3), verified(1_000_000))) {
                        assertThat(v.valid()).as(change[0]).isFalse();
                        assertThat(v.firstBrokenSeq()).as(change[0]).isEqualTo(seq);
                        assertThat(v.reason()).as(change[0]).isEqualTo(change[4]);
                        assertThat(v.entries()).as(change[0]).isEqualTo(seq - 1);
                    }
                } finally {
                    change(c, seq, change[2], change[3]);
                }
            }
        }
        assertThat(verified(3).valid()).isTrue();
    }

    private AuditVerification verified(int piece) {
        TransactionTemplate snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return snapshot.execute(s -> new ChainCheck(template, piece).run());
    }

    /** Sets a column of entry {@code seq} as {@code assignment} (with its one parameter, if it takes one). */
    private static void change(Connection c, long seq, String assignment, @Nullable String parameter)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update");
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_event SET " + assignment + " WHERE seq = ?")) {
                int next = 1;
                if (assignment.contains("?")) {
                    ps.setString(next++, parameter);
                }
                ps.setLong(next, seq);
                ps.executeUpdate();
            } finally {
                s.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
            }
        }
    }
}
