package org.qualigate.sandbox.erp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stock of every batch the ERP knows, per material, plant, storage location, batch and stock type. A batch
 * exists once it was put in stock, even when its quantity is zero. Not thread-safe: the simulator serialises.
 */
final class StockLedger {

    /** Where a batch's stock lies. */
    record Key(String material, String plant, String storageLocation, String batch) {
        Key {
            Objects.requireNonNull(material, "material");
            Objects.requireNonNull(plant, "plant");
            Objects.requireNonNull(storageLocation, "storageLocation");
            Objects.requireNonNull(batch, "batch");
        }

        @Override
        public String toString() {
            return material + " " + plant + " " + storageLocation + " " + batch;
        }
    }

    /** One non-zero stock row, as the account model reports it. */
    record Row(Key key, StockType type, BigDecimal quantity, String baseUnit) {}

    private final Map<String, String> baseUnits = new LinkedHashMap<>();
    private final Map<Key, EnumMap<StockType, BigDecimal>> stock = new LinkedHashMap<>();

    void material(String material, String baseUnit) {
        baseUnits.put(material, baseUnit);
    }

    Optional<String> baseUnit(String material) {
        return Optional.ofNullable(baseUnits.get(material));
    }

    boolean knows(Key key) {
        return stock.containsKey(key);
    }

    /** Adds the quantity to the batch's stock of that type (a goods receipt, for seeding). */
    void receive(Key key, StockType type, BigDecimal quantity) {
        if (!baseUnits.containsKey(key.material())) {
            throw new IllegalArgumentException("unknown material " + key.material());
        }
        stock.computeIfAbsent(key, k -> new EnumMap<>(StockType.class)).merge(type, quantity, BigDecimal::add);
    }

    BigDecimal quantity(Key key, StockType type) {
        EnumMap<StockType, BigDecimal> byType = stock.get(key);
        return byType == null ? BigDecimal.ZERO : byType.getOrDefault(type, BigDecimal.ZERO);
    }

    /** Moves the quantity between stock types; the caller has checked that it is there. */
    void move(Key key, StockType from, StockType to, BigDecimal quantity) {
        EnumMap<StockType, BigDecimal> byType = stock.get(key);
        if (byType == null || quantity(key, from).compareTo(quantity) < 0) {
            throw new IllegalStateException("deficit of " + from + " for " + key);
        }
        byType.merge(from, quantity.negate(), BigDecimal::add);
        byType.merge(to, quantity, BigDecimal::add);
    }

    /** Every stock row with a quantity above zero, in the order the batches were first received. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        stock.forEach((key, byType) -> byType.forEach((type, quantity) -> {
            if (quantity.signum() > 0) {
                rows.add(new Row(key, type, quantity, baseUnits.get(key.material())));
            }
        }));
        return rows;
    }

    /** The batches of a material at a plant, with the storage location each lies in. */
    List<Key> batches(String material, String plant) {
        return stock.keySet().stream()
                .filter(k -> k.material().equals(material) && k.plant().equals(plant))
                .toList();
    }

    List<Key> batches() {
        return List.copyOf(stock.keySet());
    }
}
