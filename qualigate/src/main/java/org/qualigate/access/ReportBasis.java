package org.qualigate.access;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.RoleName;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the compliance report prints for each requirement of a projection row's basis, rendered once by the planner
 * beside the basis (decision 0049): the requirement's code, whether the evidence was in grace, when it expires (the
 * report's state depends on the instant asked about, so it is worked out when reading), and the JSON text of the
 * record's dates at the site, evidence and authority, which the report copies verbatim. A report of 100,000 people
 * reads some 200,000 rows; reading the basis's JSON and stating each record's dates at the site again for each was
 * most of its time.
 *
 * <p>The text is a function of the basis and the site's zone, written in the transaction that writes the row, and a
 * rebuild regenerates and compares it with the rest of the row. It names the zone it was rendered in: a report at a
 * site whose zone has since changed states the dates again rather than copy them.
 */
public final class ReportBasis {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final char FIELD = '\t';
    private static final char LINE = '\n';

    /**
     * A projection row as the compliance report's JSON reads it: the person's employee ID, the role the rules
     * justified, and the text rendered beside its basis as the database sent it, in UTF-8 (the JSON copies it as
     * bytes: at 100,000 people some 145 MB, which decoded to characters and encoded again cost as much as the rest).
     */
    public record Row(String employeeId, RoleName role, byte[] reportView) {}

    /**
     * One requirement as the report reads it; {@code fields} is JSON text of properties, without braces: the UTF-8
     * bytes {@code [from, to)} of {@code text}.
     */
    public record Entry(
            String code, boolean inGrace, @Nullable Instant expiresAt, byte[] text, int from, int to) {

        /** The JSON text of properties, without braces. */
        public String fields() {
            return new String(text, from, to - from, StandardCharsets.UTF_8);
        }
    }

    /**
     * The part of one requirement's evidence the report prints; {@code instrument} is the asset number when the
     * requirement is an instrument's calibration (decision 0077), which has no completion to print.
     */
    record Printed(
            String code,
            boolean inGrace,
            Instant completedAt,
            @Nullable String completedOriginal,
            @Nullable Instant expiresAt,
            @Nullable String expiresOriginal,
            String evidence,
            String authority,
            @Nullable String instrument) {

        /** The authority of an instrument's calibration: the state both systems agreed, or QA's resolution. */
        static final String CALIBRATION = "AGREED_CALIBRATION";

        Printed(
                String code,
                boolean inGrace,
                Instant completedAt,
                @Nullable String completedOriginal,
                @Nullable Instant expiresAt,
                @Nullable String expiresOriginal,
                String evidence,
                String authority) {
            this(code, inGrace, completedAt, completedOriginal, expiresAt, expiresOriginal, evidence, authority, null);
        }

        /** An instrument's calibration: calibrated through the end of its due day ({@code dueEnd}) or with no due date. */
        static Printed instrument(String code, String asset, @Nullable Instant dueEnd, String evidence) {
            return new Printed(code, false, Instant.EPOCH, null, dueEnd, null, evidence, CALIBRATION, asset);
        }
    }

    private ReportBasis() {}

    /** The text stored beside a basis: the zone on the first line, then one line per requirement. */
    static String render(List<Printed> requirements, ZoneId zone) {
        SiteTime site = new SiteTime(zone);
        StringBuilder out = new StringBuilder(zone.getId());
        for (Printed p : requirements) {
            out.append(LINE)
                    .append(p.code())
                    .append(FIELD)
                    .append(p.inGrace() ? 'g' : '-')
                    .append(FIELD);
            if (p.expiresAt() != null) {
                out.append(p.expiresAt().getEpochSecond())
                        .append('.')
                        .append(p.expiresAt().getNano());
            }
            out.append(FIELD).append(fields(site, p));
        }
        return out.toString();
    }

    /** The properties the report prints between a requirement's state and the roles requiring it, as JSON text. */
    private static String fields(SiteTime site, Printed p) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            if (p.instrument() != null) {
                g.writeStringProperty("instrument", p.instrument());
            }
            site.dates(p.completedAt(), p.completedOriginal(), p.expiresAt(), p.expiresOriginal())
                    .fields((name, value) -> {
                        // an instrument has no completion: its calibration is met from the state agreed
                        if (value != null && (p.instrument() == null || !name.startsWith("completed"))) {
                            g.writeStringProperty(name, value);
                        }
                    });
            g.writeStringProperty("evidence", p.evidence());
            g.writeStringProperty("authority", p.authority());
            g.writeEndObject();
        }
        String object = text.toString();
        return object.substring(1, object.length() - 1);
    }

    /**
     * The requirements of a stored text, or null when there is none or it was rendered in another zone than
     * {@code zone} (the caller then states the dates from the basis).
     */
    public static @Nullable List<Entry> read(@Nullable String text, ZoneId zone) {
        return text == null ? null : read(text.getBytes(StandardCharsets.UTF_8), zone);
    }

    /** {@link #read(String, ZoneId)} of the text's UTF-8 bytes (its separators, zone and instants are ASCII). */
    public static @Nullable List<Entry> read(byte @Nullable [] text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        int end = indexOf(text, LINE, 0, text.length);
        if (!renderedIn(text, end < 0 ? text.length : end, zone.getId())) {
            return null;
        }
        List<Entry> out = new ArrayList<>(4);
        while (end >= 0) {
            int start = end + 1;
            end = indexOf(text, LINE, start, text.length);
            int stop = end < 0 ? text.length : end;
            int code = indexOf(text, FIELD, start, stop);
            int grace = code + 2;
            int expires = indexOf(text, FIELD, grace + 1, stop);
            out.add(new Entry(
                    new String(text, start, code - start, StandardCharsets.UTF_8),
                    text[code + 1] == 'g',
                    expires == grace + 1 ? null : instant(text, grace + 1, expires),
                    text,
                    expires + 1,
                    stop));
        }
        return out;
    }

    private static boolean renderedIn(byte[] text, int end, String zone) {
        if (end != zone.length()) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            if (text[i] != zone.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Seconds and nanoseconds since the epoch, as {@link #render} writes them: {@code 1741564800.0}. */
    private static Instant instant(byte[] text, int from, int to) {
        long seconds = 0;
        boolean negative = text[from] == '-';
        int i = negative ? from + 1 : from;
        for (; text[i] != '.'; i++) {
            seconds = seconds * 10 + (text[i] - '0');
        }
        int nanos = 0;
        for (i++; i < to; i++) {
            nanos = nanos * 10 + (text[i] - '0');
        }
        return Instant.ofEpochSecond(negative ? -seconds : seconds, nanos);
    }
}
