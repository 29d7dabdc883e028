package org.qualigate.connector.qms;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.NonconformanceRecord;
import org.qualigate.connector.NonconformanceSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The QMS's non-conformance object read through the Salesforce REST API of {@link SalesforceQms} (same org, same
 * token), by {@code LastModifiedDate}, oldest first. The object and field names are TrackWise Digital-like
 * assumptions that configuration replaces ({@link Fields}); a row that lacks what a non-conformance needs comes back
 * with the field and the reason, and the rest of the page goes on.
 */
final class SalesforceNonconformances implements NonconformanceSource {

    /** The object's API name and its fields' names. */
    public record Fields(
            String object,
            String site,
            String material,
            String plant,
            String batch,
            String severity,
            String status,
            String disposition,
            String blockStock,
            String opened,
            String closed,
            String description) {

        public static final Fields DEFAULTS = new Fields(
                "CMPL123QMS__Nonconformance__c",
                "CMPL123QMS__Site__c",
                "CMPL123QMS__Material__c",
                "CMPL123QMS__Plant__c",
                "CMPL123QMS__Batch_Number__c",
                "CMPL123QMS__Severity__c",
                "CMPL123_WF_Status__c",
                "CMPL123QMS__Disposition__c",
                "CMPL123QMS__Block_Stock__c",
                "CMPL123QMS__Date_Opened__c",
                "CMPL123QMS__Date_Closed__c",
                "CMPL123QMS__Description__c");

        /** The names configured under {@code qualigate.quality.qms-fields.*}, else the defaults. */
        static Fields configured(org.springframework.core.env.Environment environment) {
            return org.springframework.boot.context.properties.bind.Binder.get(environment)
                    .bind("qualigate.quality.qms-fields", Fields.class)
                    .orElse(DEFAULTS);
        }
    }

    private final SalesforceQms qms;
    private final Fields f;
    private final JsonMapper json = JsonMapper.builder().build();

    public SalesforceNonconformances(SalesforceQms qms, Fields fields) {
        this.qms = qms;
        this.f = fields;
    }

    @Override
    public Page changed(Instant from, Instant through) {
        String soql = "SELECT Id, Name, "
                + String.join(", ", f.site(), f.material(), f.plant(), f.batch(), f.severity())
                + ", " + String.join(", ", f.status(), f.disposition(), f.blockStock(), f.opened(), f.closed())
                + ", " + f.description() + ", LastModifiedDate FROM " + f.object() + " WHERE LastModifiedDate >= "
                + SalesforceQms.literal(from) + " AND LastModifiedDate <= " + SalesforceQms.literal(through)
                + " ORDER BY LastModifiedDate";
        return page(qms.rows(soql));
    }

    @Override
    public Page next(String link) {
        return page(qms.rowsAt(link));
    }

    private Page page(SalesforceQms.Rows rows) {
        List<Row> read = new ArrayList<>();
        for (JsonNode row : rows.rows()) {
            read.add(row(row));
        }
        return new Page(read, rows.next());
    }

    private Row row(JsonNode row) {
        byte[] raw = json.writeValueAsBytes(row);
        String id = text(row, "Id");
        if (id == null) {
            return new Row("", raw, null, "Id", "the row has no Id");
        }
        String name = text(row, "Name");
        if (name == null) {
            return new Row(id, raw, null, "Name", "the non-conformance has no name");
        }
        String status = text(row, f.status());
        if (status == null) {
            return new Row(id, raw, null, f.status(), "the non-conformance has no workflow status");
        }
        Instant version;
        Instant opened;
        Instant closed;
        String field = "LastModifiedDate";
        try {
            String modified = text(row, field);
            if (modified == null) {
                return new Row(id, raw, null, field, "the row has no LastModifiedDate to order its versions by");
            }
            version = SalesforceQms.dateTime(modified);
            field = f.opened();
            opened = instant(text(row, field));
            field = f.closed();
            closed = instant(text(row, field));
        } catch (DateTimeParseException e) {
            return new Row(id, raw, null, field, "not a date-time: " + text(row, field));
        }
        JsonNode block = row.get(f.blockStock());
        return new Row(
                id,
                raw,
                new NonconformanceRecord(
                        id,
                        name,
                        version,
                        text(row, f.site()),
                        text(row, f.material()),
                        text(row, f.plant()),
                        text(row, f.batch()),
                        text(row, f.severity()),
                        status,
                        text(row, f.disposition()),
                        block != null && block.asBoolean(false),
                        opened,
                        closed,
                        text(row, f.description())),
                null,
                null);
    }

    private static @Nullable Instant instant(@Nullable String text) {
        return text == null ? null : SalesforceQms.dateTime(text);
    }

    private static @Nullable String text(JsonNode row, String field) {
        JsonNode node = row.get(field);
        return node == null || node.isNull() || node.asString("").isBlank() ? null : node.asString();
    }
}
