package org.qualigate.connector.qms;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.QualityRecordSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The QMS's CAPA and recall objects read through the Salesforce REST API of {@link SalesforceQms} (same org, same
 * token) by {@code LastModifiedDate}, oldest first, as its non-conformances are ({@link SalesforceNonconformances}):
 * a SOQL query per window, the pages after the first at {@code nextRecordsUrl}. A CAPA's owner and the owner's
 * manager come through the {@code Owner} and {@code Owner.Manager} relationships in the same query; the name of the
 * non-conformance it answers by one more query per page ({@code Id IN (…)}). Each row is handed on in the plain
 * names of the QMS's outbound event of its kind; a row without an Id, a LastModifiedDate or with a date-time that is
 * not one comes back with the field (its API name) and the reason. Object and field names are the TrackWise
 * Digital-like assumptions of decision 0038.
 */
final class SalesforceQualityRecords implements QualityRecordSource {

    static final String CAPA = "CMPL123QMS__CAPA__c";
    static final String RECALL = "CMPL123QMS__Recall__c";
    static final String NONCONFORMANCE = "CMPL123QMS__Nonconformance__c";
    private static final String STATUS = "CMPL123_WF_Status__c";
    private static final String MODIFIED = "LastModifiedDate";

    /** Plain event name → API name, per kind, in the order they are selected; date-time fields marked apart. */
    private static final Map<String, String> CAPA_FIELDS = fields(
            "site", "CMPL123QMS__Site__c",
            "nonconformanceId", NONCONFORMANCE,
            "description", "CMPL123QMS__Description__c",
            "ownerEmployeeId", "Owner.EmployeeNumber",
            "ownerEmail", "Owner.Email",
            "managerEmployeeId", "Owner.Manager.EmployeeNumber",
            "managerEmail", "Owner.Manager.Email",
            "dueDate", "CMPL123QMS__Due_Date__c",
            "status", STATUS,
            "closedAt", "CMPL123QMS__Date_Closed__c");

    private static final Map<String, String> RECALL_FIELDS = fields(
            "site", "CMPL123QMS__Site__c",
            "material", "CMPL123QMS__Material__c",
            "plant", "CMPL123QMS__Plant__c",
            "firstBatch", "CMPL123QMS__First_Batch__c",
            "lastBatch", "CMPL123QMS__Last_Batch__c",
            "manufacturedFrom", "CMPL123QMS__Manufactured_From__c",
            "manufacturedTo", "CMPL123QMS__Manufactured_To__c",
            "recallClass", "CMPL123QMS__Recall_Class__c",
            "reason", "CMPL123QMS__Reason__c",
            "status", STATUS,
            "openedAt", "CMPL123QMS__Date_Opened__c",
            "closedAt", "CMPL123QMS__Date_Closed__c");

    private static final Set<String> DATE_TIMES = Set.of("openedAt", "closedAt");

    private final SalesforceQms qms;
    private final JsonMapper json = JsonMapper.builder().build();

    SalesforceQualityRecords(SalesforceQms qms) {
        this.qms = qms;
    }

    @Override
    public Page changed(Kind kind, java.time.Instant from, java.time.Instant through) {
        String soql = "SELECT Id, Name, " + String.join(", ", fieldsOf(kind).values()) + ", " + MODIFIED + " FROM "
                + (kind == Kind.CAPA ? CAPA : RECALL) + " WHERE " + MODIFIED + " >= " + SalesforceQms.literal(from)
                + " AND " + MODIFIED + " <= " + SalesforceQms.literal(through) + " ORDER BY " + MODIFIED;
        return page(kind, qms.rows(soql));
    }

    @Override
    public Page next(Kind kind, String link) {
        return page(kind, qms.rowsAt(link));
    }

    private Page page(Kind kind, SalesforceQms.Rows rows) {
        Map<String, String> ncNames = kind == Kind.CAPA ? ncNames(rows.rows()) : Map.of();
        List<Row> read = new ArrayList<>();
        for (JsonNode row : rows.rows()) {
            read.add(row(kind, row, ncNames));
        }
        return new Page(read, rows.next());
    }

    /** The names of the non-conformances the page's CAPAs answer, by id, in one query. */
    private Map<String, String> ncNames(List<JsonNode> rows) {
        Set<String> ids = new LinkedHashSet<>();
        rows.forEach(r -> {
            String id = text(r, NONCONFORMANCE);
            if (id != null) {
                ids.add(SalesforceQms.quote(id));
            }
        });
        Map<String, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        SalesforceQms.Rows found =
                qms.rows("SELECT Id, Name FROM " + NONCONFORMANCE + " WHERE Id IN (" + String.join(", ", ids) + ")");
        while (true) {
            found.rows()
                    .forEach(r ->
                            names.put(r.path("Id").asString(), r.path("Name").asString()));
            if (found.next() == null) {
                return names;
            }
            found = qms.rowsAt(found.next());
        }
    }

    private Row row(Kind kind, JsonNode row, Map<String, String> ncNames) {
        byte[] raw = json.writeValueAsBytes(row);
        String id = text(row, "Id");
        if (id == null) {
            return new Row("", raw, null, "Id", "the row has no Id");
        }
        Map<String, @Nullable String> fields = new LinkedHashMap<>();
        fields.put("recordId", id);
        fields.put("recordName", text(row, "Name"));
        String field = MODIFIED;
        try {
            String modified = text(row, MODIFIED);
            if (modified == null) {
                return new Row(id, raw, null, MODIFIED, "the row has no LastModifiedDate to order its versions by");
            }
            fields.put("lastModifiedAt", SalesforceQms.dateTime(modified).toString());
            for (Map.Entry<String, String> f : fieldsOf(kind).entrySet()) {
                field = f.getValue();
                String value = text(row, field);
                fields.put(
                        f.getKey(),
                        value != null && DATE_TIMES.contains(f.getKey())
                                ? SalesforceQms.dateTime(value).toString()
                                : value);
            }
        } catch (DateTimeParseException e) {
            return new Row(id, raw, null, field, "not a date-time: " + text(row, field));
        }
        if (kind == Kind.CAPA) {
            String nc = fields.get("nonconformanceId");
            fields.put("nonconformanceName", nc == null ? null : ncNames.get(nc));
        }
        return new Row(id, raw, fields, null, null);
    }

    private static Map<String, String> fieldsOf(Kind kind) {
        return kind == Kind.CAPA ? CAPA_FIELDS : RECALL_FIELDS;
    }

    /** A value by API name; {@code Owner.Manager.Email} follows the relationships (null where one is empty). */
    private static @Nullable String text(JsonNode row, String field) {
        JsonNode node = row;
        for (String part : field.split("\\.")) {
            node = node == null || node.isNull() ? null : node.get(part);
        }
        return node == null
                        || node.isNull()
                        || !node.isValueNode()
                        || node.asString("").isBlank()
                ? null
                : node.asString();
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
