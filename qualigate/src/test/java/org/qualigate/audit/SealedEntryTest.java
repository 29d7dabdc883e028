package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * An entry's stored hashed text holds only if it hashes to the entry's hash and is exactly the canonical form of
 * the entry's columns as PostgreSQL sends them back; the walk that shows this without re-encoding says yes only
 * where re-encoding would, and leaves every other case to re-encoding.
 */
class SealedEntryTest {

    private static final String QUALIFICATION = "{\"code\":\"GMP-BASIC\",\"level\":1,\"status\":\"VALID\","
            + "\"evidence\":{\"source\":\"hris\",\"eventId\":\"e-1\",\"sourceVersion\":1},\"tags\":[\"a\",2,null,true]}";
    // the same value as PostgreSQL writes a jsonb back: shorter names first, a space after commas and colons
    private static final String QUALIFICATION_AS_STORED = "{\"code\": \"GMP-BASIC\", \"tags\": [\"a\", 2, null, true],"
            + " \"level\": 1, \"status\": \"VALID\", \"evidence\": {\"source\": \"hris\", \"eventId\": \"e-1\","
            + " \"sourceVersion\": 1}}";

    @Verifies("URS-AUD-290")
    @Test
    void anEntryWhoseTextIsTheCanonicalFormOfItsColumnsIsShownSoWithoutReEncoding() {
        Entry entry = new Entry();
        assertThat(entry.shown()).isTrue();
        assertThat(entry.problem()).isNull();
    }

    @Test
    void timesAreComparedWithTheFractionInstantWritesAndPostgresqlTrims() {
        assertThat(new Entry()
                        .at("2026-11-02T15:00:00Z", "2026-11-02 15:00:00+00")
                        .shown())
                .isTrue();
        assertThat(new Entry()
                        .at("2026-11-02T15:00:00.100Z", "2026-11-02 15:00:00.1+00")
                        .shown())
                .isTrue();
        assertThat(new Entry()
                        .at("2026-11-02T15:00:00.123450Z", "2026-11-02 15:00:00.12345+00")
                        .shown())
                .isTrue();
        assertThat(new Entry()
                        .at("2026-11-02T15:00:00.000001Z", "2026-11-02 15:00:00.000001+00")
                        .shown())
                .isTrue();
    }

    @Verifies("URS-AUD-290")
    @Test
    void aColumnChangedBesideAnIntactTextIsNamed() {
        Entry entry = new Entry();
        entry.storedReason = "approved by nobody";
        assertThat(entry.shown()).isFalse();
        assertThat(entry.problem()).isEqualTo("content does not match its hashed text");

        Entry value = new Entry();
        value.storedNew = QUALIFICATION_AS_STORED.replace("\"level\": 1", "\"level\": 2");
        assertThat(value.problem()).isEqualTo("content does not match its hashed text");

        Entry time = new Entry();
        time.storedTime = "2026-11-02 15:00:01.12+00";
        assertThat(time.problem()).isEqualTo("content does not match its hashed text");
    }

    @Verifies("URS-AUD-290")
    @Test
    void aTextChangedBesideIntactColumnsIsNamed() {
        Entry entry = new Entry();
        entry.text = entry.text.replace("GMP-BASIC completed", "GMP-BASIC waived");
        assertThat(entry.problem()).isEqualTo("hashed text does not match its hash");
    }

    @Verifies("URS-AUD-290")
    @Test
    void aTextRehashedThatSaysTheSameInAnotherFormIsNotTaken() {
        String[][] canonicalAndOther = {
            {"\"occurredAt\":\"2026-11-02T15:00:00.120Z\"", "\"occurredAt\":\"2026-11-02T15:00:00.120000Z\""},
            {"\"occurredAt\":\"2026-11-02T15:00:00.120Z\"", "\"occurredAt\":\"2026-11-02T15:00:00.12Z\""},
            {"\"level\":1,", "\"level\":1.0,"},
            {"\"level\":1,", "\"level\":01,"},
            {"\"level\":1,", "\"level\": 1,"},
            {"\"code\":\"GMP-BASIC\"", "\"code\":\"GMP-\\u0042ASIC\""},
            {"\"action\":\"qualification.recorded\"", "\"action\":\"qualification\\u002erecorded\""}
        };
        for (String[] pair : canonicalAndOther) {
            Entry entry = new Entry();
            assertThat(entry.text).as(pair[0]).contains(pair[0]);
            entry.text = entry.text.replace(pair[0], pair[1]);
            entry.hash = AuditHash.ofText(entry.text);
            assertThat(entry.shown()).as(pair[1]).isFalse();
            assertThat(entry.problem()).as(pair[1]).isEqualTo("content does not match its hashed text");
        }
    }

    @Test
    void whatTheWalkDoesNotShowIsDecidedByReEncoding() {
        Entry escaped = new Entry().reason("a \"quoted\" reason\twith a tab");
        assertThat(escaped.shown()).isFalse();
        assertThat(escaped.problem()).isNull();

        Entry fractions = new Entry().values("{\"rate\": 72.50, \"big\": 1e21}", "{\"big\":1e+21,\"rate\":72.5}");
        assertThat(fractions.shown()).isFalse();
        assertThat(fractions.problem()).isNull();

        Entry accents =
                new Entry().values("{\"name\": \"Zoë Ångström\", \"ü\": 1}", "{\"name\":\"Zoë Ångström\",\"ü\":1}");
        assertThat(accents.problem()).isNull();
    }

    @Test
    void membersMissingAddedOrRepeatedAreNotShown() {
        assertThat(new Entry().values("{\"a\": 1, \"b\": 2}", "{\"a\":1}").shown())
                .isFalse();
        assertThat(new Entry().values("{\"a\": 1}", "{\"a\":1,\"b\":2}").shown())
                .isFalse();
        Entry repeated = new Entry().values("{\"a\": 1, \"b\": 2}", "{\"a\":1,\"b\":2}");
        repeated.text = repeated.text.replace("{\"a\":1,\"b\":2}", "{\"a\":1,\"a\":1}");
        assertThat(repeated.shown()).isFalse();
        Entry unordered = new Entry().values("{\"a\": 1, \"b\": 2}", "{\"a\":1,\"b\":2}");
        unordered.text = unordered.text.replace("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}");
        assertThat(unordered.shown()).isFalse();
        assertThat(new Entry().values("[1, 2]", "[1,2,3]").shown()).isFalse();
        assertThat(new Entry().values("{}", "{}").shown()).isTrue();
        assertThat(new Entry().values("[]", "[]").shown()).isTrue();
        assertThat(new Entry().values("\"text\"", "\"text\"").shown()).isTrue();
    }

    @Test
    void anEntrySealedBeforeTextsWereStoredIsCheckedFromItsColumns() {
        Entry entry = new Entry();
        entry.text = null;
        assertThat(entry.problem()).isNull();
        entry.storedReason = "approved by nobody";
        assertThat(entry.problem()).isEqualTo("content does not match its hash");
    }

    /** An entry as sealed and as read back; its parts changed one at a time by the tests. */
    private static final class Entry {
        long seq = 42;
        String prevHash = "ab".repeat(32);
        Instant occurredAt = Instant.parse("2026-11-02T15:00:00.120Z");
        String storedTime = "2026-11-02 15:00:00.12+00";
        String storedReason = "hris record TR-1 v1: GMP-BASIC completed";
        String storedNew = QUALIFICATION_AS_STORED;

        @Nullable
        String text;

        String hash;

        Entry() {
            seal(QUALIFICATION);
        }

        private void seal(String canonicalNew) {
            text = AuditHash.canonical(seq, content(storedReason, canonicalNew), prevHash);
            hash = AuditHash.ofText(text);
        }

        private EntryContent content(String reason, String newJson) {
            return new EntryContent(
                    occurredAt,
                    "source:hris",
                    "qualification.recorded",
                    "qualification",
                    "q-1",
                    "E1001",
                    null,
                    newJson,
                    reason,
                    "c-1",
                    "0af7651916cd43dd8448eb211c80319c");
        }

        Entry at(String instant, String stored) {
            occurredAt = Instant.parse(instant);
            storedTime = stored;
            seal(QUALIFICATION);
            return this;
        }

        Entry reason(String reason) {
            storedReason = reason;
            seal(QUALIFICATION);
            return this;
        }

        Entry values(String stored, String canonical) {
            storedNew = stored;
            seal(canonical);
            return this;
        }

        private SealedEntry read() {
            EntryContent.Stored columns = new EntryContent.Stored(
                    utf8(storedTime),
                    utf8("source:hris"),
                    utf8("qualification.recorded"),
                    utf8("qualification"),
                    utf8("q-1"),
                    utf8("E1001"),
                    null,
                    utf8(storedNew),
                    utf8(storedReason),
                    utf8("c-1"),
                    utf8("0af7651916cd43dd8448eb211c80319c"));
            return new SealedEntry(seq, utf8(prevHash), utf8(hash), text == null ? null : utf8(text), columns);
        }

        boolean shown() {
            SealedEntry e = read();
            return new HashedTextMatch().shows(e.hashedText(), seq, e.prevHash(), e.columns());
        }

        @Nullable
        String problem() {
            return read().problem(new HashedTextMatch());
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
