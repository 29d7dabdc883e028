package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The canonical form written from an entry's column bytes is, whenever it is written, byte for byte the one the
 * columns decoded and encoded again give ({@link AuditHash#canonical}); what it does not write is left to that
 * re-encoding, and the entries the service writes are written.
 */
class ColumnsCanonicalFormTest {

    private static final String PREV = "ab".repeat(32);
    // a qualification as PostgreSQL writes a jsonb back: shorter names first, a space after commas and colons
    private static final String RECORDED =
            "{\"code\": \"GMP-BASIC\", \"level\": 1, \"status\": \"VALID\", \"evidence\":"
                    + " {\"source\": \"hris\", \"eventId\": \"e-1\", \"approvedAt\": \"2026-11-02T15:00:00Z\", \"approvedBy\":"
                    + " \"TC-0042\", \"sourceVersion\": 1, \"sourceRecordId\": \"TR-1\"}, \"authority\": \"HRIS\", \"expiresAt\":"
                    + " \"2027-11-02T00:00:00Z\", \"completedAt\": \"2026-11-02T00:00:00Z\"}";

    @Verifies("URS-AUD-525")
    @Test
    void writesTheEntriesTheServiceWritesAsReEncodingWould() {
        assertWritten(columns("2026-11-02 15:00:00.12+00", RECORDED, null, "hris record TR-1 v1: GMP-BASIC completed"));
        assertWritten(columns("2026-11-02 15:00:00+00", null, "{\"a\": [1, -2, true, false, null, {}, []]}", null));
        assertWritten(
                columns("2026-11-02 15:00:00.000001+00", "\"text\"", "null", "a \"quoted\"\\ reason\twith\u0001"));
        assertWritten(columns("0001-01-01 00:00:00.1234+00", "{\"a\": \"x\\\"\\\\\\n\\u001f\"}", "-0", ""));
        assertWritten(columns("2024-02-29 23:59:59.999999+00", "[]", "{}", "r"));
    }

    @Verifies("URS-AUD-525")
    @Test
    void leavesToReEncodingWhatItCannotWriteExactly() {
        for (EntryContent.Stored c : new EntryContent.Stored[] {
            columns("2026-11-02 15:00:00+00", "{\"name\": \"Zoë\"}", null, "r"),
            columns("2026-11-02 15:00:00+00", "{\"ü\": 1}", null, "r"),
            columns("2026-11-02 15:00:00+00", null, null, "Zoë"),
            columns("2026-11-02 15:00:00+00", "{\"rate\": 72.50}", null, "r"),
            columns("2026-11-02 15:00:00+00", "{\"big\": 1234567890123456}", null, "r"),
            columns("2026-11-02 15:00:00+00", "{\"a\": \"\\u00e9\"}", null, "r"),
            columns("2026-11-02 15:00:00+00", "{\"a\": \"\\u001F\"}", null, "r"),
            columns("2026-11-02 15:00:00+00", "{\"a\": \"\\/\"}", null, "r"),
            columns("2026-11-02 15:00:00+00", "{\"a\": 1, \"a\": 2}", null, "r"),
            columns("2026-11-02 15:00:00+00", "[".repeat(40) + "]".repeat(40), null, "r"),
            columns("2026-11-02 15:00:00+00", "{\"a\": 1} x", null, "r"),
            columns("2026-02-30 15:00:00+00", null, null, "r"),
            columns("2026-11-02 24:00:00+00", null, null, "r"),
            columns("2026-11-02 15:00:00+01", null, null, "r"),
            columns("2026-11-02 15:00:00.1234567+00", null, null, "r"),
            columns("12026-11-02 15:00:00+00", null, null, "r"),
            columns("2026-11-02 15:00:00+00 BC", null, null, "r")
        }) {
            assertThat(new ColumnsCanonicalForm().write(42, ascii(PREV), c))
                    .as(new String(c.newJson() == null ? c.occurredAt() : c.newJson(), StandardCharsets.UTF_8))
                    .isFalse();
        }
    }

    @Verifies("URS-AUD-525")
    @Property(tries = 2000)
    void whateverItWritesIsTheReEncodingsBytes(
            @ForAll("times") String time,
            @ForAll("json") String newJson,
            @ForAll("json") String oldJson,
            @ForAll("texts") String reason) {
        EntryContent.Stored c = columns(time, newJson, oldJson, reason);
        ColumnsCanonicalForm form = new ColumnsCanonicalForm();
        boolean written = form.write(7, ascii(PREV), c);
        if (written) {
            assertThat(Arrays.copyOf(form.bytes(), form.length())).isEqualTo(reEncoded(7, c));
        }
        Statistics.label("written from the bytes").collect(written);
        // the property says something only if a good part of the cases is written here
        Statistics.label("written from the bytes")
                .coverage(coverage -> coverage.check(true).percentage(p -> p >= 2));
    }

    @Verifies("URS-AUD-525")
    @Test
    void anEntryWrittenHereHoldsOnlyWhileItsColumnsAreTheSealedOnes() {
        EntryContent.Stored sealed = columns("2026-11-02 15:00:00.12+00", RECORDED, null, "approved");
        String hash = AuditHash.ofText(new String(reEncoded(42, sealed), StandardCharsets.UTF_8));
        SealedEntry entry = new SealedEntry(42, ascii(PREV), ascii(hash), null, sealed);
        assertThat(entry.problem(new HashedTextMatch(), new ColumnsCanonicalForm()))
                .isNull();
        for (EntryContent.Stored changed : new EntryContent.Stored[] {
            columns("2026-11-02 15:00:00.12+00", RECORDED, null, "approved by nobody"),
            columns("2026-11-02 15:00:00.13+00", RECORDED, null, "approved"),
            columns("2026-11-02 15:00:00.12+00", RECORDED.replace("\"level\": 1", "\"level\": 2"), null, "approved"),
            columns("2026-11-02 15:00:00.12+00", RECORDED, "{}", "approved"),
            columns("2026-11-02 15:00:00.12+00", RECORDED.replace("GMP", "GMPé"), null, "approved")
        }) {
            assertThat(new SealedEntry(42, ascii(PREV), ascii(hash), null, changed)
                            .problem(new HashedTextMatch(), new ColumnsCanonicalForm()))
                    .isEqualTo("content does not match its hash");
        }
        assertThat(new SealedEntry(43, ascii(PREV), ascii(hash), null, sealed)
                        .problem(new HashedTextMatch(), new ColumnsCanonicalForm()))
                .isEqualTo("content does not match its hash");
    }

    private static void assertWritten(EntryContent.Stored c) {
        ColumnsCanonicalForm form = new ColumnsCanonicalForm();
        assertThat(form.write(42, ascii(PREV), c)).isTrue();
        assertThat(new String(form.bytes(), 0, form.length(), StandardCharsets.UTF_8))
                .isEqualTo(new String(reEncoded(42, c), StandardCharsets.UTF_8));
    }

    /** What {@code verify} wrote before decision 0108: the columns decoded, then encoded. */
    private static byte @Nullable [] reEncoded(long seq, EntryContent.Stored c) {
        try {
            return AuditHash.canonical(seq, c.content(), PREV).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | DateTimeException refused) {
            return null;
        }
    }

    private static EntryContent.Stored columns(
            String time, @Nullable String newJson, @Nullable String oldJson, @Nullable String reason) {
        return new EntryContent.Stored(
                utf8(time),
                utf8("source:hris"),
                utf8("qualification.recorded"),
                utf8("qualification"),
                utf8("q-1"),
                utf8("E1001"),
                utf8(oldJson),
                utf8(newJson),
                utf8(reason),
                utf8("c-1"),
                utf8("0af7651916cd43dd8448eb211c80319c"));
    }

    private static byte @Nullable [] utf8(@Nullable String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Provide
    Arbitrary<String> times() {
        Arbitrary<String> fraction = Arbitraries.of(
                        "", ".1", ".12", ".120", ".123", ".1234", ".000001", ".999999", ".0")
                .injectDuplicates(0.1);
        return Combinators.combine(
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 13),
                        Arbitraries.integers().between(0, 32),
                        Arbitraries.integers().between(0, 24),
                        Arbitraries.integers().between(0, 60),
                        fraction,
                        Arbitraries.of("+00", "+00", "+00", "+01", "+00 BC"))
                .as((y, mo, d, h, mi, f, zone) ->
                        String.format("%04d-%02d-%02d %02d:%02d:%02d%s%s", y, mo, d, h, mi, mi, f, zone));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('\n', '\t', '\u0001', '\u007f', '"', '\\', 'é')
                .ofMaxLength(16);
    }

    @Provide
    Arbitrary<String> json() {
        return value(3);
    }

    /** JSON as PostgreSQL writes a {@code jsonb}, and some it does not (fractions, escapes, repeated names). */
    private Arbitrary<String> value(int depth) {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().between(-1000, 1000).map(String::valueOf),
                Arbitraries.of("0", "-0", "0.0", "1.50", "1e21", "123456789012345", "1234567890123456", "01"));
        Arbitrary<String> strings = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('é', '\u0001', '\n')
                .ofMaxLength(8)
                .map(ColumnsCanonicalFormTest::quoted);
        Arbitrary<String> scalars = Arbitraries.oneOf(numbers, strings, Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> inner = value(depth - 1);
        Arbitrary<String> names = Arbitraries.strings()
                .withCharRange('a', 'e')
                .withChars('A', '_', 'é')
                .ofMaxLength(3)
                .map(ColumnsCanonicalFormTest::quoted);
        Arbitrary<String> objects = Combinators.combine(names, inner)
                .as((k, v) -> k + ": " + v)
                .list()
                .ofMaxSize(6)
                .map(members -> "{" + String.join(", ", members) + "}");
        Arbitrary<String> arrays = inner.list().ofMaxSize(4).map(l -> "[" + String.join(", ", l) + "]");
        return Arbitraries.oneOf(scalars, objects, arrays);
    }

    /** A JSON string as PostgreSQL writes one: {@code "}, {@code \} and control characters escaped. */
    private static String quoted(String t) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : t.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
