package org.qualigate.connector.qms;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.connector.internal.PagedList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The QMS's equipment record read and corrected through the Salesforce REST API of {@link SalesforceQms} (same
 * org, same token): {@code SELECT … FROM CMPL123QMS__Equipment__c ORDER BY Name} page by page, a correction a PATCH
 * of the record. The QMS says "Due" and "Overdue" in words; both read as calibrated (the due date is compared on
 * its own), and a correction to calibrated writes "Overdue" when the due date has passed at the site. Object and
 * field names are TrackWise Digital-like assumptions (decision 0038) that configuration replaces.
 */
final class SalesforceEquipment implements EquipmentCalibrations {

    /** The object's API name and its fields' names. */
    public record Fields(String object, String site, String status, String lastCalibration, String dueDate) {

        public static final Fields DEFAULTS = new Fields(
                "CMPL123QMS__Equipment__c",
                "CMPL123QMS__Site__c",
                "CMPL123QMS__Calibration_Status__c",
                "CMPL123QMS__Last_Calibration_Date__c",
                "CMPL123QMS__Calibration_Due_Date__c");
    }

    static final Map<String, Status> STATUSES = Map.of(
            "Calibrated", Status.CALIBRATED,
            "Due", Status.CALIBRATED,
            "Overdue", Status.CALIBRATED,
            "Out of Tolerance", Status.OUT_OF_TOLERANCE,
            "Out of Service", Status.OUT_OF_SERVICE);

    private final SalesforceQms qms;
    private final Fields f;
    private final JsonMapper json = JsonMapper.builder().build();

    public SalesforceEquipment(SalesforceQms qms, Fields fields) {
        this.qms = qms;
        this.f = fields;
    }

    @Override
    public System system() {
        return System.QMS;
    }

    @Override
    public List<Row> readAll() {
        return PagedList.readAll(
                qms.rows("SELECT Id, Name, " + String.join(", ", f.site(), f.status())
                        + ", " + f.lastCalibration() + ", " + f.dueDate() + ", LastModifiedDate FROM " + f.object()
                        + " ORDER BY Name"),
                page -> page.rows().stream().map(this::row).toList(),
                SalesforceQms.Rows::next,
                qms::rowsAt,
                Integer.MAX_VALUE,
                IllegalStateException::new);
    }

    @Override
    public void correct(
            Calibration current,
            Status status,
            @Nullable LocalDate dueDate,
            @Nullable LocalDate lastCalibration,
            LocalDate siteToday) {
        // a request body to the QMS: its field names are the configured Salesforce fields
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(f.status(), words(status, dueDate, siteToday));
        body.put(f.dueDate(), dueDate == null ? null : dueDate.toString());
        body.put(f.lastCalibration(), lastCalibration == null ? null : lastCalibration.toString());
        qms.updateRow(f.object(), current.reference(), body);
    }

    /** The QMS's words for a state: calibrated reads "Overdue" once the due date has passed at the site. */
    static String words(Status status, @Nullable LocalDate due, LocalDate siteToday) {
        return switch (status) {
            case CALIBRATED -> due != null && due.isBefore(siteToday) ? "Overdue" : "Calibrated";
            case OUT_OF_TOLERANCE -> "Out of Tolerance";
            case OUT_OF_SERVICE -> "Out of Service";
        };
    }

    Row row(JsonNode row) {
        byte[] raw = json.writeValueAsBytes(row);
        String id = text(row, "Id");
        if (id == null) {
            return Row.unreadable("", raw, "Id", "the row has no Id");
        }
        String name = text(row, "Name");
        if (name == null) {
            return Row.unreadable(id, raw, "Name", "the equipment record has no asset number (Name)");
        }
        String site = text(row, f.site());
        if (site == null) {
            return Row.unreadable(name, raw, f.site(), "the equipment record has no site");
        }
        String words = text(row, f.status());
        if (words == null) {
            return Row.unreadable(name, raw, f.status(), "the equipment record has no calibration status");
        }
        Status status = STATUSES.get(words);
        if (status == null) {
            return Row.unreadable(name, raw, f.status(), "unknown calibration status " + words);
        }
        String field = f.dueDate();
        try {
            LocalDate due = date(text(row, field));
            field = f.lastCalibration();
            LocalDate last = date(text(row, field));
            return Row.readable(name, raw, new Calibration(name, site, status, due, last, words, id));
        } catch (DateTimeParseException e) {
            return Row.unreadable(name, raw, field, "not a date: " + text(row, field));
        }
    }

    private static @Nullable LocalDate date(@Nullable String text) {
        return text == null ? null : LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    }

    private static @Nullable String text(JsonNode row, String field) {
        JsonNode node = row.get(field);
        return node == null
                        || node.isNull()
                        || node.isContainer()
                        || node.asString("").isBlank()
                ? null
                : node.asString().trim();
    }
}
