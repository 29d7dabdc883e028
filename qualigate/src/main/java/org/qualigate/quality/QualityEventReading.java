package org.qualigate.quality;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.NonconformanceRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a quality event's body says, read by its {@code type} and {@code schemaVersion} and checked against the JSON
 * Schema of that type and version ({@link QualityEventSchemas}). A non-conformance event is
 * read in version 1 (flat {@code material}, {@code batch}, {@code plant}, {@code severity}) or version 2 (one {@code
 * lot} object, {@code classification} in upper case) into one canonical record: version 1 is upcast. An unknown
 * version is never guessed at; an event of a type this service does not act on yet is kept as it came. A recall
 * must name material, plant and a batch range: without them there is nothing to act on, and it is kept for review.
 */
sealed interface QualityEventReading {

    /** A non-conformance, in canonical form. */
    record Nonconformance(String type, int schemaVersion, NonconformanceRecord record) implements QualityEventReading {}

    /** A CAPA, in canonical form. */
    record Capa(String type, int schemaVersion, CapaRecord record) implements QualityEventReading {}

    /** A recall, in canonical form. */
    record Recall(String type, int schemaVersion, RecallRecord record) implements QualityEventReading {}

    /** The QMS says an instrument's calibration changed: both systems are read again (decision 0064). */
    record Equipment(
            String type, int schemaVersion, @Nullable String site, String assetNumber) implements QualityEventReading {}

    /** Well-formed, but of a type (or a version) this service does not act on: kept for review with the reason. */
    record Kept(@Nullable String type, @Nullable Integer schemaVersion, String field, String reason)
            implements QualityEventReading {}

    /** Unusable: the field and the reason. */
    record Refused(@Nullable String type, @Nullable Integer schemaVersion, String field, String reason)
            implements QualityEventReading {}

    JsonMapper JSON = JsonMapper.builder().build();

    /** Reads a webhook body. */
    static QualityEventReading of(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new Refused(null, null, "body", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return new Refused(null, null, "body", "must be a JSON object");
        }
        String type = text(root, "type");
        if (type == null) {
            return new Refused(null, null, "type", "is required");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            return new Refused(type, null, "schemaVersion", "is required and must be an integer");
        }
        int v = version.asInt();
        QualityEventSchemas schemas = QualityEventSchemas.get();
        if (!schemas.knowsType(type)) {
            return new Kept(type, v, "type", "the event type " + type + " is unknown; kept for review");
        }
        if (!schemas.knows(type, v)) {
            return new Kept(
                    type,
                    v,
                    "schemaVersion",
                    "version " + v + " of " + type + " has no schema here; kept for review, not guessed at");
        }
        var violation = schemas.check(type, v, root);
        if (violation.isPresent()) {
            return new Refused(type, v, violation.get().field(), violation.get().reason());
        }
        if (type.startsWith("capa.")) {
            try {
                return new Capa(type, v, capa(root));
            } catch (FieldProblem p) {
                return new Refused(type, v, p.field, p.getMessage());
            }
        }
        if (type.startsWith("recall.")) {
            try {
                return new Recall(type, v, recall(root));
            } catch (FieldProblem p) {
                return new Refused(type, v, p.field, p.getMessage());
            }
        }
        if (!type.startsWith("nonconformance.")) {
            return other(type, v, root);
        }
        try {
            return new Nonconformance(type, v, nonconformance(root, v));
        } catch (FieldProblem p) {
            return new Refused(type, v, p.field, p.getMessage());
        }
    }

    /**
     * A CAPA or recall row pulled from the QMS ({@code capa.pulled}, {@code recall.pulled}), its fields in the plain
     * names of the event of its kind, read into the same canonical record a webhook's event is read into. A row is
     * not an event: it has no schema version and no JSON Schema; the checks of the record's own fields apply.
     */
    static QualityEventReading pulled(String type, JsonNode row) {
        try {
            return type.startsWith("capa.") ? new Capa(type, 0, capa(row)) : new Recall(type, 0, recall(row));
        } catch (FieldProblem p) {
            return new Refused(type, null, p.field, p.getMessage());
        }
    }

    /** An instrument's calibration change, or an event of a type this service does not act on. */
    private static QualityEventReading other(String type, int v, JsonNode root) {
        if (type.equals("equipment.calibration-changed")) {
            return new Equipment(
                    type, v, text(root, "site"), java.util.Objects.requireNonNull(text(root, "assetNumber")));
        }
        return new Kept(type, v, "type", "events of type " + type + " are not acted on yet; kept as received");
    }

    private static NonconformanceRecord nonconformance(JsonNode root, int version) throws FieldProblem {
        String recordId = required(root, "recordId");
        String name = required(root, "recordName");
        Instant modified = instant(root, "lastModifiedAt", true);
        String material;
        String plant;
        String batch;
        String severity;
        if (version == 1) {
            material = text(root, "material");
            plant = text(root, "plant");
            batch = text(root, "batch");
            severity = text(root, "severity");
        } else {
            JsonNode lot = root.get("lot");
            if (lot != null && !lot.isNull() && !lot.isObject()) {
                throw new FieldProblem("lot", "must be an object or null");
            }
            boolean none = lot == null || lot.isNull();
            material = none ? null : text(lot, "material");
            plant = none ? null : text(lot, "plant");
            batch = none ? null : text(lot, "batch");
            String classification = text(root, "classification");
            // version 2 says MAJOR where version 1 said Major: the canonical form is version 1's
            severity = classification == null
                    ? null
                    : classification.charAt(0) + classification.substring(1).toLowerCase(Locale.ROOT);
        }
        if ((material == null) != (batch == null) || (batch != null && plant == null)) {
            throw new FieldProblem(
                    version == 1 ? (material == null ? "material" : batch == null ? "batch" : "plant") : "lot",
                    "a lot needs material, plant and batch together");
        }
        if (batch != null && !Lot.valid(material, plant, batch)) {
            throw new FieldProblem(version == 1 ? "batch" : "lot", "material, plant or batch is not a valid ERP key");
        }
        JsonNode block = root.get("blockStock");
        if (block != null && !block.isNull() && !block.isBoolean()) {
            throw new FieldProblem("blockStock", "must be true or false");
        }
        return new NonconformanceRecord(
                recordId,
                name,
                modified,
                text(root, "site"),
                material,
                plant,
                batch,
                severity,
                required(root, "status"),
                text(root, "disposition"),
                block != null && block.asBoolean(false),
                instant(root, "openedAt", false),
                instant(root, "closedAt", false),
                text(root, "description"));
    }

    private static CapaRecord capa(JsonNode root) throws FieldProblem {
        String due = text(root, "dueDate");
        java.time.LocalDate dueDate;
        try {
            dueDate = due == null ? null : java.time.LocalDate.parse(due);
        } catch (DateTimeParseException e) {
            throw new FieldProblem("dueDate", "must be a date (yyyy-mm-dd), was " + due);
        }
        return new CapaRecord(
                required(root, "recordId"),
                required(root, "recordName"),
                instant(root, "lastModifiedAt", true),
                text(root, "site"),
                text(root, "nonconformanceName"),
                text(root, "description"),
                text(root, "ownerEmployeeId"),
                text(root, "ownerEmail"),
                text(root, "managerEmployeeId"),
                text(root, "managerEmail"),
                dueDate,
                required(root, "status"),
                instant(root, "closedAt", false));
    }

    private static RecallRecord recall(JsonNode root) throws FieldProblem {
        String material = required(root, "material");
        String plant = required(root, "plant");
        String first = required(root, "firstBatch");
        String last = required(root, "lastBatch");
        if (!Lot.valid(material, plant, first) || !Lot.valid(material, plant, last)) {
            throw new FieldProblem("firstBatch", "material, plant or batch range is not a valid ERP key");
        }
        if (RecallRecord.BATCH_ORDER.compare(first, last) > 0) {
            throw new FieldProblem("lastBatch", "must not come before firstBatch (" + first + ")");
        }
        return new RecallRecord(
                required(root, "recordId"),
                required(root, "recordName"),
                instant(root, "lastModifiedAt", true),
                text(root, "site"),
                material,
                plant,
                first,
                last,
                date(root, "manufacturedFrom"),
                date(root, "manufacturedTo"),
                text(root, "recallClass"),
                text(root, "reason"),
                required(root, "status"),
                instant(root, "openedAt", false),
                instant(root, "closedAt", false));
    }

    private static java.time.@Nullable LocalDate date(JsonNode node, String field) throws FieldProblem {
        String value = text(node, field);
        try {
            return value == null ? null : java.time.LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new FieldProblem(field, "must be a date (yyyy-mm-dd), was " + value);
        }
    }

    private static String required(JsonNode node, String field) throws FieldProblem {
        String value = text(node, field);
        if (value == null) {
            throw new FieldProblem(field, "is required");
        }
        return value;
    }

    private static @Nullable Instant instant(JsonNode node, String field, boolean required) throws FieldProblem {
        String value = text(node, field);
        if (value == null) {
            if (required) {
                throw new FieldProblem(field, "is required");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new FieldProblem(field, "must be an RFC 3339 date-time, was " + value);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null
                        || value.isNull()
                        || !value.isValueNode()
                        || value.asString("").isBlank()
                ? null
                : value.asString();
    }

    /** A field that is missing or malformed. */
    final class FieldProblem extends Exception {
        private final String field;

        FieldProblem(String field, String reason) {
            super(reason);
            this.field = field;
        }
    }
}
