package org.qualigate.sandbox.qms;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The quality records of the TrackWise Digital-style QMS: every row a Salesforce record with its system fields and
 * JSON null for an empty field. Writes from clients (the REST API) and from the QMS's own users (the demo feed,
 * tests) pass the same checks; only the latter tell the listener, which sends the outbound events.
 */
public final class QualityRecords {

    /** Told of every change the QMS's own users make (not of changes clients make through the API). */
    @FunctionalInterface
    public interface Listener {
        void changed(QualityObject object, @Nullable ObjectNode before, ObjectNode after);
    }

    /** A QMS user who can own a CAPA, with their manager (a user id) for escalations. */
    public record QualityUser(
            String id,
            String name,
            String email,
            String employeeId,
            @Nullable String managerId) {}

    private final Clock clock;
    private final JsonMapper json;
    private final Map<QualityObject, Map<String, ObjectNode>> rows = new EnumMap<>(QualityObject.class);
    private final Map<String, QualityUser> users = new LinkedHashMap<>();
    private Listener listener = (o, b, a) -> {};
    private long nextId = 1;
    private long nextName = 1;

    public QualityRecords(Clock clock, JsonMapper json) {
        this.clock = clock;
        this.json = json;
        for (QualityObject o : QualityObject.values()) {
            rows.put(o, new LinkedHashMap<>());
        }
    }

    public synchronized void listener(Listener listener) {
        this.listener = listener;
    }

    /** Adds a user by employee id (kept if present); the manager, when given, must have been added first. */
    public synchronized QualityUser addUser(
            String employeeId, String name, String email, @Nullable String managerEmployeeId) {
        QualityUser existing = userByEmployee(employeeId).orElse(null);
        if (existing != null) {
            return existing;
        }
        String manager = managerEmployeeId == null
                ? null
                : userByEmployee(managerEmployeeId).map(QualityUser::id).orElse(null);
        QualityUser user = new QualityUser(
                "005" + String.format(Locale.ROOT, "%012d", nextId++), name, email, employeeId, manager);
        users.put(user.id(), user);
        return user;
    }

    public synchronized Optional<QualityUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    public synchronized Optional<QualityUser> userByEmployee(String employeeId) {
        return users.values().stream()
                .filter(u -> u.employeeId().equals(employeeId))
                .findFirst();
    }

    /** Creates a record as a QMS user would, and tells the listener. */
    public synchronized ObjectNode create(QualityObject object, ObjectNode fields) throws QualityRefusal {
        ObjectNode row = write(object, null, fields);
        listener.changed(object, null, row.deepCopy());
        return row.deepCopy();
    }

    /** Changes a record as a QMS user would, and tells the listener. */
    public synchronized ObjectNode update(QualityObject object, String id, ObjectNode fields) throws QualityRefusal {
        ObjectNode before = require(object, id);
        ObjectNode row = write(object, before, fields);
        listener.changed(object, before, row.deepCopy());
        return row.deepCopy();
    }

    public synchronized Optional<ObjectNode> get(QualityObject object, String id) {
        return Optional.ofNullable(rows.get(object).get(id)).map(ObjectNode::deepCopy);
    }

    public synchronized Optional<ObjectNode> byName(QualityObject object, String name) {
        return rows.get(object).values().stream()
                .filter(r -> name.equals(r.path("Name").asString(null)))
                .findFirst()
                .map(ObjectNode::deepCopy);
    }

    public synchronized List<ObjectNode> all(QualityObject object) {
        return rows.get(object).values().stream().map(ObjectNode::deepCopy).toList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // For the REST API: the same checks, no listener

    /** Creates a record for a client. */
    synchronized ObjectNode insert(QualityObject object, ObjectNode fields) throws QualityRefusal {
        return write(object, null, fields).deepCopy();
    }

    /** Updates a record for a client. */
    synchronized ObjectNode patch(QualityObject object, String id, ObjectNode fields) throws QualityRefusal {
        return write(object, require(object, id), fields).deepCopy();
    }

    synchronized Optional<ObjectNode> byExternalId(QualityObject object, String externalId) {
        return rows.get(object).values().stream()
                .filter(r -> externalId.equals(r.path(QualityObject.EXTERNAL_ID).asString(null)))
                .findFirst()
                .map(ObjectNode::deepCopy);
    }

    // ---------------------------------------------------------------------------------------------------------

    private ObjectNode require(QualityObject object, String id) throws QualityRefusal {
        ObjectNode row = rows.get(object).get(id);
        if (row == null) {
            throw new QualityRefusal(404, "NOT_FOUND", "The requested resource does not exist", List.of());
        }
        return row.deepCopy();
    }

    private ObjectNode write(QualityObject object, @Nullable ObjectNode existing, ObjectNode fields)
            throws QualityRefusal {
        Map<String, QualityObject.Field> schema = object.fields();
        ObjectNode row = existing != null ? existing.deepCopy() : blank(object, schema);
        for (String name : fields.propertyNames()) {
            if (QualityObject.systemFields().contains(name)) {
                throw new QualityRefusal(
                        "INVALID_FIELD_FOR_INSERT_UPDATE",
                        "Unable to create/update fields: " + name
                                + ". Please check the security settings of this field and"
                                + " verify that it is read/write for your profile or permission set.",
                        name);
            }
            QualityObject.Field field = schema.get(name);
            if (field == null) {
                throw new QualityRefusal(
                        "INVALID_FIELD", "No such column '" + name + "' on sobject of type " + object.apiName(), name);
            }
            row.set(name, value(field, fields.get(name)));
        }
        if (existing == null) {
            defaults(object, row);
        }
        for (QualityObject.Field field : schema.values()) {
            if (field.required() && row.path(field.name()).isNull()) {
                throw new QualityRefusal(
                        "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + field.name() + "]", field.name());
            }
        }
        String externalId = row.path(QualityObject.EXTERNAL_ID).asString(null);
        String id = row.path("Id").asString();
        if (externalId != null
                && rows.get(object).values().stream()
                        .anyMatch(r -> externalId.equals(
                                        r.path(QualityObject.EXTERNAL_ID).asString(null))
                                && !r.path("Id").asString().equals(id))) {
            throw new QualityRefusal(
                    "DUPLICATE_VALUE",
                    "duplicate value found: " + QualityObject.EXTERNAL_ID + " duplicates value on record with id: "
                            + id,
                    QualityObject.EXTERNAL_ID);
        }
        String now = Soql.DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
        row.put("LastModifiedDate", now);
        row.put("SystemModstamp", now);
        rows.get(object).put(id, row);
        return row;
    }

    private ObjectNode blank(QualityObject object, Map<String, QualityObject.Field> schema) {
        ObjectNode row = json.createObjectNode();
        row.put("Id", object.idPrefix() + String.format(Locale.ROOT, "%015d", nextId++));
        row.putNull("Name");
        String now = Soql.DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
        row.put("CreatedDate", now);
        row.put("IsDeleted", false);
        schema.keySet().forEach(row::putNull);
        return row;
    }

    private void defaults(QualityObject object, ObjectNode row) {
        int year = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).getYear();
        row.put(
                "Name",
                object.namePrefix().isEmpty()
                        ? row.path(QualityObject.EXTERNAL_ID)
                                .asString(row.path("Id").asString())
                        : object.namePrefix() + year + "-" + String.format(Locale.ROOT, "%06d", nextName++));
        String now = Soql.DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
        if (object == QualityObject.NONCONFORMANCE || object == QualityObject.RECALL) {
            if (row.path(QualityObject.STATUS).isNull()) {
                row.put(QualityObject.STATUS, "Opened");
            }
            if (row.path(QualityObject.OPENED).isNull()
                    && !"Draft".equals(row.path(QualityObject.STATUS).asString())) {
                row.put(QualityObject.OPENED, now);
            }
        }
        if (object == QualityObject.NONCONFORMANCE
                && row.path(QualityObject.BLOCK_STOCK).isNull()) {
            row.put(
                    QualityObject.BLOCK_STOCK,
                    !"Minor".equals(row.path(QualityObject.SEVERITY).asString("")));
        }
        if (object == QualityObject.CAPA) {
            if (row.path(QualityObject.STATUS).isNull()) {
                row.put(QualityObject.STATUS, "Opened");
            }
            if (row.path(QualityObject.ESCALATION).isNull()) {
                row.put(QualityObject.ESCALATION, 0);
            }
        }
    }

    /** The value as the record keeps it, or a refusal naming the field. */
    private JsonNode value(QualityObject.Field field, JsonNode value) throws QualityRefusal {
        if (value == null || value.isNull()) {
            return json.nullNode();
        }
        String name = field.name();
        try {
            return switch (field.kind()) {
                case TEXT -> json.getNodeFactory().stringNode(text(value, name));
                case PICKLIST -> {
                    String text = text(value, name);
                    if (!field.values().contains(text)) {
                        throw new QualityRefusal(
                                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                                name + ": bad value for restricted picklist field: " + text,
                                name);
                    }
                    yield json.getNodeFactory().stringNode(text);
                }
                case DATE ->
                    json.getNodeFactory()
                            .stringNode(LocalDate.parse(text(value, name)).toString());
                case DATETIME ->
                    json.getNodeFactory()
                            .stringNode(Soql.DATE_TIME.format(
                                    instant(text(value, name)).atOffset(ZoneOffset.UTC)));
                case BOOLEAN -> {
                    if (!value.isBoolean()) {
                        throw new QualityRefusal(
                                "JSON_PARSER_ERROR", "Cannot deserialize instance of boolean from " + value, name);
                    }
                    yield value;
                }
                case NUMBER -> {
                    if (!value.isNumber()) {
                        throw new QualityRefusal(
                                "JSON_PARSER_ERROR", "Cannot deserialize instance of double from " + value, name);
                    }
                    yield value;
                }
                case REFERENCE -> json.getNodeFactory().stringNode(reference(name, text(value, name)));
            };
        } catch (DateTimeParseException e) {
            throw new QualityRefusal(
                    "JSON_PARSER_ERROR",
                    "Cannot deserialize instance of date from VALUE_STRING value " + value.asString()
                            + " or request may be missing a required field",
                    name);
        }
    }

    private String reference(String field, String id) throws QualityRefusal {
        QualityObject target = QualityObject.target(field);
        boolean known =
                target == null ? users.containsKey(id) : rows.get(target).containsKey(id);
        if (!known) {
            throw new QualityRefusal("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", field);
        }
        return id;
    }

    private static String text(JsonNode value, String name) throws QualityRefusal {
        if (!value.isString()) {
            throw new QualityRefusal("JSON_PARSER_ERROR", "Cannot deserialize instance of string from " + value, name);
        }
        return value.asString();
    }

    static Instant instant(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        try {
            return OffsetDateTime.parse(text, Soql.DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
