package org.qualigate.sandbox.erp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts material documents against the stock ledger, all items or none, and keeps them for reading back. The
 * checks are the ones a client meets in S/4HANA: a transfer posting needs goods movement code 04, the entry unit
 * must be the material's base unit, the batch must exist, and no posting may leave a stock type negative
 * ({@code M7/021 Deficit of BA …}). Codes other than {@code M7/021} are the simulator's own ({@code ZQG/…}).
 */
final class MaterialDocuments {

    private static final List<String> REQUIRED_ITEM_FIELDS = List.of(
            "Material", "Plant", "StorageLocation", "Batch", "GoodsMovementType", "QuantityInEntryUnit", "EntryUnit");

    /** A posted document: its header and its items as the API returns them (without {@code __metadata}). */
    record Document(ObjectNode header, List<ObjectNode> items) {
        String number() {
            return header.path("MaterialDocument").asString();
        }

        String year() {
            return header.path("MaterialDocumentYear").asString();
        }
    }

    private record Line(StockLedger.Key key, Movement movement, BigDecimal quantity, String unit, JsonNode source) {}

    private final StockLedger ledger;
    private final JsonMapper json;
    private final Map<String, Document> documents = new LinkedHashMap<>();
    private long nextNumber = 4_900_000_001L;

    MaterialDocuments(StockLedger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    /** Validates and posts the deep-inserted document, or refuses it whole. */
    Document post(JsonNode body, String user, Instant now) throws PostingRefused {
        if (!body.isObject()) {
            throw new PostingRefused("ZQG/001", "The request body must be a JSON object");
        }
        String code = body.path("GoodsMovementCode").asString("");
        if (!code.equals(Movement.TRANSFER_POSTING)) {
            throw new PostingRefused(
                    "ZQG/002", "Goods movement code '" + code + "' is not supported; transfer postings use 04");
        }
        List<Line> lines = lines(items(body));
        checkStock(lines);
        LocalDate posting = body.hasNonNull("PostingDate")
                ? parse(body.path("PostingDate").asString())
                : LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate documentDate = body.hasNonNull("DocumentDate")
                ? parse(body.path("DocumentDate").asString())
                : posting;
        String number = Long.toString(nextNumber++);
        String year = Integer.toString(posting.getYear());
        ObjectNode header = header(body, number, year, posting, documentDate, user, now);
        List<ObjectNode> items = new ArrayList<>();
        for (Line line : lines) {
            ledger.move(line.key(), line.movement().from(), line.movement().to(), line.quantity());
            items.add(item(line, number, year, items.size() + 1));
        }
        Document document = new Document(header, List.copyOf(items));
        documents.put(year + "/" + number, document);
        return document;
    }

    Optional<Document> find(String year, String number) {
        return Optional.ofNullable(documents.get(year + "/" + number));
    }

    List<Document> all() {
        return List.copyOf(documents.values());
    }

    private static ArrayNode items(JsonNode body) throws PostingRefused {
        JsonNode items = body.path("to_MaterialDocumentItem");
        if (items.isObject()) {
            items = items.path("results");
        }
        if (!items.isArray() || items.isEmpty()) {
            throw new PostingRefused("ZQG/003", "The document has no items (to_MaterialDocumentItem)");
        }
        return (ArrayNode) items;
    }

    private List<Line> lines(ArrayNode items) throws PostingRefused {
        List<Line> lines = new ArrayList<>();
        for (JsonNode item : items) {
            for (String field : REQUIRED_ITEM_FIELDS) {
                if (item.path(field).asString("").isBlank()) {
                    throw new PostingRefused("ZQG/004", "Item " + (lines.size() + 1) + ": " + field + " is required");
                }
            }
            String material = item.path("Material").asString();
            String unit = ledger.baseUnit(material)
                    .orElseThrow(() -> new PostingRefused("ZQG/005", "Material " + material + " does not exist"));
            String type = item.path("GoodsMovementType").asString();
            Movement movement = Movement.of(type)
                    .orElseThrow(() ->
                            new PostingRefused("ZQG/006", "Movement type " + type + " is not allowed in this API"));
            StockLedger.Key key = new StockLedger.Key(
                    material,
                    item.path("Plant").asString(),
                    item.path("StorageLocation").asString(),
                    item.path("Batch").asString());
            if (!ledger.knows(key)) {
                throw new PostingRefused(
                        "ZQG/007",
                        "Batch " + key.batch() + " does not exist for material " + material + " in plant " + key.plant()
                                + ", storage location " + key.storageLocation());
            }
            String entryUnit = item.path("EntryUnit").asString();
            if (!entryUnit.equals(unit)) {
                throw new PostingRefused(
                        "ZQG/008", "Unit " + entryUnit + " is not the base unit " + unit + " of material " + material);
            }
            lines.add(new Line(key, movement, quantity(item, lines.size() + 1), unit, item));
        }
        return lines;
    }

    private static BigDecimal quantity(JsonNode item, int position) throws PostingRefused {
        try {
            BigDecimal quantity =
                    new BigDecimal(item.path("QuantityInEntryUnit").asString().trim());
            if (quantity.signum() <= 0) {
                throw new PostingRefused("ZQG/009", "Item " + position + ": the quantity must be greater than zero");
            }
            return quantity;
        } catch (NumberFormatException e) {
            throw new PostingRefused("ZQG/009", "Item " + position + ": QuantityInEntryUnit is not a number");
        }
    }

    /** Refuses the posting when the items together would take more than a stock type holds. */
    private void checkStock(List<Line> lines) throws PostingRefused {
        Map<String, BigDecimal> needed = new HashMap<>();
        for (Line line : lines) {
            String slot = line.key() + "|" + line.movement().from();
            BigDecimal total = needed.merge(slot, line.quantity(), BigDecimal::add);
            BigDecimal available = ledger.quantity(line.key(), line.movement().from());
            if (total.compareTo(available) > 0) {
                BigDecimal missing = total.subtract(available);
                throw new PostingRefused(
                        "M7/021",
                        "Deficit of BA " + line.movement().from().label() + " "
                                + missing.stripTrailingZeros().toPlainString() + " " + line.unit() + " : "
                                + line.key());
            }
        }
    }

    private ObjectNode header(
            JsonNode body,
            String number,
            String year,
            LocalDate posting,
            LocalDate documentDate,
            String user,
            Instant now) {
        ObjectNode header = json.createObjectNode();
        header.put("MaterialDocumentYear", year);
        header.put("MaterialDocument", number);
        header.put("InventoryTransactionType", "WA");
        header.put("DocumentDate", ODataV2.date(midnight(documentDate)));
        header.put("PostingDate", ODataV2.date(midnight(posting)));
        header.put("CreationDate", ODataV2.date(midnight(LocalDate.ofInstant(now, ZoneOffset.UTC))));
        header.put(
                "CreationTime",
                "PT%02dH%02dM%02dS"
                        .formatted(
                                now.atZone(ZoneOffset.UTC).getHour(),
                                now.atZone(ZoneOffset.UTC).getMinute(),
                                now.atZone(ZoneOffset.UTC).getSecond()));
        header.put("CreatedByUser", user);
        header.put(
                "MaterialDocumentHeaderText",
                body.path("MaterialDocumentHeaderText").asString(""));
        header.put("ReferenceDocument", body.path("ReferenceDocument").asString(""));
        header.put("GoodsMovementCode", Movement.TRANSFER_POSTING);
        return header;
    }

    private ObjectNode item(Line line, String number, String year, int position) {
        ObjectNode item = json.createObjectNode();
        item.put("MaterialDocumentYear", year);
        item.put("MaterialDocument", number);
        item.put("MaterialDocumentItem", Integer.toString(position));
        item.put("Material", line.key().material());
        item.put("Plant", line.key().plant());
        item.put("StorageLocation", line.key().storageLocation());
        item.put("Batch", line.key().batch());
        item.put("GoodsMovementType", line.movement().type());
        item.put("InventoryStockType", line.movement().from().code());
        item.put("InventorySpecialStockType", "");
        item.put("IssuingOrReceivingPlant", line.key().plant());
        item.put("IssuingOrReceivingStorageLoc", line.key().storageLocation());
        item.put("IssgOrRcvgMaterial", line.key().material());
        item.put("IssgOrRcvgBatch", line.key().batch());
        item.put("QuantityInEntryUnit", scaled(line.quantity()));
        item.put("EntryUnit", line.unit());
        item.put("QuantityInBaseUnit", scaled(line.quantity()));
        item.put("MaterialBaseUnit", line.unit());
        item.put("GoodsMovementIsCancelled", false);
        item.put(
                "MaterialDocumentItemText",
                line.source().path("MaterialDocumentItemText").asString(""));
        return item;
    }

    static String scaled(BigDecimal quantity) {
        return quantity.setScale(3, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static Instant midnight(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate parse(@Nullable String text) throws PostingRefused {
        try {
            return ODataV2.parseDate(String.valueOf(text));
        } catch (IllegalArgumentException e) {
            throw new PostingRefused("ZQG/010", e.getMessage());
        }
    }
}
