package org.qualigate.connector.qms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.ledger.EmployeeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Training record rows of the QMS read into records, each unreadable row with its field and reason. */
final class TrainingRows {

    private static final Logger log = LoggerFactory.getLogger(SalesforceQms.class);

    private final String name;
    private final QmsSettings settings;
    private final QmsSettings.Fields f;

    TrainingRows(String name, QmsSettings settings) {
        this.name = name;
        this.settings = settings;
        this.f = settings.fields();
    }

    /**
     * Reads one training record row. Every field may be JSON {@code null} (Salesforce sends empty fields so): a row
     * without a completion date is an assignment; a row that lacks what a record needs, or carries a value that does
     * not parse, is returned with the field and the reason, and the rest of the page goes on.
     */
    SalesforceQms.Received received(JsonNode row, byte[] raw) {
        String id = SalesforceSession.text(row, "Id", null);
        String employee = SalesforceSession.text(row, f.employee(), null);
        String completed = SalesforceSession.text(row, f.completed(), null);
        if (completed == null) {
            return new SalesforceQms.Received(
                    null, raw, f.completed(), "assigned, not completed: no completion date", true);
        }
        if (employee == null || !EmployeeId.isValid(employee)) {
            return unreadable(raw, f.employee(), employee == null ? "missing" : "not an employee ID: " + employee);
        }
        String course = SalesforceSession.text(row, f.course(), null);
        if (course == null || course.isBlank()) {
            return unreadable(raw, f.course(), "missing");
        }
        String dataSource = SalesforceSession.text(row, f.dataSource(), null);
        if (dataSource == null) {
            return unreadable(raw, f.dataSource(), "missing: whose record it is cannot be told");
        }
        LocalDate completedOn;
        try {
            completedOn = LocalDate.parse(completed);
        } catch (DateTimeParseException e) {
            return unreadable(raw, f.completed(), "not a date: " + completed);
        }
        LocalDate expiresOn = null;
        String expires = settings.writeExpiry() ? SalesforceSession.text(row, f.expires(), null) : null;
        if (expires != null) {
            try {
                expiresOn = LocalDate.parse(expires);
            } catch (DateTimeParseException e) {
                return unreadable(raw, f.expires(), "not a date: " + expires);
            }
        }
        Instant modified = null;
        String modifiedText = SalesforceSession.text(row, f.lastModified(), null);
        if (modifiedText != null) {
            try {
                modified = OffsetDateTime.parse(modifiedText, SalesforceQms.SALESFORCE_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException e) {
                return unreadable(raw, f.lastModified(), "not a Salesforce date-time: " + modifiedText);
            }
        }
        String status = SalesforceSession.text(row, f.status(), "");
        return SalesforceQms.Received.read(
                new TrainingRecord(
                        id,
                        SalesforceSession.text(row, f.externalId(), null),
                        EmployeeId.of(employee),
                        course,
                        completedOn,
                        expiresOn,
                        status.equals(settings.values().revoked()),
                        dataSource,
                        modified),
                raw);
    }

    private SalesforceQms.Received unreadable(byte[] raw, String field, String reason) {
        log.warn(
                "QMS {}: a training record row cannot be read ({} {}); the rest of the page is read",
                name,
                field,
                reason);
        return new SalesforceQms.Received(null, raw, field, reason, false);
    }
}
