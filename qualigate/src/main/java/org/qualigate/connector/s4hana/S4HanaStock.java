package org.qualigate.connector.s4hana;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.TargetException;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.trace.Traces;
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
final class S4HanaStock implements BatchStock {

    static final String DOCUMENTS = "/API_MATERIAL_DOCUMENT_SRV";
    static final String STOCK = "/API_MATERIAL_STOCK_SRV";
    private static final Pattern DATE = Pattern.compile("^/Date\\((-?\\d{1,15})(?:[+-]\\d{1,4})?\\)/$");

    private final String name;
    private final S4HanaSettings settings;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> kindByCode = new LinkedHashMap<>();
    private final S4HanaGateway gateway;

    /** {@code recorder}: where the calls are recorded as trace steps (that of the application building this). */
    public S4HanaStock(String name, S4HanaSettings settings, Traces.CallRecorder recorder) {
        this(
                name,
                settings,
                HttpClient.newBuilder()
                        .connectTimeout(settings.requestTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                recorder);
    }

    public S4HanaStock(String name, S4HanaSettings settings, HttpClient http, Traces.CallRecorder recorder) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("S/4HANA needs a base URL");
        }
        this.name = name;
        this.settings = settings;
        this.gateway = new S4HanaGateway(name, settings, new HttpCalls(http, recorder), json);
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
        return read(filter, material, plant, batch, "stock of batch " + batch).getOrDefault(batch, List.of());
    }

    @Override
    public SortedMap<String, List<StockRow>> stockOfMaterial(String material, String plant) {
        String filter = "Material eq " + literal(material) + " and Plant eq " + literal(plant);
        return read(filter, material, plant, null, "stock of material " + material);
    }

    /**
     * The stock rows the filter selects, page by page, by batch; rows of another material, plant or (when {@code
     * only} is given) batch are not kept, whatever the server did.
     */
    private SortedMap<String, List<StockRow>> read(
            String filter, String material, String plant, @Nullable String only, String what) {
        String url = gateway.root() + STOCK + "/A_MatlStkInAcctMod?$filter=" + S4HanaGateway.encode(filter)
                + "&$format=json" + gateway.client("&");
        SortedMap<String, List<StockRow>> rows = new TreeMap<>();
        for (int pages = 0; url != null; pages++) {
            if (pages > 1000) {
                throw TargetException.permanentFailure(gateway.prefix() + what + " pages without end", null);
            }
            HttpResponse<String> response = gateway.get(url);
            if (response.statusCode() != 200) {
                throw gateway.failure("GET A_MatlStkInAcctMod", response);
            }
            JsonNode d = gateway.body(response).path("d");
            for (JsonNode row : results(d)) {
                String batch = only != null ? only : row.path("Batch").asString("");
                StockRow read = batch.isBlank() ? null : stockRow(row, material, plant, batch);
                if (read != null) {
                    rows.computeIfAbsent(batch, b -> new ArrayList<>()).add(read);
                }
            }
            String next = d.path("__next").asString(null);
            url = next == null || next.isBlank() ? null : gateway.absolute(next);
        }
        return rows;
    }

    @Override
    public Posting post(Movement movement) {
        byte[] body = json.writeValueAsBytes(document(movement));
        HttpResponse<String> response = gateway.postWithToken(
                gateway.root() + DOCUMENTS + "/A_MaterialDocumentHeader" + gateway.client("?"), body);
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            JsonNode d = gateway.body(response).path("d");
            String document = d.path("MaterialDocument").asString("");
            if (document.isBlank()) {
                throw TargetException.permanentFailure(
                        gateway.prefix() + "the posting was accepted but the answer names no MaterialDocument", null);
            }
            return new Posting.Posted(
                    document, d.path("MaterialDocumentYear").asString(""), date(d.path("PostingDate")));
        }
        if (status == 400) {
            S4HanaGateway.ODataError error = S4HanaGateway.ODataError.of(json, response.body());
            if (error.code().equals("M7/021")) {
                // a deficit: the stock moved since it was read; read it again and decide again
                throw TargetException.transientFailure(gateway.prefix() + "400 " + error, null);
            }
            return new Posting.Refused(
                    error.code(), error.message(), settings.unknownBatchCodes().contains(error.code()));
        }
        throw gateway.failure("POST A_MaterialDocumentHeader", response);
    }

    @Override
    public Optional<Posting.Posted> findByHeaderText(String headerText) {
        String url = gateway.root() + DOCUMENTS + "/A_MaterialDocumentHeader?$filter="
                + S4HanaGateway.encode("MaterialDocumentHeaderText eq " + literal(headerText)) + "&$top=1&$format=json"
                + gateway.client("&");
        HttpResponse<String> response = gateway.get(url);
        if (response.statusCode() != 200) {
            throw gateway.failure("GET A_MaterialDocumentHeader", response);
        }
        for (JsonNode row : results(gateway.body(response).path("d"))) {
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
        header.put("ReferenceDocument", S4HanaGateway.clip(movement.reference(), 16));
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
                    gateway.prefix() + "stock row of batch " + batch
                            + " has no number in MatlWrhsStkQtyInMatlBaseUnit: "
                            + S4HanaGateway.clip(quantity.toString(), 40),
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

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
