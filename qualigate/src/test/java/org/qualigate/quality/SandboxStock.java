package org.qualigate.quality;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.erp.StockType;

/**
 * Stock of new materials at plant CH10, storage location 0001, of the sandbox's S/4HANA: a material made up for one
 * test, its batches received into stock, and their stock read back from the ERP.
 */
final class SandboxStock {

    private static final AtomicInteger N = new AtomicInteger();

    private final Sandbox sandbox;

    SandboxStock(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** A material the ERP knows (unit EA) whose code starts with {@code prefix} and no other test uses. */
    String newMaterial(String prefix) {
        String material =
                prefix + Long.toString(System.nanoTime() % 100_000_000L, 36).toUpperCase() + N.incrementAndGet();
        sandbox.quality().erp().addMaterial(material, "EA");
        return material;
    }

    /** {@code quantity} EA of the material's {@code batch} received into stock of {@code type}. */
    void receive(String material, String batch, StockType type, int quantity) {
        sandbox.quality().erp().receive(material, "CH10", "0001", batch, type, new BigDecimal(quantity));
    }

    /** The batch's stock of {@code type} as the ERP holds it. */
    int of(String material, String batch, StockType type) {
        return sandbox.quality()
                .erp()
                .stock(material, "CH10", "0001", batch, type)
                .intValue();
    }
}
