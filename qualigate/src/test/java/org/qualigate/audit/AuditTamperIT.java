package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The trail is append-only for the service, and an edit made around it is found at its exact entry. */
class AuditTamperIT extends QualigateIT {

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.datasource.url}")
    String url;

    @Verifies("URS-AUD-002")
    @Test
    void theServiceRoleCannotChangeOrDeleteAuditEntries() {
        String person = newPerson("SGP");
        long seq = lastSeqOf(person);
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET actor = 'someone' WHERE seq = ?")
                        .param(seq)
                        .update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event WHERE seq = ?")
                        .param(seq)
                        .update())
                .hasStackTraceContaining("permission denied");
    }

    @Verifies("URS-AUD-002")
    @Test
    void evenTheSuperuserIsStoppedByTheTrigger() throws SQLException {
        String person = newPerson("SGP");
        long seq = lastSeqOf(person);
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_event SET actor = 'x' WHERE seq = " + seq))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_event")).hasMessageContaining("append-only");
        }
    }

    @Verifies("URS-AUD-003")
    @Test
    void verifyNamesTheExactEntryEditedDirectlyInTheDatabase() throws SQLException {
        String person = newPerson("IND");
        hook(certification(person, "WD-CERT-1001").json());
        long seq = lastSeqOf(person);
        assertThat(json(post("/api/v1/audit/verify")).get("valid").asBoolean()).isTrue();

        String original;
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            original = reason(c, seq);
            tamper(c, seq, "approved by nobody");
            try {
                JsonNode result = json(post("/api/v1/audit/verify"));
                assertThat(result.get("valid").asBoolean()).isFalse();
                assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(seq);
                assertThat(result.get("reason").asString()).contains("hash");
            } finally {
                tamper(c, seq, original);
            }
        }
        assertThat(json(post("/api/v1/audit/verify")).get("valid").asBoolean()).isTrue();
    }

    @Autowired
    AuditTrail trail;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Verifies({"URS-AUD-003", "URS-AUD-004"})
    @Test
    void entriesWithFloatsAndOddNumbersStillVerify() {
        tx.executeWithoutResult(s -> trail.append(new AuditRecord(
                "test",
                "test.numbers",
                "test",
                "numbers",
                null,
                java.util.Map.of("rate", 72.72727f, "big", 1e21, "small", 1e-7),
                java.util.Map.of("rate", 33.333332f, "ratio", 0.1 + 0.2, "count", Long.MAX_VALUE),
                "numbers of every kind",
                null)));
        sealAuditTrail();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'test.numbers'")
                        .query(Long.class)
                        .single())
                .isPositive();
        assertThat(json(post("/api/v1/audit/verify")).get("valid").asBoolean()).isTrue();
    }

    @Verifies("URS-AUD-290")
    @Test
    void theSealerNoLongerStoresTheHashedTextAndAnEntrySealedWithOneIsShownFromTheColumns() throws SQLException {
        String person = newPerson("IND");
        hook(certification(person, "WD-CERT-1002").json());
        long seq = lastSeqOf(person);
        SealedEntry sealed = entry(seq);
        assertThat(sealed.hashedText()).isNull();
        assertThat(sealed.problem(new HashedTextMatch())).isNull();

        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            // as the builds that stored the text (decision 0069) sealed it
            storeHashedText(c, seq);
            try {
                SealedEntry entry = entry(seq);
                assertThat(entry.hashedText()).isNotNull();
                assertThat(AuditHash.hashes(entry.hashedText(), entry.hash())).isTrue();
                assertThat(new HashedTextMatch().shows(entry.hashedText(), seq, entry.prevHash(), entry.columns()))
                        .isTrue();
                JsonNode result = json(post("/api/v1/audit/verify"));
                assertThat(result.get("valid").asBoolean())
                        .as(result.toString())
                        .isTrue();
            } finally {
                tamper(c, seq, "hashed_text", null);
            }
        }
    }

    @Verifies({"URS-AUD-003", "URS-AUD-290"})
    @Test
    void verifyNamesTheEntryWhoseHashedTextOrOneOfWhoseColumnsWasChangedAlone() throws SQLException {
        String person = newPerson("IND");
        hook(certification(person, "WD-CERT-1003").json());
        long seq = lastSeqOf(person);
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            String text = storeHashedText(c, seq);
            try {
                String person2 = person + "X";
                tamper(c, seq, "hashed_text", text.replace(person, person2));
                try {
                    JsonNode result = json(post("/api/v1/audit/verify"));
                    assertThat(result.get("valid").asBoolean()).isFalse();
                    assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(seq);
                    assertThat(result.get("reason").asString()).isEqualTo("hashed text does not match its hash");
                } finally {
                    tamper(c, seq, "hashed_text", text);
                }
                tamper(c, seq, "employee_id", person2);
                try {
                    JsonNode result = json(post("/api/v1/audit/verify"));
                    assertThat(result.get("valid").asBoolean()).isFalse();
                    assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(seq);
                    assertThat(result.get("reason").asString()).isEqualTo("content does not match its hashed text");
                } finally {
                    tamper(c, seq, "employee_id", person);
                }
            } finally {
                tamper(c, seq, "hashed_text", null);
            }
        }
        JsonNode after = json(post("/api/v1/audit/verify"));
        assertThat(after.get("valid").asBoolean()).as(after.toString()).isTrue();
    }

    /** Stores the entry's hashed text beside it, as the sealer of decision 0069 did; returns the text. */
    private String storeHashedText(Connection c, long seq) throws SQLException {
        SealedEntry e = entry(seq);
        String text = AuditHash.canonical(
                seq, e.columns().content(), new String(e.prevHash(), java.nio.charset.StandardCharsets.US_ASCII));
        tamper(c, seq, "hashed_text", text);
        return text;
    }

    private SealedEntry entry(long seq) {
        return tx.execute(s -> {
            jdbc.sql("SET LOCAL TimeZone TO 'UTC'").update();
            return jdbc.sql("SELECT seq, prev_hash, hash, hashed_text, " + EntryContent.COLUMNS
                            + " FROM audit_event WHERE seq = ?")
                    .param(seq)
                    .query((rs, n) -> new SealedEntry(
                            rs.getLong(1),
                            rs.getBytes(2),
                            rs.getBytes(3),
                            rs.getBytes(4),
                            EntryContent.Stored.read(rs, 5)))
                    .single();
        });
    }

    private long lastSeqOf(String person) {
        sealAuditTrail();
        return jdbc.sql("SELECT max(seq) FROM audit_event WHERE employee_id = ?")
                .param(person)
                .query(Long.class)
                .single();
    }

    private static String reason(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reason FROM audit_event WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void tamper(Connection c, long seq, String reason) throws SQLException {
        tamper(c, seq, "reason", reason);
    }

    private static void tamper(Connection c, long seq, String column, @org.jspecify.annotations.Nullable String value)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update");
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_event SET " + column + " = ? WHERE seq = ?")) {
                ps.setString(1, value);
                ps.setLong(2, seq);
                ps.executeUpdate();
            } finally {
                s.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
            }
        }
    }
}
