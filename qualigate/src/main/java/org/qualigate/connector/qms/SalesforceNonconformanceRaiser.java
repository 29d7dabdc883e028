package org.qualigate.connector.qms;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.qualigate.connector.NonconformanceRaiser;
import org.qualigate.connector.TargetException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raises a non-conformance in the QMS through the Salesforce REST API of {@link SalesforceQms}: first a SOQL query
 * for a row carrying the key in its external-id field (a retry, a crash after the QMS created it, or another
 * instance may have raised it already), and only when there is none a create ({@code POST /sobjects/<object>/},
 * answered {@code 201} with the new row's {@code id}). The external-id field is unique in the QMS, so two creates
 * racing with the same key leave one row: the second is refused {@code 400 DUPLICATE_VALUE}, and the row the first
 * made is read back. The record number ({@code Name}, an auto-number) is read by the same query after the create.
 */
final class SalesforceNonconformanceRaiser implements NonconformanceRaiser {

    /** The API names written, besides the non-conformance's own fields of {@link SalesforceNonconformances}. */
    record Fields(String externalId, String room, String openedStatus) {

        static final Fields DEFAULTS = new Fields("CMPL123QMS__External_Id__c", "CMPL123QMS__Room__c", "Opened");
    }

    private final SalesforceQms qms;
    private final SalesforceNonconformances.Fields nc;
    private final Fields f;
    private final JsonMapper json = JsonMapper.builder().build();

    SalesforceNonconformanceRaiser(SalesforceQms qms, SalesforceNonconformances.Fields nc, Fields fields) {
        this.qms = qms;
        this.nc = nc;
        this.f = fields;
    }

    @Override
    public Raised raise(NewNonconformance n) {
        Optional<Raised> earlier = find(n.key());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        // a request body to the QMS: its field names are the configured Salesforce fields
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(f.externalId(), n.key());
        body.put(nc.site(), n.site());
        body.put(nc.severity(), n.severity());
        body.put(nc.status(), f.openedStatus());
        body.put(nc.description(), n.description());
        body.put(f.room(), n.room());
        // it names no batch, so it asks for no stock to be blocked; QA links batches in the QMS if any are concerned
        body.put(nc.blockStock(), false);
        SalesforceSession api = qms.session();
        HttpResponse<String> response =
                api.send("POST", qms.apiPath() + "/sobjects/" + nc.object() + "/", json.writeValueAsString(body));
        if (response.statusCode() == 201) {
            Raised made = find(n.key())
                    .orElseThrow(() -> TargetException.transientFailure(
                            api.prefix() + "created " + nc.object() + " " + n.key() + " but cannot read it back",
                            null));
            return new Raised(made.recordId(), made.name(), true);
        }
        if (response.statusCode() == 400
                && SalesforceSession.QmsError.first(json, response.body())
                        .errorCode()
                        .equals("DUPLICATE_VALUE")) {
            // raised meanwhile under the same key: that row is the one
            Optional<Raised> raced = find(n.key());
            if (raced.isPresent()) {
                return raced.get();
            }
        }
        throw api.failure(response);
    }

    private Optional<Raised> find(String key) {
        SalesforceQms.Rows rows = qms.rows(
                "SELECT Id, Name FROM " + nc.object() + " WHERE " + f.externalId() + " = " + SalesforceQms.quote(key));
        if (rows.rows().isEmpty()) {
            return Optional.empty();
        }
        JsonNode row = rows.rows().getFirst();
        String id = SalesforceSession.text(row, "Id", null);
        String name = SalesforceSession.text(row, "Name", null);
        if (id == null || name == null) {
            throw TargetException.permanentFailure(
                    qms.session().prefix() + nc.object() + " " + key + " has no Id or Name: " + row, null);
        }
        return Optional.of(new Raised(id, name, false));
    }
}
