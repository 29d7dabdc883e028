package org.qualigate.connector.qms;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qualigate.connector.CapaRecords;

/**
 * CAPA writes through the QMS's Salesforce REST API: a comment is an upsert of the CAPA comment object by its
 * external id (written once, however often it is sent), the escalation level a PATCH of the CAPA. The object and
 * field names are TrackWise Digital-like assumptions (decision 0038) that configuration replaces.
 */
final class SalesforceCapas implements CapaRecords {

    /** The API names used. */
    public record Fields(
            String capaObject,
            String escalationLevel,
            String commentObject,
            String commentExternalId,
            String commentCapa,
            String commentText,
            String commentAuthor) {

        public static final Fields DEFAULTS = new Fields(
                "CMPL123QMS__CAPA__c",
                "CMPL123QMS__Escalation_Level__c",
                "CMPL123QMS__CAPA_Comment__c",
                "CMPL123QMS__External_Id__c",
                "CMPL123QMS__CAPA__c",
                "CMPL123QMS__Comment__c",
                "CMPL123QMS__Author__c");
    }

    private final SalesforceQms qms;
    private final Fields f;

    public SalesforceCapas(SalesforceQms qms, Fields fields) {
        this.qms = qms;
        this.f = fields;
    }

    @Override
    public void comment(String capaRecordId, String key, String text) {
        // a request body to the QMS: its field names are the configured Salesforce fields
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(f.commentCapa(), capaRecordId);
        body.put(f.commentText(), text);
        body.put(f.commentAuthor(), "Qualigate");
        qms.upsertRow(f.commentObject(), f.commentExternalId(), key, body);
    }

    @Override
    public void escalationLevel(String capaRecordId, int level) {
        qms.updateRow(f.capaObject(), capaRecordId, Map.of(f.escalationLevel(), level));
    }
}
