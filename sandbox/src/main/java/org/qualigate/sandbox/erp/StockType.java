package org.qualigate.sandbox.erp;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stock types a batch's quantity can be in, with the codes {@code API_MATERIAL_STOCK_SRV} reports in
 * {@code InventoryStockType}.
 */
public enum StockType {
    UNRESTRICTED("01", "Unrestricted-use"),
    QUALITY_INSPECTION("02", "Quality inspection"),
    BLOCKED("07", "Blocked");

    private final String code;
    private final String label;

    StockType(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The {@code InventoryStockType} value. */
    public String code() {
        return code;
    }

    /** How SAP names the stock in a deficit message. */
    String label() {
        return label;
    }

    static Optional<StockType> ofCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
