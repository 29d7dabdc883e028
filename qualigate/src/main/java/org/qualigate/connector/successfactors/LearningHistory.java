package org.qualigate.connector.successfactors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.SourceRecord.CertificationFields;
import org.qualigate.text.Sha256;
import tools.jackson.databind.JsonNode;

/**
 * Translates one SuccessFactors Learning history record (the {@code learninghistorys} entity) of a user into a
 * {@link SourceRecord}. The record does not name its student, so the caller passes the user it asked about.
 *
 * <p>The learning record is {@code userId/componentTypeID/componentID/completionDate}: one completion of one
 * item by one user, stable when its status is changed later. Its version is {@code lastUpdateTimestamp} (when the
 * record itself last changed), else {@code revisionDate} (the item's revision), in epoch milliseconds. The key adds
 * the version and the status, so a re-pull is a duplicate and a changed record is not.
 *
 * <p>Fields the vendor adds are the vendor's business: they are kept in the raw record and counted with the pull, never
 * a reason to set a record aside. Drift is a field this mapping reads that is gone or has changed its type.
 */
final class LearningHistory {

    static final String CONTENT_TYPE = "application/json";

    /** The documented fields of a learning history record; others are either harmless or a sign of drift. */
    private static final Set<String> KNOWN = Set.of(
            "componentTypeID",
            "componentTypeDesc",
            "componentID",
            "componentKey",
            "componentLength",
            "revisionDate",
            "revisionNumber",
            "title",
            "description",
            "completionDate",
            "completionTimezoneID",
            "completionStatusID",
            "completionStatusDesc",
            "grade",
            "totalHours",
            "creditHours",
            "cpeHours",
            "contactHours",
            "instructorName",
            "comments",
            "certificateLink",
            "criteria",
            "sku",
            "scheduleID",
            "rating",
            "ratingSeq",
            "userRatingEnabled",
            "itemDetailsDeeplink",
            "printCertificate",
            "showInLearningHistory",
            "studentComponentID",
            "esigUserID",
            "esigUsername",
            "esigMeaningCode",
            "lastUpdateTimestamp",
            "status",
            "formattedRevisionDate",
            "ratingDate",
            "ratingPending",
            "lastCompletionDate",
            "provideCredit",
            "seqNum",
            "enableRating",
            "reviewContentAllowed",
            "onlineContentLink",
            "embeddableDeeplink");

    private static final Map<String, String> TYPE_NAMES = Map.of(
            "STRING", "a string",
            "NUMBER", "a number",
            "BOOLEAN", "a boolean",
            "OBJECT", "an object",
            "ARRAY", "an array",
            "NULL", "null");

    private LearningHistory() {}

    static SourceRecord read(String userId, JsonNode record, byte[] raw, CompletionStatuses statuses) {
        String fallbackKey = fallbackKey(userId, raw);
        if (!record.isObject()) {
            return SourceRecord.unreadable(
                    fallbackKey, raw, CONTENT_TYPE, "learninghistorys", "a record must be a JSON object");
        }
        Optional<SourceRecord> drifted = textsDrifted(record, fallbackKey, raw);
        if (drifted.isPresent()) {
            return drifted.get();
        }
        JsonNode title = record.get("title");
        DateField completion = date(record, "completionDate");
        if (completion.problem() != null) {
            return new SourceRecord(fallbackKey, raw, CONTENT_TYPE, null, completion.problem());
        }
        DateField revision = date(record, "revisionDate");
        if (revision.problem() != null) {
            return new SourceRecord(fallbackKey, raw, CONTENT_TYPE, null, revision.problem());
        }
        DateField updated = optionalDate(record, "lastUpdateTimestamp");
        if (updated.problem() != null) {
            return new SourceRecord(fallbackKey, raw, CONTENT_TYPE, null, updated.problem());
        }
        long version = updated.at() != null ? updated.millis() : revision.millis();
        String type = record.get("componentTypeID").asString().strip();
        String item = record.get("componentID").asString().strip();
        String status = record.get("completionStatusID").asString().strip();
        String sourceRecordId = userId + "/" + type + "/" + item + "/" + completion.millis();
        String key = sourceRecordId + "@" + version + "/" + status;
        String eventType = eventType(status, record.get("provideCredit"), statuses);
        if (eventType == null) {
            return SourceRecord.unreadable(
                    key,
                    raw,
                    CONTENT_TYPE,
                    "completionStatusID",
                    "completion status '" + status + "' is configured neither as giving credit nor as giving none"
                            + " (qualigate.successfactors.credit-statuses / no-credit-statuses), and the record has"
                            + " no provideCredit to tell");
        }
        return SourceRecord.read(
                key,
                raw,
                CONTENT_TYPE,
                new CertificationFields(
                        eventType,
                        userId,
                        item,
                        title == null || title.isNull() ? null : title.asString(),
                        null,
                        completion.instant().toString(),
                        null,
                        sourceRecordId,
                        version,
                        null,
                        null));
    }

    /** The record set aside as drifted when a text field it reads is gone or is not a string. */
    private static Optional<SourceRecord> textsDrifted(JsonNode record, String fallbackKey, byte[] raw) {
        for (String field : List.of("componentTypeID", "componentID", "completionStatusID")) {
            Optional<String> difference = expectText(record.get(field));
            if (difference.isPresent()) {
                return Optional.of(
                        SourceRecord.drifted(fallbackKey, raw, CONTENT_TYPE, field, field + ": " + difference.get()));
            }
        }
        JsonNode title = record.get("title");
        if (title != null && !title.isNull() && !title.isString()) {
            return Optional.of(SourceRecord.drifted(
                    fallbackKey, raw, CONTENT_TYPE, "title", "title: expected a string, got " + typeOf(title)));
        }
        return Optional.empty();
    }

    /** What a completion status means: credit given or taken away; null when neither the tenant nor the record says. */
    private static @Nullable String eventType(
            String status, @Nullable JsonNode provideCredit, CompletionStatuses statuses) {
        return switch (statuses.of(status)) {
            case CREDIT -> "certification.completed";
            case NO_CREDIT -> "certification.revoked";
            // a status the tenant's configuration does not name: the record's own provideCredit says what it means
            case UNKNOWN ->
                provideCredit != null && provideCredit.isBoolean()
                        ? provideCredit.asBoolean() ? "certification.completed" : "certification.revoked"
                        : null;
        };
    }

    /** The fields of a record this adapter neither reads nor knows as documented (recorded with the pull). */
    static List<String> unknownFields(JsonNode record) {
        if (!record.isObject()) {
            return List.of();
        }
        List<String> unknown = new java.util.ArrayList<>();
        for (String name : record.propertyNames()) {
            if (!name.startsWith("@") && !name.startsWith("__") && !KNOWN.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** A required date field: its instant, or why it has none. */
    private record DateField(@Nullable Instant at, SourceRecord.@Nullable Problem problem) {

        static DateField drifted(String field, String difference) {
            return new DateField(
                    null, new SourceRecord.Problem(SourceRecord.Problem.Kind.SCHEMA_DRIFT, field, difference));
        }

        static DateField malformed(String field, String reason) {
            return new DateField(null, new SourceRecord.Problem(SourceRecord.Problem.Kind.MALFORMED, field, reason));
        }

        Instant instant() {
            if (at == null) {
                throw new IllegalStateException("no instant: " + problem);
            }
            return at;
        }

        long millis() {
            return instant().toEpochMilli();
        }
    }

    /** A date field that may be absent or null (then it has no instant and no problem). */
    private static DateField optionalDate(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? new DateField(null, null) : date(record, field);
    }

    private static DateField date(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            return DateField.drifted(field, field + ": missing, expected epoch milliseconds");
        }
        if (!value.isNumber() && !value.isString()) {
            return DateField.drifted(field, field + ": expected epoch milliseconds, got " + typeOf(value));
        }
        Optional<Instant> at = ODataDate.of(value);
        if (at.isEmpty()) {
            return value.isNumber()
                    ? DateField.drifted(field, field + ": expected epoch milliseconds, got " + value)
                    : DateField.drifted(
                            field,
                            field + ": expected epoch milliseconds or /Date(ms)/, got '" + abbreviate(value.asString())
                                    + "'");
        }
        if (!ODataDate.plausible(at.get())) {
            return DateField.malformed(field, field + ": " + at.get() + " lies outside 1970-2200");
        }
        return new DateField(at.get(), null);
    }

    private static Optional<String> expectText(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.of("missing, expected a string");
        }
        if (!value.isString()) {
            return Optional.of("expected a string, got " + typeOf(value));
        }
        if (value.asString().isBlank()) {
            return Optional.of("expected a string, got an empty one");
        }
        return Optional.empty();
    }

    private static String typeOf(JsonNode value) {
        return TYPE_NAMES.getOrDefault(
                value.getNodeType().name(), value.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** A key for a record that cannot be read: the user and the payload's digest, so each repeat is a duplicate. */
    static String fallbackKey(String userId, byte[] raw) {
        return "learninghistory/" + userId + "/sha256:" + HexFormat.of().formatHex(Sha256.of(raw), 0, 12);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
