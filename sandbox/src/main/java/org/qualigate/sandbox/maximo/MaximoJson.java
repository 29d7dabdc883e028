package org.qualigate.sandbox.maximo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.http.Reply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the simulated Maximo writes assets, collections and errors. Null attributes are left out, as Maximo drops
 * nulls by default; the namespaced form prefixes attributes with {@code spi:} and uses {@code rdfs:member}.
 */
final class MaximoJson {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private final JsonMapper json;

    MaximoJson(JsonMapper json) {
        this.json = json;
    }

    Reply reply(int status, JsonNode body) {
        return Reply.json(status, json.writeValueAsBytes(body));
    }

    /** Maximo's error body: {@code {"Error":{"reasonCode","message","statusCode",…}}}. */
    Reply error(int status, String reasonCode, String message, @Nullable String attribute) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("Error");
        if (attribute != null) {
            error.put("errorattrname", attribute);
            error.put("errorobjpath", "asset");
        }
        error.put("reasonCode", reasonCode);
        error.put("message", message.startsWith("BMXAA") ? message : reasonCode + " - " + message);
        error.put("statusCode", Integer.toString(status));
        return reply(status, root);
    }

    /** Every attribute of the asset, lean names, nulls dropped. */
    ObjectNode attributes(Asset a) {
        ObjectNode node = json.createObjectNode();
        node.put("assetuid", a.assetuid());
        node.put("assetnum", a.assetnum());
        node.put("siteid", a.siteid());
        node.put("orgid", "QGORG");
        node.put("description", a.description());
        node.put("location", a.location());
        node.put("assettype", a.assettype());
        node.put("status", a.status());
        node.put("pluscismte", true);
        if (a.calibrationDue() != null) {
            node.put("pluscduedate", dateTime(a.calibrationDue()));
        }
        if (a.lastCalibration() != null) {
            node.put("qglastcaldate", dateTime(a.lastCalibration()));
        }
        node.put("qgcalresult", a.calibrationResult());
        node.put("changedate", DATE_TIME.format(a.changed().atOffset(ZoneOffset.UTC)));
        return node;
    }

    ObjectNode collection(
            List<ObjectNode> members,
            String self,
            @Nullable String next,
            @Nullable String previous,
            int page,
            @Nullable Integer total,
            int pages,
            boolean lean) {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray(lean ? "member" : "rdfs:member");
        members.forEach(list::add);
        root.put(lean ? "href" : "rdf:about", self);
        ObjectNode info = root.putObject(lean ? "responseInfo" : "oslc:responseInfo");
        info.put(lean ? "href" : "rdf:about", self);
        if (next != null) {
            info.putObject(lean ? "nextPage" : "oslc:nextPage").put(lean ? "href" : "rdf:resource", next);
        }
        if (previous != null) {
            info.putObject(lean ? "previousPage" : "oslc:previousPage").put(lean ? "href" : "rdf:resource", previous);
        }
        info.put(lean ? "pagenum" : "spi:pagenum", page);
        if (total != null) {
            info.put(lean ? "totalCount" : "oslc:totalCount", total);
            info.put(lean ? "totalPages" : "spi:totalPages", pages);
        }
        return root;
    }

    /** The namespaced form of a lean member. */
    ObjectNode namespaced(ObjectNode lean) {
        ObjectNode out = json.createObjectNode();
        for (Map.Entry<String, JsonNode> e : lean.properties()) {
            String name = e.getKey().equals("href") ? "rdf:about" : "spi:" + e.getKey();
            out.set(name, e.getValue());
        }
        return out;
    }

    static String dateTime(LocalDate date) {
        return DATE_TIME.format(date.atStartOfDay().atOffset(ZoneOffset.UTC));
    }
}
