package org.qualigate.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.qualigate.report.ComplianceReport.Line;
import org.qualigate.report.ComplianceReport.Requirement;
import org.qualigate.report.ComplianceReport.Unjustified;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * One chunk of the compliance report's people as the JSON array's elements, comma-separated, in UTF-8: the array
 * {@code [...]} without its brackets. Written straight into a byte array, the bytes a generator with the caller's
 * settings writes for the same lines ({@link ComplianceReportJson#writeLine}) without a generator's bookkeeping per
 * value: at 100,000 people the answer is 136 MB, and the generator's per-character work was most of encoding it. A
 * string that needs an escape (a quote, a backslash, a control character, a surrogate) is handed to a generator made
 * from the caller's settings, so it is escaped exactly as by the caller; and the direct writer is used only if the
 * caller's generator writes a probe of what it writes directly byte for byte as it does ({@link #encoder}), otherwise
 * every chunk is written by such a generator.
 */
final class ChunkJson extends ByteArrayOutputStream {

    // about 1.4 KB a person in a report of a site's roles (136 MB for 100,000 people)
    private static final int PER_PERSON = 1536;
    private static final byte[] EMPLOYEE_ID = ascii("{\"employeeId\":");
    private static final byte[] NAME = ascii(",\"name\":");
    private static final byte[] JOB_TITLE = ascii(",\"jobTitle\":");
    private static final byte[] MEASURED_AGAINST = ascii(",\"measuredAgainst\":{\"kind\":");
    private static final byte[] DESCRIPTION = ascii(",\"description\":");
    private static final byte[] ROLES_REQUIRED = ascii("},\"rolesRequired\":[");
    private static final byte[] QUALIFICATIONS = ascii("],\"qualifications\":[");
    private static final byte[] CODE = ascii("{\"code\":");
    /** Each state's property as written, by ordinal: {@code ,"state":"valid"} (the labels need no escapes). */
    private static final byte[][] STATES = states();

    private static final byte[] REQUIRED_BY = ascii(",\"requiredBy\":[");
    private static final byte[] DETAIL = ascii("],\"detail\":");
    private static final byte[] ROLES_JUSTIFIED = ascii("],\"rolesJustified\":[");
    private static final byte[] ACCESS_WITHOUT_BASIS = ascii("],\"accessWithoutBasis\":[");
    private static final byte[] TARGET = ascii("{\"target\":");
    private static final byte[] ROLE = ascii(",\"role\":");
    private static final byte[] KIND = ascii(",\"kind\":");

    /** The caller's settings, for a string that needs escapes. */
    private final @Nullable ObjectWriteContext escapes;

    private char[] chars = new char[256];

    /**
     * Values the lines of a chunk share (a job's description, and a job of the training matrix's required roles, worked
     * out once per chunk), by identity, as written once.
     */
    private final java.util.IdentityHashMap<Object, byte[]> shared = new java.util.IdentityHashMap<>();

    private ChunkJson(int size, @Nullable ObjectWriteContext escapes) {
        super(size);
        this.escapes = escapes;
    }

    /**
     * How each chunk is encoded for the caller's generator {@code g}: directly, if a generator from its settings writes
     * what the direct writer writes (no pretty printer, no escapes beyond JSON's own, UTF-8 as it is), else with such
     * a generator.
     */
    static Function<List<Line>, ChunkJson> encoder(JsonGenerator g) {
        ObjectWriteContext settings = g.objectWriteContext();
        return writesAsDirect(settings) ? chunk -> direct(chunk, settings) : chunk -> withGenerator(chunk, settings);
    }

    /** Whether a generator of these settings writes a line with every kind of value as the direct writer does. */
    static boolean writesAsDirect(ObjectWriteContext settings) {
        Line probe = new Line(
                "E/1",
                "Zoë Ünal € \u007f /x",
                "Lead \"Q\" \\ \t",
                new ComplianceReport.Basis(ComplianceReport.Basis.MATRIX, "job 'Lead' at BSL"),
                List.of("BSL.PACK-3.LEAD"),
                List.of(
                        Requirement.printed(
                                "GMP-BASIC",
                                ComplianceReport.State.VALID,
                                null,
                                "BSL.PACK-3.LEAD",
                                "\"evidence\":\"hris:TR-1/1:1\",\"authority\":\"Zürich QA\""),
                        new Requirement(
                                "LC",
                                ComplianceReport.State.MISSING,
                                null,
                                "e",
                                "a",
                                List.of("R1", "R2"),
                                "no record",
                                null,
                                null)),
                List.of("BSL.PACK-3.LEAD"),
                List.of(new Unjustified("mes", "BSL.PACK-3.OPERATOR", "none")));
        List<Line> lines = List.of(probe, probe);
        return java.util.Arrays.equals(
                withGenerator(lines, settings).toByteArray(),
                direct(lines, settings).toByteArray());
    }

    /** The chunk written by a generator from the caller's settings. */
    static ChunkJson withGenerator(List<Line> chunk, ObjectWriteContext settings) {
        ChunkJson bytes = new ChunkJson(16 + chunk.size() * PER_PERSON, null);
        try (JsonGenerator c = settings.createGenerator(bytes)) {
            c.writeStartArray();
            for (Line line : chunk) {
                ComplianceReportJson.writeLine(c, line);
            }
            c.writeEndArray();
        }
        // the array's brackets are not the chunk's
        System.arraycopy(bytes.buf, 1, bytes.buf, 0, Math.max(0, bytes.count - 2));
        bytes.count = Math.max(0, bytes.count - 2);
        return bytes;
    }

    /** The chunk written directly. */
    static ChunkJson direct(List<Line> chunk, ObjectWriteContext escapes) {
        ChunkJson out = new ChunkJson(16 + chunk.size() * PER_PERSON, escapes);
        for (int i = 0; i < chunk.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.line(chunk.get(i));
        }
        return out;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The chunk's bytes to the answer's stream, or as characters past {@code g} when it writes characters. */
    void writeTo(JsonGenerator g, Object target) {
        if (target instanceof OutputStream out) {
            try {
                out.write(buf, 0, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            g.writeRaw(new String(buf, 0, count, StandardCharsets.UTF_8));
            g.flush();
        }
    }

    private void line(Line line) {
        bytes(EMPLOYEE_ID);
        string(line.employeeId());
        bytes(NAME);
        string(line.name());
        if (line.jobTitle() != null) {
            bytes(JOB_TITLE);
            string(line.jobTitle());
        }
        bytes(MEASURED_AGAINST);
        string(line.measuredAgainst().kind());
        bytes(DESCRIPTION);
        String description = line.measuredAgainst().description();
        if (!copied(description)) {
            int from = count;
            string(description);
            keep(description, from);
        }
        bytes(ROLES_REQUIRED);
        List<String> required = line.rolesRequired();
        // the people of a job of the training matrix share its list of roles; one measured against the roles held has
        // a list of their own
        if (!line.measuredAgainst().kind().equals(ComplianceReport.Basis.MATRIX)) {
            strings(required);
        } else if (!copied(required)) {
            int from = count;
            strings(required);
            keep(required, from);
        }
        bytes(QUALIFICATIONS);
        List<Requirement> qualifications = line.qualifications();
        for (int i = 0; i < qualifications.size(); i++) {
            if (i > 0) {
                write(',');
            }
            requirement(qualifications.get(i));
        }
        bytes(ROLES_JUSTIFIED);
        strings(line.rolesJustified());
        bytes(ACCESS_WITHOUT_BASIS);
        List<Unjustified> without = line.accessWithoutBasis();
        for (int i = 0; i < without.size(); i++) {
            Unjustified u = without.get(i);
            if (i > 0) {
                write(',');
            }
            bytes(TARGET);
            string(u.target());
            bytes(ROLE);
            string(u.role());
            bytes(KIND);
            string(u.kind());
            write('}');
        }
        write(']');
        write('}');
    }

    /** Whether this value (by identity) was written before in this chunk; if so, its bytes are written again. */
    private boolean copied(Object value) {
        byte[] written = shared.get(value);
        if (written == null) {
            return false;
        }
        bytes(written);
        return true;
    }

    /** Keeps what was written of the value since {@code from}, to copy when the value comes again. */
    private void keep(Object value, int from) {
        shared.put(value, java.util.Arrays.copyOfRange(buf, from, count));
    }

    private void requirement(Requirement r) {
        bytes(CODE);
        string(r.code());
        bytes(STATES[r.state().ordinal()]);
        if (r.printed() != null) {
            // the dates, evidence and authority as the planner rendered them (decision 0049)
            write(',');
            bytes(r.printed());
        } else {
            if (r.dates() != null) {
                r.dates().fields(this::property);
            }
            property("evidence", r.evidence());
            property("authority", r.authority());
        }
        bytes(REQUIRED_BY);
        strings(r.requiredBy());
        if (r.detail() != null) {
            bytes(DETAIL);
            string(r.detail());
            write('}');
        } else {
            write(']');
            write('}');
        }
    }

    private void property(String name, @Nullable String value) {
        if (value != null) {
            write(',');
            string(name);
            write(':');
            string(value);
        }
    }

    private void strings(List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                write(',');
            }
            string(values.get(i));
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, count, b.length);
        count += b.length;
    }

    /** A JSON string; one that needs an escape is written by a generator of the caller's settings. */
    private void string(String s) {
        int n = s.length();
        char[] c = charsOf(s, n);
        ensure(n * 3 + 2);
        byte[] b = buf;
        int at = count;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                if (ch < 0x20 || ch == '"' || ch == '\\') {
                    escaped(s);
                    return;
                }
                b[at++] = (byte) ch;
            } else if (Character.isSurrogate(ch)) {
                escaped(s);
                return;
            } else {
                at = multiByte(b, at, ch);
            }
        }
        b[at++] = '"';
        count = at;
    }

    /**
     * Text the planner rendered, copied as its UTF-8 bytes: what a generator writes of it as raw text, since the
     * database holds only well-formed UTF-8 (a generator would refuse the one thing a copy would not, a broken
     * surrogate pair in a Java string, which no text read from the database can hold).
     */
    private void bytes(ComplianceReport.Printed p) {
        int n = p.to() - p.from();
        ensure(n);
        System.arraycopy(p.text(), p.from(), buf, count, n);
        count += n;
    }

    private static int multiByte(byte[] b, int at, char ch) {
        if (ch < 0x800) {
            b[at] = (byte) (0xC0 | (ch >> 6));
            b[at + 1] = (byte) (0x80 | (ch & 0x3F));
            return at + 2;
        }
        b[at] = (byte) (0xE0 | (ch >> 12));
        b[at + 1] = (byte) (0x80 | ((ch >> 6) & 0x3F));
        b[at + 2] = (byte) (0x80 | (ch & 0x3F));
        return at + 3;
    }

    /** The string as a generator of the caller's settings writes it, after what is written so far. */
    private void escaped(String s) {
        if (escapes == null) {
            throw new IllegalStateException("a chunk written by a generator writes no string itself");
        }
        ByteArrayOutputStream scratch = new ByteArrayOutputStream(s.length() * 6 + 2);
        try (JsonGenerator g = escapes.createGenerator(scratch)) {
            g.writeString(s);
        }
        bytes(scratch.toByteArray());
    }

    private char[] charsOf(String s, int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        s.getChars(0, n, chars, 0);
        return chars;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(count + more, buf.length * 2));
        }
    }

    private static byte[][] states() {
        ComplianceReport.State[] states = ComplianceReport.State.values();
        byte[][] out = new byte[states.length][];
        for (ComplianceReport.State s : states) {
            out[s.ordinal()] = ascii(",\"state\":\"" + s.label() + "\"");
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
