package org.qualigate.sandbox.qms;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outbound event the QMS sends for a change of a quality record: a {@code type}, a {@code schemaVersion} and
 * the record's fields in plain names. Non-conformance events exist in two versions: version 1 is flat
 * ({@code material}, {@code batch}, {@code plant}, {@code severity} {@code Major}); version 2 groups the lot into
 * {@code lot: {material, batch, plant}} (null when the NC names no batch) and renames {@code severity} to
 * {@code classification} in upper case ({@code MAJOR}). Every other type is at version 1.
 */
public final class QualityEvents {

    public static final String SOURCE = "trackwise-digital";

    private final QualityRecords records;
    private final int ncSchemaVersion;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong ncEvents = new AtomicLong();

    /** @param ncSchemaVersion 1 or 2 for every non-conformance event, 0 to alternate between them */
    public QualityEvents(QualityRecords records, int ncSchemaVersion) {
        if (ncSchemaVersion < 0 || ncSchemaVersion > 2) {
            throw new IllegalArgumentException("the non-conformance schema version is 1, 2 or 0 (alternate)");
        }
        this.records = records;
        this.ncSchemaVersion = ncSchemaVersion;
    }

    /** The event for this change, if the change is one the QMS announces. */
    public Optional<Map<String, Object>> of(
            QualityObject object, @Nullable ObjectNode before, ObjectNode after, Instant at) {
        String status = after.path(QualityObject.STATUS).asString("");
        String was = before == null ? null : before.path(QualityObject.STATUS).asString("");
        boolean closedNow = status.startsWith("Closed") && (was == null || !was.startsWith("Closed"));
        return switch (object) {
            case NONCONFORMANCE ->
                status.equals("Draft")
                        ? Optional.empty()
                        : Optional.of(
                                nonconformance(kind("nonconformance", before, closedNow, "closed", was), after, at));
            case CAPA -> Optional.of(capa(kind("capa", before, closedNow, "closed", was), after, at));
            case RECALL ->
                Optional.of(recall(
                        kind(
                                "recall",
                                before,
                                closedNow,
                                status.equals("Closed - Canceled") ? "cancelled" : "closed",
                                was),
                        after,
                        at));
            case EQUIPMENT -> calibrationChanged(before, after) ? Optional.of(equipment(after, at)) : Optional.empty();
            case CAPA_COMMENT -> Optional.empty();
        };
    }

    private static String kind(
            String prefix, @Nullable ObjectNode before, boolean closedNow, String closed, @Nullable String was) {
        if (before == null || "Draft".equals(was)) {
            return prefix + ".opened";
        }
        return prefix + "." + (closedNow ? closed : "updated");
    }

    private Map<String, Object> nonconformance(String type, ObjectNode nc, Instant at) {
        int version = ncSchemaVersion != 0 ? ncSchemaVersion : (int) (ncEvents.getAndIncrement() % 2) + 1;
        Map<String, Object> body = header(type, version, nc, at);
        body.put("site", text(nc, QualityObject.SITE));
        String severity = text(nc, QualityObject.SEVERITY);
        if (version == 1) {
            body.put("material", text(nc, QualityObject.MATERIAL));
            body.put("batch", text(nc, QualityObject.BATCH));
            body.put("plant", text(nc, QualityObject.PLANT));
            body.put("severity", severity);
        } else {
            Map<String, Object> lot = new LinkedHashMap<>();
            lot.put("material", text(nc, QualityObject.MATERIAL));
            lot.put("batch", text(nc, QualityObject.BATCH));
            lot.put("plant", text(nc, QualityObject.PLANT));
            body.put("lot", text(nc, QualityObject.BATCH) == null ? null : lot);
            body.put("classification", severity == null ? null : severity.toUpperCase(Locale.ROOT));
        }
        body.put("status", text(nc, QualityObject.STATUS));
        body.put("disposition", text(nc, QualityObject.DISPOSITION));
        body.put("blockStock", nc.path(QualityObject.BLOCK_STOCK).asBoolean(false));
        body.put("equipment", text(nc, QualityObject.EQUIPMENT_REF));
        body.put("room", text(nc, QualityObject.ROOM));
        body.put("description", text(nc, QualityObject.DESCRIPTION));
        body.put("openedAt", instant(nc, QualityObject.OPENED));
        body.put("closedAt", instant(nc, QualityObject.CLOSED));
        return body;
    }

    private Map<String, Object> capa(String type, ObjectNode capa, Instant at) {
        Map<String, Object> body = header(type, 1, capa, at);
        body.put("site", text(capa, QualityObject.SITE));
        String nc = text(capa, QualityObject.NC_REF);
        body.put("nonconformanceId", nc);
        body.put(
                "nonconformanceName",
                nc == null
                        ? null
                        : records.get(QualityObject.NONCONFORMANCE, nc)
                                .map(r -> r.path("Name").asString())
                                .orElse(null));
        body.put("description", text(capa, QualityObject.DESCRIPTION));
        QualityRecords.QualityUser owner =
                records.user(capa.path(QualityObject.OWNER).asString("")).orElse(null);
        QualityRecords.QualityUser manager = owner == null || owner.managerId() == null
                ? null
                : records.user(owner.managerId()).orElse(null);
        body.put("ownerEmployeeId", owner == null ? null : owner.employeeId());
        body.put("ownerEmail", owner == null ? null : owner.email());
        body.put("managerEmployeeId", manager == null ? null : manager.employeeId());
        body.put("managerEmail", manager == null ? null : manager.email());
        body.put("dueDate", text(capa, QualityObject.DUE_DATE));
        body.put("status", text(capa, QualityObject.STATUS));
        body.put("escalationLevel", capa.path(QualityObject.ESCALATION).asInt(0));
        body.put("closedAt", instant(capa, QualityObject.CLOSED));
        return body;
    }

    private Map<String, Object> recall(String type, ObjectNode recall, Instant at) {
        Map<String, Object> body = header(type, 1, recall, at);
        body.put("site", text(recall, QualityObject.SITE));
        body.put("material", text(recall, QualityObject.MATERIAL));
        body.put("plant", text(recall, QualityObject.PLANT));
        body.put("firstBatch", text(recall, QualityObject.FIRST_BATCH));
        body.put("lastBatch", text(recall, QualityObject.LAST_BATCH));
        body.put("manufacturedFrom", text(recall, QualityObject.MADE_FROM));
        body.put("manufacturedTo", text(recall, QualityObject.MADE_TO));
        body.put("recallClass", text(recall, QualityObject.RECALL_CLASS));
        body.put("reason", text(recall, QualityObject.REASON));
        body.put("status", text(recall, QualityObject.STATUS));
        body.put("openedAt", instant(recall, QualityObject.OPENED));
        body.put("closedAt", instant(recall, QualityObject.CLOSED));
        return body;
    }

    private Map<String, Object> equipment(ObjectNode equipment, Instant at) {
        Map<String, Object> body = header("equipment.calibration-changed", 1, equipment, at);
        body.put("assetNumber", text(equipment, QualityObject.EXTERNAL_ID));
        body.put("site", text(equipment, QualityObject.SITE));
        body.put("line", text(equipment, QualityObject.LINE));
        body.put("calibrationStatus", text(equipment, QualityObject.CALIBRATION_STATUS));
        body.put("lastCalibrationDate", text(equipment, QualityObject.LAST_CALIBRATION));
        body.put("calibrationDueDate", text(equipment, QualityObject.CALIBRATION_DUE));
        return body;
    }

    private Map<String, Object> header(String type, int version, ObjectNode row, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("schemaVersion", version);
        body.put("eventId", "evt_" + String.format(Locale.ROOT, "%010d", sequence.incrementAndGet()));
        body.put("occurredAt", at.toString());
        body.put("source", SOURCE);
        body.put("recordId", row.path("Id").asString());
        body.put("recordName", row.path("Name").asString());
        body.put("lastModifiedAt", instant(row, "LastModifiedDate"));
        return body;
    }

    private static boolean calibrationChanged(@Nullable ObjectNode before, ObjectNode after) {
        if (before == null) {
            return false;
        }
        for (String field : new String[] {
            QualityObject.CALIBRATION_STATUS, QualityObject.LAST_CALIBRATION, QualityObject.CALIBRATION_DUE
        }) {
            if (!before.path(field).equals(after.path(field))) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable String text(JsonNode row, String field) {
        JsonNode node = row.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static @Nullable String instant(JsonNode row, String field) {
        String text = text(row, field);
        return text == null ? null : QualityRecords.instant(text).toString();
    }
}
