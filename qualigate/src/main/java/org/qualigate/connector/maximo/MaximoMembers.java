package org.qualigate.connector.maximo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.connector.EquipmentCalibrations.Row;
import org.qualigate.connector.EquipmentCalibrations.Status;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Maximo's collection pages and members in either JSON form: lean ({@code member}, plain attribute names,
 * {@code responseInfo.nextPage.href}) or namespaced ({@code rdfs:member}, {@code spi:} attributes, {@code
 * oslc:responseInfo} with {@code oslc:nextPage.rdf:resource}). Nulls are usually left out by the server, so every
 * attribute but the asset number, the site and the status may be missing.
 */
final class MaximoMembers {

    /** Asset statuses and the state they mean for calibration; any other status is kept for review. */
    static final Map<String, Status> STATUSES = Map.of(
            "OPERATING", Status.CALIBRATED,
            "ACTIVE", Status.CALIBRATED,
            "BROKEN", Status.OUT_OF_TOLERANCE,
            "NOT READY", Status.OUT_OF_SERVICE,
            "DECOMMISSIONED", Status.OUT_OF_SERVICE);

    private final JsonMapper json;

    MaximoMembers(JsonMapper json) {
        this.json = json;
    }

    /** The members of a page, whichever form it came in. */
    static Iterable<JsonNode> members(JsonNode page) {
        JsonNode lean = page.get("member");
        return (lean != null ? lean : page.path("rdfs:member")).values();
    }

    /** The next page's link, or null on the last page. */
    static @Nullable String next(JsonNode page) {
        JsonNode info = page.has("responseInfo") ? page.get("responseInfo") : page.path("oslc:responseInfo");
        JsonNode next = info.has("nextPage") ? info.get("nextPage") : info.path("oslc:nextPage");
        String href = next.has("href")
                ? next.get("href").asString("")
                : next.path("rdf:resource").asString("");
        return href.isBlank() ? null : href;
    }

    /** A member with plain attribute names ({@code spi:} dropped, {@code rdf:about} read as {@code href}). */
    ObjectNode plain(JsonNode member) {
        ObjectNode out = json.createObjectNode();
        for (Map.Entry<String, JsonNode> e : member.properties()) {
            String name = e.getKey();
            if (name.equals("rdf:about")) {
                name = "href";
            } else if (name.startsWith("spi:")) {
                name = name.substring(4);
            }
            out.set(name.toLowerCase(Locale.ROOT), e.getValue());
        }
        return out;
    }

    /** One member as a calibration, or the field that makes it unusable and why. */
    Row row(JsonNode member) {
        byte[] raw = json.writeValueAsBytes(member);
        if (!member.isObject()) {
            return Row.unreadable("", raw, "member", "a member is not a JSON object");
        }
        ObjectNode m = plain(member);
        String assetnum = text(m, "assetnum");
        String key = assetnum == null ? text(m, "href", "") : assetnum;
        if (assetnum == null) {
            return Row.unreadable(key, raw, "assetnum", "the asset has no asset number");
        }
        String site = text(m, "siteid");
        if (site == null) {
            return Row.unreadable(key, raw, "siteid", "the asset has no site");
        }
        String href = text(m, "href");
        if (href == null) {
            return Row.unreadable(key, raw, "href", "the asset has no href to correct it by");
        }
        String status = text(m, "status");
        if (status == null) {
            return Row.unreadable(key, raw, "status", "the asset has no status");
        }
        Status state = STATUSES.get(status.toUpperCase(Locale.ROOT));
        if (state == null) {
            return Row.unreadable(key, raw, "status", "unknown asset status " + status);
        }
        String result = text(m, "qgcalresult");
        if (result != null && !result.equalsIgnoreCase("PASS") && !result.equalsIgnoreCase("FAIL")) {
            return Row.unreadable(key, raw, "qgcalresult", "unknown calibration result " + result);
        }
        if (state == Status.CALIBRATED && "FAIL".equalsIgnoreCase(result)) {
            state = Status.OUT_OF_TOLERANCE;
        }
        String field = "pluscduedate";
        try {
            LocalDate due = date(text(m, field));
            field = "qglastcaldate";
            LocalDate last = date(text(m, field));
            String words =
                    status.toUpperCase(Locale.ROOT) + (result == null ? "" : "/" + result.toUpperCase(Locale.ROOT));
            return Row.readable(key, raw, new Calibration(assetnum, site, state, due, last, words, href));
        } catch (DateTimeParseException e) {
            return Row.unreadable(key, raw, field, "not a date: " + text(m, field));
        }
    }

    /**
     * A Maximo date-time ({@code 2026-12-01T00:00:00+01:00}) as the calendar date it states, or a plain date; the
     * offset is the server's zone, and the date as written is what the planner entered.
     */
    static @Nullable LocalDate date(@Nullable String text) {
        if (text == null) {
            return null;
        }
        return text.length() == 10
                ? LocalDate.parse(text)
                : OffsetDateTime.parse(text).toLocalDate();
    }

    private static @Nullable String text(JsonNode m, String name) {
        JsonNode v = m.get(name);
        return v == null || v.isNull() || v.isContainer() || v.asString("").isBlank()
                ? null
                : v.asString().trim();
    }

    private static String text(JsonNode m, String name, String fallback) {
        String v = text(m, name);
        return v == null ? fallback : v;
    }
}
