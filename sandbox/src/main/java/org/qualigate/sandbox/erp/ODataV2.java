package org.qualigate.sandbox.erp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.http.Reply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of OData v2 JSON the S/4HANA simulator speaks: {@code {"d":…}} envelopes with {@code __metadata},
 * {@code /Date(ms)/} values, SAP Gateway's error body, and {@code $filter} with {@code eq}/{@code ne} joined by
 * {@code and}.
 */
final class ODataV2 {

    private static final Pattern DATE = Pattern.compile("^/Date\\((-?\\d+)([+-]\\d{4})?\\)/$");
    private static final Pattern CONDITION =
            Pattern.compile("(?i)^\\s*(\\w+)\\s+(eq|ne)\\s+(?:'((?:[^']|'')*)'|(\\S+))\\s*$");

    /** One {@code field eq 'value'} condition of a {@code $filter}. */
    record Condition(String field, boolean equal, String value) {

        boolean test(JsonNode row) {
            boolean same = value.equals(row.path(field).asString(""));
            return equal == same;
        }
    }

    private final JsonMapper json;

    ODataV2(JsonMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** {@code {"d": entity}}. */
    Reply entity(int status, ObjectNode entity) {
        ObjectNode root = json.createObjectNode();
        root.set("d", entity);
        return Reply.json(status, json.writeValueAsBytes(root));
    }

    /** {@code {"d": {"results": [...], "__count": "n", "__next": "…"}}}. */
    Reply collection(List<ObjectNode> rows, @Nullable Integer count, @Nullable String next) {
        ObjectNode d = json.createObjectNode();
        ArrayNode results = d.putArray("results");
        rows.forEach(results::add);
        if (count != null) {
            d.put("__count", Integer.toString(count));
        }
        if (next != null) {
            d.put("__next", next);
        }
        ObjectNode root = json.createObjectNode();
        root.set("d", d);
        return Reply.json(200, json.writeValueAsBytes(root));
    }

    /** SAP Gateway's error body: code, message with language, and the inner error's details. */
    Reply error(int status, String code, String message, String serviceId) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        ObjectNode text = error.putObject("message");
        text.put("lang", "en");
        text.put("value", message);
        ObjectNode inner = error.putObject("innererror");
        ObjectNode application = inner.putObject("application");
        application.put("component_id", "MM-IM-GF");
        application.put("service_namespace", "/SAP/");
        application.put("service_id", serviceId);
        application.put("service_version", "0001");
        inner.put(
                "transactionid",
                Long.toHexString(Double.doubleToLongBits(Math.random())).toUpperCase(Locale.ROOT));
        ArrayNode details = inner.putArray("errordetails");
        ObjectNode detail = details.addObject();
        detail.put("code", code);
        detail.put("message", message);
        detail.put("propertyref", "");
        detail.put("severity", "error");
        detail.put("target", "");
        return Reply.json(status, json.writeValueAsBytes(root));
    }

    static String date(Instant instant) {
        return "/Date(" + instant.toEpochMilli() + ")/";
    }

    /** A posting or document date: {@code /Date(ms)/}, {@code 2026-11-20T00:00:00} or {@code 2026-11-20}. */
    static LocalDate parseDate(String text) {
        Matcher m = DATE.matcher(text.trim());
        if (m.matches()) {
            return LocalDate.ofInstant(Instant.ofEpochMilli(Long.parseLong(m.group(1))), ZoneOffset.UTC);
        }
        try {
            return text.length() == 10
                    ? LocalDate.parse(text)
                    : LocalDateTime.parse(text).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid value for a date: " + text);
        }
    }

    /** The conditions of a {@code $filter}; an empty or absent filter is no condition. */
    static List<Condition> filter(@Nullable String text) {
        List<Condition> conditions = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return conditions;
        }
        for (String part : text.split("(?i)\\s+and\\s+")) {
            Matcher m = CONDITION.matcher(part.replaceAll("^\\(+|\\)+$", ""));
            if (!m.matches()) {
                throw new IllegalArgumentException("Invalid filter expression: " + part.trim());
            }
            String value = m.group(3) != null ? m.group(3).replace("''", "'") : m.group(4);
            conditions.add(new Condition(m.group(1), m.group(2).equalsIgnoreCase("eq"), value));
        }
        return conditions;
    }

    static boolean matches(List<Condition> conditions, JsonNode row) {
        return conditions.stream().allMatch(c -> c.test(row));
    }
}
