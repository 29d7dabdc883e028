package org.qualigate.connector.s4hana;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.TargetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batch stock in SAP S/4HANA. Stock is read from {@code API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod} (own stock only:
 * rows with a special stock indicator are someone else's and count as {@code OTHER}), following {@code __next}.
 * A movement is a transfer posting (goods movement code {@code 04}) to {@code
 * API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader} with its items deep-inserted: movement type {@code 344}
 * (unrestricted to blocked) or {@code 343} (back). Before the first modifying call, and again whenever the server
 * answers {@code 403} with {@code x-csrf-token: Required} (the session ended), a GET with {@code x-csrf-token: Fetch}
 * gets a token and the session cookies, which every later call sends; the refused call is then tried once more.
 */
public final class S4HanaStock implements BatchStock {

    static final String DOCUMENTS = "/API_MATERIAL_DOCUMENT_SRV";
    static final String STOCK = "/API_MATERIAL_STOCK_SRV";
    private static final Pattern DATE = Pattern.compile("^/Date\\((-?\\d{1,15})(?:[+-]\\d{1,4})?\\)/$");

    /** The CSRF token and the cookies of the session it belongs to. */
    private record Session(String token, String cookies) {}

    private final String name;
    private final S4HanaSettings settings;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> kindByCode = new LinkedHashMap<>();
    private volatile @Nullable Session session;

    public S4HanaStock(String name, S4HanaSettings settings) {
        this(
                name,
                settings,
                HttpClient.newBuilder()
                        .connectTimeout(settings.requestTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
    }

    public S4HanaStock(String name, S4HanaSettings settings, HttpClient http) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("S/4HANA needs a base URL");
        }
        this.name = name;
        this.settings = settings;
        this.http = http;
        settings.stockTypes().forEach((kind, code) -> kindByCode.put(code, kind));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<StockRow> stockOf(String material, String plant, String batch) {
        String filter = "Material eq " + literal(material) + " and Plant eq " + literal(plant) + " and Batch eq "
                + literal(batch);
        String url = root() + STOCK + "/A_MatlStkInAcctMod?$filter=" + encode(filter) + "&$format=json" + client("&");
        List<StockRow> rows = new ArrayList<>();
        for (int pages = 0; url != null; pages++) {
            if (pages > 1000) {
                throw TargetException.permanentFailure(
                        prefix() + "stock of batch " + batch + " pages without end", null);
            }
            HttpResponse<String> response = call(get(url, false));
            if (response.statusCode() != 200) {
                throw failure("GET A_MatlStkInAcctMod", response);
            }
            JsonNode d = body(response).path("d");
            for (JsonNode row : results(d)) {
                StockRow read = stockRow(row, material, plant, batch);
                if (read != null) {
                    rows.add(read);
                }
            }
            String next = d.path("__next").asString(null);
            url = next == null || next.isBlank() ? null : absolute(next);
        }
        return rows;
    }

    @Override
    public Posting post(Movement movement) {
        byte[] body = json.writeValueAsBytes(document(movement));
        HttpResponse<String> response =
                postWithToken(root() + DOCUMENTS + "/A_MaterialDocumentHeader" + client("?"), body);
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            JsonNode d = body(response).path("d");
            String document = d.path("MaterialDocument").asString("");
            if (document.isBlank()) {
                throw TargetException.permanentFailure(
                        prefix() + "the posting was accepted but the answer names no MaterialDocument", null);
            }
            return new Posting.Posted(
                    document, d.path("MaterialDocumentYear").asString(""), date(d.path("PostingDate")));
        }
        if (status == 400) {
            ODataError error = ODataError.of(json, response.body());
            if (error.code().equals("M7/021")) {
                // a deficit: the stock moved since it was read; read it again and decide again
                throw TargetException.transientFailure(prefix() + "400 " + error, null);
            }
            return new Posting.Refused(
                    error.code(), error.message(), settings.unknownBatchCodes().contains(error.code()));
        }
        throw failure("POST A_MaterialDocumentHeader", response);
    }

    @Override
    public Optional<Posting.Posted> findByHeaderText(String headerText) {
        String url = root() + DOCUMENTS + "/A_MaterialDocumentHeader?$filter="
                + encode("MaterialDocumentHeaderText eq " + literal(headerText)) + "&$top=1&$format=json" + client("&");
        HttpResponse<String> response = call(get(url, false));
        if (response.statusCode() != 200) {
            throw failure("GET A_MaterialDocumentHeader", response);
        }
        for (JsonNode row : results(body(response).path("d"))) {
            if (headerText.equals(row.path("MaterialDocumentHeaderText").asString(""))) {
                return Optional.of(new Posting.Posted(
                        row.path("MaterialDocument").asString(),
                        row.path("MaterialDocumentYear").asString(""),
                        date(row.path("PostingDate"))));
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private ObjectNode document(Movement movement) {
        ObjectNode header = json.createObjectNode();
        header.put(
                "PostingDate",
                "/Date("
                        + movement.postingDate()
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant()
                                .toEpochMilli() + ")/");
        header.put("GoodsMovementCode", "04");
        header.put("MaterialDocumentHeaderText", movement.headerText());
        header.put("ReferenceDocument", clip(movement.reference(), 16));
        ArrayNode items = header.putObject("to_MaterialDocumentItem").putArray("results");
        String type = movement.direction() == Direction.BLOCK ? "344" : "343";
        for (Line line : movement.lines()) {
            ObjectNode item = items.addObject();
            item.put("Material", movement.material());
            item.put("Plant", movement.plant());
            item.put("StorageLocation", line.storageLocation());
            item.put("Batch", movement.batch());
            item.put("GoodsMovementType", type);
            item.put("QuantityInEntryUnit", line.quantity().toPlainString());
            item.put("EntryUnit", line.unit());
        }
        return header;
    }

    private @Nullable StockRow stockRow(JsonNode row, String material, String plant, String batch) {
        // the filter is the server's; a row for another batch is not this batch's stock, whatever the server did
        if (!material.equals(row.path("Material").asString(""))
                || !plant.equals(row.path("Plant").asString(""))
                || !batch.equals(row.path("Batch").asString(""))) {
            return null;
        }
        JsonNode quantity = row.path("MatlWrhsStkQtyInMatlBaseUnit");
        BigDecimal amount;
        try {
            amount = quantity.isNumber()
                    ? quantity.decimalValue()
                    : new BigDecimal(quantity.asString("").trim());
        } catch (NumberFormatException e) {
            throw TargetException.permanentFailure(
                    prefix() + "stock row of batch " + batch + " has no number in MatlWrhsStkQtyInMatlBaseUnit: "
                            + clip(quantity.toString(), 40),
                    null);
        }
        String special = row.path("InventorySpecialStockType").asString("");
        String kind = special.isBlank()
                ? kindByCode.getOrDefault(row.path("InventoryStockType").asString(""), "OTHER")
                : "OTHER";
        return new StockRow(
                row.path("StorageLocation").asString(""),
                StockKind.valueOf(kind),
                amount,
                row.path("MaterialBaseUnit").asString(""));
    }

    /** POST with the session's token; a {@code 403 x-csrf-token: Required} gets a new session and one more try. */
    private HttpResponse<String> postWithToken(String url, byte[] body) {
        Session s = session();
        HttpResponse<String> response = call(post(url, body, s));
        if (response.statusCode() == 403
                && "required"
                        .equalsIgnoreCase(
                                response.headers().firstValue("x-csrf-token").orElse(""))) {
            synchronized (this) {
                if (session == s) {
                    session = null;
                }
            }
            response = call(post(url, body, session()));
            if (response.statusCode() == 403) {
                throw TargetException.permanentFailure(
                        prefix() + "a fresh CSRF token is refused too: " + clip(response.body(), 200), null);
            }
        }
        return response;
    }

    private Session session() {
        Session s = session;
        if (s != null) {
            return s;
        }
        synchronized (this) {
            if (session == null) {
                session = fetchToken();
            }
            return session;
        }
    }

    private Session fetchToken() {
        HttpResponse<String> response = call(get(root() + DOCUMENTS + "/" + client("?"), true));
        if (response.statusCode() != 200) {
            throw failure("CSRF token fetch", response);
        }
        String token = response.headers().firstValue("x-csrf-token").orElse("");
        if (token.isBlank() || token.equalsIgnoreCase("required")) {
            throw TargetException.permanentFailure(prefix() + "the token fetch answered no x-csrf-token", null);
        }
        List<String> cookies = new ArrayList<>();
        for (String setCookie : response.headers().allValues("set-cookie")) {
            String pair = setCookie.split(";", 2)[0].trim();
            if (pair.contains("=")) {
                cookies.add(pair);
            }
        }
        return new Session(token, String.join("; ", cookies));
    }

    private HttpRequest get(String url, boolean fetchToken) {
        HttpRequest.Builder request = base(url).GET();
        if (fetchToken) {
            request.header("x-csrf-token", "Fetch");
        }
        Session s = session;
        if (s != null && !s.cookies().isEmpty()) {
            request.header("Cookie", s.cookies());
        }
        return request.build();
    }

    private HttpRequest post(String url, byte[] body, Session s) {
        HttpRequest.Builder request = base(url)
                .header("Content-Type", "application/json")
                .header("x-csrf-token", s.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!s.cookies().isEmpty()) {
            request.header("Cookie", s.cookies());
        }
        return request.build();
    }

    private HttpRequest.Builder base(String url) {
        String credentials = settings.username() + ":" + settings.password();
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // a POST whose answer is lost may have been posted: the caller looks it up by its header text
            throw TargetException.transientFailure(
                    prefix() + request.method() + " " + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TargetException.transientFailure(prefix() + "interrupted", e);
        }
    }

    private TargetException failure(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        String message = prefix() + what + " answered " + status + " " + ODataError.of(json, response.body());
        if (status == 429 || status == 503) {
            Duration wait = response.headers()
                    .firstValue("Retry-After")
                    .flatMap(S4HanaStock::seconds)
                    .orElse(null);
            return TargetException.rateLimited(message, wait);
        }
        if (status >= 500 || status == 408) {
            return TargetException.transientFailure(message, null);
        }
        return TargetException.permanentFailure(message, null);
    }

    private JsonNode body(HttpResponse<String> response) {
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw TargetException.permanentFailure(prefix() + "answer is not a JSON object", null);
            }
            return node;
        } catch (JacksonException e) {
            throw TargetException.permanentFailure(
                    prefix() + "answer " + response.statusCode() + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The rows of an OData v2 collection: {@code d.results}, or {@code d} itself as an array (v1 style). */
    private static List<JsonNode> results(JsonNode d) {
        JsonNode results = d.isArray() ? d : d.path("results");
        List<JsonNode> rows = new ArrayList<>();
        results.values().forEach(rows::add);
        return rows;
    }

    /** An OData v2 {@code /Date(ms)/} or an ISO date or date-time (what gateways send for {@code Edm.DateTime}). */
    static @Nullable LocalDate date(JsonNode value) {
        String text = value.asString("").trim();
        if (text.isEmpty()) {
            return null;
        }
        Matcher m = DATE.matcher(text);
        try {
            if (m.matches()) {
                return LocalDate.ofInstant(Instant.ofEpochMilli(Long.parseLong(m.group(1))), ZoneOffset.UTC);
            }
            return LocalDate.parse(text.length() >= 10 ? text.substring(0, 10) : text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String absolute(String next) {
        if (next.startsWith("http://") || next.startsWith("https://")) {
            URI link = URI.create(next);
            URI base = URI.create(root());
            if (!link.getHost().equalsIgnoreCase(base.getHost()) || link.getPort() != base.getPort()) {
                throw TargetException.permanentFailure(prefix() + "a __next link leads to another host: " + next, null);
            }
            return next;
        }
        URI base = URI.create(root());
        return base.getScheme() + "://" + base.getRawAuthority() + (next.startsWith("/") ? "" : "/") + next;
    }

    private String root() {
        String base = String.valueOf(settings.baseUrl());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private String client(String separator) {
        String c = settings.sapClient();
        return c == null || c.isBlank() ? "" : separator + "sap-client=" + encode(c);
    }

    private String prefix() {
        return "ERP " + name + ": ";
    }

    private static Optional<Duration> seconds(String text) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** SAP Gateway's error body: {@code {"error":{"code","message":{"lang","value"},"innererror":{…}}}}. */
    record ODataError(String code, String message) {

        static ODataError of(JsonMapper json, String body) {
            try {
                JsonNode error = json.readTree(body).path("error");
                if (!error.isObject()) {
                    return new ODataError("", clip(body, 300));
                }
                JsonNode message = error.path("message");
                String text = message.isObject() ? message.path("value").asString("") : message.asString("");
                return new ODataError(error.path("code").asString(""), clip(text, 300));
            } catch (JacksonException | IllegalArgumentException e) {
                // not JSON (a 403 CSRF refusal or a proxy's page is plain text)
                return new ODataError("", clip(body, 300));
            }
        }

        @Override
        public String toString() {
            return (code.isEmpty() ? "" : code + " ") + message;
        }
    }
}
