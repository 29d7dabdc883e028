package org.qualigate.access;

import java.io.StringWriter;
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
     * justified, and the text rendered beside its basis.
     */
    public record Row(String employeeId, RoleName role, String reportView) {}

    /** One requirement as the report reads it; {@code fields} is JSON text of properties, without braces. */
    public record Entry(
            String code, boolean inGrace, @Nullable Instant expiresAt, String fields) {}

    /** The part of one requirement's evidence the report prints. */
    record Printed(
            String code,
            boolean inGrace,
            Instant completedAt,
            @Nullable String completedOriginal,
            @Nullable Instant expiresAt,
            @Nullable String expiresOriginal,
            String evidence,
            String authority) {}

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
            site.dates(p.completedAt(), p.completedOriginal(), p.expiresAt(), p.expiresOriginal())
                    .fields((name, value) -> {
                        if (value != null) {
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
        if (text == null) {
            return null;
        }
        int end = text.indexOf(LINE);
        String renderedIn = end < 0 ? text : text.substring(0, end);
        if (!renderedIn.equals(zone.getId())) {
            return null;
        }
        List<Entry> out = new ArrayList<>(4);
        while (end >= 0) {
            int start = end + 1;
            end = text.indexOf(LINE, start);
            int stop = end < 0 ? text.length() : end;
            int code = text.indexOf(FIELD, start);
            int grace = code + 2;
            int expires = text.indexOf(FIELD, grace + 1);
            out.add(new Entry(
                    text.substring(start, code),
                    text.charAt(code + 1) == 'g',
                    expires == grace + 1 ? null : instant(text, grace + 1, expires),
                    text.substring(expires + 1, stop)));
        }
        return out;
    }

    private static Instant instant(String text, int from, int to) {
        int dot = text.indexOf('.', from);
        return Instant.ofEpochSecond(Long.parseLong(text, from, dot, 10), Integer.parseInt(text, dot + 1, to, 10));
    }
}
