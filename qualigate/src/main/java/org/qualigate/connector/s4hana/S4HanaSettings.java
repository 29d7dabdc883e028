package org.qualigate.connector.s4hana;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The connection to S/4HANA: the OData root ({@code …/sap/opu/odata/sap}), the communication user, the client, the
 * timeout, the {@code InventoryStockType} codes of unrestricted, quality-inspection and blocked stock (the entity's
 * documentation names the field, not its values: the defaults are assumptions), and the message codes that mean
 * "this material or batch does not exist" (assumed too; a real system's codes go here).
 */
record S4HanaSettings(
        @Nullable String baseUrl,
        @Nullable String username,
        @Nullable String password,
        @Nullable String sapClient,
        Duration requestTimeout,
        Map<String, String> stockTypes,
        List<String> unknownBatchCodes) {

    public S4HanaSettings {
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        stockTypes = stockTypes == null || stockTypes.isEmpty()
                ? Map.of("UNRESTRICTED", "01", "QUALITY_INSPECTION", "02", "BLOCKED", "07")
                : Map.copyOf(stockTypes);
        unknownBatchCodes = unknownBatchCodes == null || unknownBatchCodes.isEmpty()
                ? List.of("ZQG/005", "ZQG/007")
                : List.copyOf(unknownBatchCodes);
    }

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    @Override
    public String toString() {
        // the password is never written out
        return "S4HanaSettings[baseUrl=" + baseUrl + ", username=" + username + ", sapClient=" + sapClient + "]";
    }
}
