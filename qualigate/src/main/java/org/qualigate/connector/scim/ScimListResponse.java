package org.qualigate.connector.scim;

import java.util.List;
import org.qualigate.connector.TargetException;
import tools.jackson.databind.JsonNode;

/** A page of a SCIM query result (RFC 7644 §3.4.2, {@code ListResponse}), checked for sense. */
record ScimListResponse(int totalResults, List<JsonNode> resources) {

    static ScimListResponse of(JsonNode body, String where) {
        if (!body.isObject()) {
            throw TargetException.permanentFailure(where + " answered with JSON that is not a list response", null);
        }
        JsonNode resources = ScimResource.attribute(body, "Resources");
        JsonNode total = ScimResource.attribute(body, "totalResults");
        int totalResults;
        if (total.isIntegralNumber() && total.canConvertToInt()) {
            totalResults = total.intValue();
        } else if (total.isString() && total.stringValue().strip().matches("\\d{1,9}")) {
            totalResults = Integer.parseInt(total.stringValue().strip());
        } else if (total.isMissingNode() || total.isNull()) {
            totalResults = resources.isArray() ? resources.size() : 0;
        } else {
            throw TargetException.permanentFailure(
                    where + " answered with a list response whose totalResults is not a number: " + total, null);
        }
        if (totalResults < 0) {
            throw TargetException.permanentFailure(
                    where + " answered with a negative totalResults: " + totalResults, null);
        }
        if (resources.isMissingNode() || resources.isNull()) {
            if (totalResults > 0) {
                throw TargetException.permanentFailure(
                        where + " answered totalResults " + totalResults + " but no Resources", null);
            }
            return new ScimListResponse(0, List.of());
        }
        if (!resources.isArray()) {
            throw TargetException.permanentFailure(where + " answered with Resources that is not a list", null);
        }
        for (JsonNode resource : resources.values()) {
            if (!resource.isObject()) {
                throw TargetException.permanentFailure(where + " answered with a resource that is not an object", null);
            }
        }
        return new ScimListResponse(Math.max(totalResults, resources.size()), List.copyOf(resources.values()));
    }
}
