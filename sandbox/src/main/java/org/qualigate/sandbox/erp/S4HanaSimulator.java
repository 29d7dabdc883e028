package org.qualigate.sandbox.erp;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.http.Recorder;
import org.qualigate.sandbox.http.Reply;
import org.qualigate.sandbox.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SAP S/4HANA-style ERP under {@code /sap/opu/odata/sap}: {@code API_MATERIAL_DOCUMENT_SRV} (post and read
 * material documents, deep insert of the items) and {@code API_MATERIAL_STOCK_SRV} (stock per material, plant,
 * storage location, batch and stock type). HTTP Basic authentication as a communication user; modifying requests
 * need the CSRF token and session cookie of an earlier {@code x-csrf-token: Fetch}. JSON only.
 */
public final class S4HanaSimulator {

    public static final String PATH = "/sap/opu/odata/sap";
    public static final String DOCUMENT_SERVICE = "API_MATERIAL_DOCUMENT_SRV";
    public static final String STOCK_SERVICE = "API_MATERIAL_STOCK_SRV";
    public static final String USER = "QUALIGATE_COMM";
    public static final String PASSWORD = "sandbox-erp-secret";

    private static final Pattern ROUTE = Pattern.compile("^/(" + DOCUMENT_SERVICE + "|" + STOCK_SERVICE + ")(/.*)?$");
    private static final Pattern HEADER_KEY =
            Pattern.compile("^/A_MaterialDocumentHeader\\(MaterialDocumentYear='(\\d{4})',MaterialDocument='(\\d+)'\\)"
                    + "(/to_MaterialDocumentItem)?$");

    private final Clock clock;
    private final JsonMapper json;
    private final Recorder recorder;
    private final Supplier<URI> baseUri;
    private final ODataV2 odata;
    private final CsrfSessions csrf;
    private final StockLedger ledger = new StockLedger();
    private final MaterialDocuments documents;
    private int pageSize = 1000;

    public S4HanaSimulator(Clock clock, JsonMapper json, Recorder recorder, Supplier<URI> baseUri) {
        this.clock = clock;
        this.json = json;
        this.recorder = recorder;
        this.baseUri = baseUri;
        this.odata = new ODataV2(json);
        this.csrf = new CsrfSessions(clock);
        this.documents = new MaterialDocuments(ledger, json);
    }

    // ---------------------------------------------------------------------------------------------------------
    // In-process control: seeding, reading back, sessions

    /** Adds a material to the material master with its base unit ({@code EA}, {@code KG}). */
    public synchronized void addMaterial(String material, String baseUnit) {
        ledger.material(material, baseUnit);
    }

    /** Puts quantity of a batch into stock of the given type (a goods receipt). */
    public synchronized void receive(
            String material, String plant, String storageLocation, String batch, StockType type, BigDecimal qty) {
        ledger.receive(new StockLedger.Key(material, plant, storageLocation, batch), type, qty);
    }

    /** The batch's quantity in the stock type, zero when none. */
    public synchronized BigDecimal stock(
            String material, String plant, String storageLocation, String batch, StockType type) {
        return ledger.quantity(new StockLedger.Key(material, plant, storageLocation, batch), type);
    }

    /** Every batch the ERP knows: material, plant, storage location and batch. */
    public synchronized List<List<String>> batches() {
        return ledger.batches().stream()
                .map(k -> List.of(k.material(), k.plant(), k.storageLocation(), k.batch()))
                .toList();
    }

    /** How many material documents were posted (refused postings are not documents). */
    public synchronized int documentCount() {
        return documents.all().size();
    }

    /**
     * How many material documents were posted with an item of the material: a test's own postings, whatever other
     * work posts meanwhile.
     */
    public synchronized int documentCount(String material) {
        return (int) documents.all().stream()
                .filter(d -> d.items().stream()
                        .anyMatch(i -> i.path("Material").asString().equals(material)))
                .count();
    }

    /** Ends every CSRF session, as a security session timeout does. */
    public synchronized void expireSessions() {
        csrf.expireAll();
    }

    /** How long a CSRF session lasts (SAP's default security session timeout is 30 minutes). */
    public synchronized void sessionTimeout(Duration timeout) {
        csrf.timeout(timeout);
    }

    /** Rows per page before the server adds {@code __next} (server-driven paging). */
    public synchronized void pageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.pageSize = size;
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP

    /** The entity set a request names, as faults name it: {@code /A_MaterialDocumentHeader}, {@code /A_MatlStkInAcctMod}. */
    public static String resource(String relative) {
        Matcher m = ROUTE.matcher(relative);
        if (!m.matches() || m.group(2) == null || m.group(2).length() < 2) {
            return "/";
        }
        String rest = m.group(2).substring(1);
        int end = rest.length();
        for (char c : new char[] {'(', '/', '?'}) {
            int at = rest.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return "/" + rest.substring(0, end);
    }

    /** Answers a request whose path is relative to {@link #PATH}. */
    public synchronized Reply handle(Request request) {
        Matcher m = ROUTE.matcher(request.path());
        String service = m.matches() ? m.group(1) : DOCUMENT_SERVICE;
        String user = user(request.header("Authorization"));
        if (user == null) {
            return Reply.text(401, "Logon failed: wrong user name or password")
                    .header("WWW-Authenticate", "Basic realm=\"SAP NetWeaver Application Server [S4H/100]\"");
        }
        if (!m.matches()) {
            return odata.error(
                    404, "/IWFND/MED/170", "No service found for namespace '', name '', version '0001'", service);
        }
        boolean modifying = !request.method().equals("GET") && !request.method().equals("HEAD");
        if (modifying && !csrf.valid(request.header("Cookie"), request.header("x-csrf-token"))) {
            return Reply.text(403, "CSRF token validation failed").header("x-csrf-token", "Required");
        }
        Reply reply = route(request, service, m.group(2) == null ? "" : m.group(2), user);
        if (!modifying && "fetch".equalsIgnoreCase(request.header("x-csrf-token"))) {
            String[] session = csrf.fetch(request.header("Cookie"));
            reply = reply.header("x-csrf-token", session[1])
                    .header("Set-Cookie", CsrfSessions.COOKIE + "=" + session[0] + "; path=/; HttpOnly");
        }
        return reply;
    }

    /** An error in SAP Gateway's shape for a fault the sandbox plays. */
    public Reply faultError(String relative, int status, String message) {
        Matcher m = ROUTE.matcher(relative);
        String code = status == 429 ? "/IWFND/CM_CONSUMER/101" : "/IWFND/CM_BEC/026";
        return odata.error(status, code, message, m.matches() ? m.group(1) : DOCUMENT_SERVICE);
    }

    private Reply route(Request request, String service, String rest, String user) {
        try {
            if (service.equals(STOCK_SERVICE)) {
                return rest.startsWith("/A_MatlStkInAcctMod")
                                && request.method().equals("GET")
                        ? stock(request)
                        : rest.isEmpty() || rest.equals("/") ? serviceDocument(service) : notFound(service, rest);
            }
            if (rest.isEmpty() || rest.equals("/")) {
                return serviceDocument(service);
            }
            if (rest.equals("/A_MaterialDocumentHeader")) {
                return switch (request.method()) {
                    case "POST" -> post(request, user);
                    case "GET" -> headers(request);
                    default -> odata.error(405, "/IWBEP/CM_MGW_RT/021", "Method not allowed", service);
                };
            }
            if (rest.equals("/A_MaterialDocumentItem") && request.method().equals("GET")) {
                return items(request);
            }
            Matcher key = HEADER_KEY.matcher(rest);
            if (key.matches() && request.method().equals("GET")) {
                return document(request, key.group(1), key.group(2), key.group(3) != null);
            }
            return notFound(service, rest);
        } catch (IllegalArgumentException e) {
            return odata.error(400, "/IWBEP/CM_MGW_RT/004", e.getMessage(), service);
        }
    }

    private Reply post(Request request, String user) {
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (JacksonException e) {
            return odata.error(400, "/IWBEP/CM_MGW_RT/022", "The request body is not valid JSON", DOCUMENT_SERVICE);
        }
        try {
            MaterialDocuments.Document document =
                    documents.post(body == null ? json.nullNode() : body, user, clock.instant());
            for (ObjectNode item : document.items()) {
                recorder.record(
                        "material-document.post",
                        document.number(),
                        item.path("GoodsMovementType").asString() + " "
                                + item.path("Material").asString() + " "
                                + item.path("Plant").asString() + " "
                                + item.path("StorageLocation").asString() + " "
                                + item.path("Batch").asString() + " "
                                + item.path("QuantityInEntryUnit").asString()
                                + " " + item.path("EntryUnit").asString());
            }
            String uri = headerUri(document.year(), document.number());
            return odata.entity(201, render(document, true)).header("Location", uri);
        } catch (PostingRefused e) {
            return odata.error(400, e.code(), e.getMessage(), DOCUMENT_SERVICE);
        }
    }

    private Reply document(Request request, String year, String number, boolean itemsOnly) {
        MaterialDocuments.Document document = documents.find(year, number).orElse(null);
        if (document == null) {
            return odata.error(
                    404,
                    "/IWBEP/CM_MGW_RT/020",
                    "Resource not found for segment 'A_MaterialDocumentHeaderType'",
                    DOCUMENT_SERVICE);
        }
        if (itemsOnly) {
            return odata.collection(
                    document.items().stream().map(this::itemEntity).toList(), null, null);
        }
        boolean expand = request.param("$expand", "").contains("to_MaterialDocumentItem");
        return odata.entity(200, render(document, expand));
    }

    private Reply headers(Request request) {
        boolean expand = request.param("$expand", "").contains("to_MaterialDocumentItem");
        List<ObjectNode> rows = new ArrayList<>();
        documents.all().forEach(d -> rows.add(render(d, expand)));
        return page(request, rows, "/" + DOCUMENT_SERVICE + "/A_MaterialDocumentHeader");
    }

    private Reply items(Request request) {
        List<ObjectNode> rows = new ArrayList<>();
        documents.all().forEach(d -> d.items().forEach(i -> rows.add(itemEntity(i))));
        return page(request, rows, "/" + DOCUMENT_SERVICE + "/A_MaterialDocumentItem");
    }

    private Reply stock(Request request) {
        List<ObjectNode> rows = new ArrayList<>();
        for (StockLedger.Row row : ledger.rows()) {
            rows.add(stockEntity(row));
        }
        return page(request, rows, "/" + STOCK_SERVICE + "/A_MatlStkInAcctMod");
    }

    /** Filters, then pages: {@code $skip}/{@code $top} as asked, {@code __next} when the server page is full. */
    private Reply page(Request request, List<ObjectNode> rows, String path) {
        List<ODataV2.Condition> filter = ODataV2.filter(request.param("$filter"));
        List<ObjectNode> matching =
                rows.stream().filter(r -> ODataV2.matches(filter, r)).toList();
        int skip = integer(request.param("$skiptoken", request.param("$skip", "0")), "$skip");
        int top = request.param("$top") == null ? Integer.MAX_VALUE : integer(request.param("$top"), "$top");
        int end = (int) Math.min(matching.size(), Math.min((long) skip + top, (long) skip + pageSize));
        List<ObjectNode> now = skip >= matching.size() ? List.of() : matching.subList(skip, end);
        String next = null;
        if (end < matching.size() && end < (long) skip + top) {
            next = baseUri.get() + PATH + path + "?"
                    + (request.param("$filter") == null
                            ? ""
                            : "$filter=" + URLEncoder.encode(request.param("$filter", ""), StandardCharsets.UTF_8)
                                    + "&")
                    + "$skiptoken=" + end;
        }
        Integer count = "allpages".equals(request.param("$inlinecount")) ? matching.size() : null;
        return odata.collection(now, count, next);
    }

    private ObjectNode render(MaterialDocuments.Document document, boolean expand) {
        ObjectNode entity = metadata(headerUri(document.year(), document.number()), "A_MaterialDocumentHeaderType");
        entity.setAll(document.header());
        if (expand) {
            ObjectNode items = entity.putObject("to_MaterialDocumentItem");
            var results = items.putArray("results");
            document.items().forEach(i -> results.add(itemEntity(i)));
        } else {
            entity.putObject("to_MaterialDocumentItem")
                    .putObject("__deferred")
                    .put("uri", headerUri(document.year(), document.number()) + "/to_MaterialDocumentItem");
        }
        return entity;
    }

    private ObjectNode itemEntity(ObjectNode item) {
        String uri = baseUri.get() + PATH + "/" + DOCUMENT_SERVICE + "/A_MaterialDocumentItem(MaterialDocumentYear='"
                + item.path("MaterialDocumentYear").asString() + "',MaterialDocument='"
                + item.path("MaterialDocument").asString() + "',MaterialDocumentItem='"
                + item.path("MaterialDocumentItem").asString() + "')";
        ObjectNode entity = metadata(uri, "A_MaterialDocumentItemType");
        entity.setAll(item);
        return entity;
    }

    private ObjectNode stockEntity(StockLedger.Row row) {
        StockLedger.Key k = row.key();
        String uri = baseUri.get() + PATH + "/" + STOCK_SERVICE + "/A_MatlStkInAcctMod(Material='" + k.material()
                + "',Plant='" + k.plant() + "',StorageLocation='" + k.storageLocation() + "',Batch='" + k.batch()
                + "',Supplier='',Customer='',WBSElementInternalID='00000000',SDDocument='',SDDocumentItem='000000',"
                + "InventorySpecialStockType='',InventoryStockType='"
                + row.type().code() + "')";
        ObjectNode entity = metadata(uri, "A_MatlStkInAcctModType");
        entity.put("Material", k.material());
        entity.put("Plant", k.plant());
        entity.put("StorageLocation", k.storageLocation());
        entity.put("Batch", k.batch());
        entity.put("Supplier", "");
        entity.put("Customer", "");
        entity.put("WBSElementInternalID", "00000000");
        entity.put("SDDocument", "");
        entity.put("SDDocumentItem", "000000");
        entity.put("InventorySpecialStockType", "");
        entity.put("InventoryStockType", row.type().code());
        entity.put("WBSElementExternalID", "");
        entity.put("MaterialBaseUnit", row.baseUnit());
        entity.put("MatlWrhsStkQtyInMatlBaseUnit", MaterialDocuments.scaled(row.quantity()));
        return entity;
    }

    private ObjectNode metadata(String uri, String type) {
        ObjectNode entity = odata.object();
        ObjectNode metadata = entity.putObject("__metadata");
        metadata.put("id", uri);
        metadata.put("uri", uri);
        metadata.put("type", (type.startsWith("A_MatlStk") ? STOCK_SERVICE : DOCUMENT_SERVICE) + "." + type);
        return entity;
    }

    private String headerUri(String year, String number) {
        return baseUri.get() + PATH + "/" + DOCUMENT_SERVICE + "/A_MaterialDocumentHeader(MaterialDocumentYear='" + year
                + "',MaterialDocument='" + number + "')";
    }

    private Reply serviceDocument(String service) {
        ObjectNode d = odata.object();
        var sets = d.putArray("EntitySets");
        if (service.equals(STOCK_SERVICE)) {
            sets.add("A_MaterialStock");
            sets.add("A_MatlStkInAcctMod");
        } else {
            sets.add("A_MaterialDocumentHeader");
            sets.add("A_MaterialDocumentItem");
        }
        return odata.entity(200, d);
    }

    private Reply notFound(String service, String rest) {
        return odata.error(404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment '" + rest + "'", service);
    }

    private static int integer(String text, String name) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + text + "' for system query option " + name);
        }
    }

    private static @Nullable String user(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            return java.security.MessageDigest.isEqual(
                            decoded.getBytes(StandardCharsets.UTF_8),
                            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))
                    ? USER
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
