package org.qualigate.quality;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.QualigateIT;

/**
 * A new material with one batch in unrestricted stock at plant CH10, storage location 0001, of the sandbox ERP, and
 * its non-conformance ({@code a0N<material>}, {@code NC-<material>}) as the QMS's webhook sends it, signed.
 */
final class NcLot {

    private final SandboxStock stock;
    private final String material;
    private final String batch;

    private NcLot(SandboxStock stock, String material, String batch) {
        this.stock = stock;
        this.material = material;
        this.batch = batch;
    }

    /** {@code quantity} EA of {@code batch} of a new material whose code starts with {@code prefix}. */
    static NcLot inStock(Sandbox sandbox, String prefix, String batch, int quantity) {
        SandboxStock stock = new SandboxStock(sandbox);
        String material = stock.newMaterial(prefix);
        stock.receive(material, batch, StockType.UNRESTRICTED, quantity);
        return new NcLot(stock, material, batch);
    }

    String material() {
        return material;
    }

    /** The batch's stock of {@code type} in the ERP. */
    int stock(StockType type) {
        return stock.of(material, batch, type);
    }

    /**
     * The batch's NC (version 1) in {@code status} with {@code disposition}, sent at {@code at} to the service on
     * {@code port}, with the {@code traceparent} when one is given.
     */
    HttpResponse<String> nc(
            HttpClient http,
            int port,
            Instant at,
            String status,
            @Nullable String disposition,
            @Nullable String traceparent)
            throws Exception {
        String body = NcEvents.v1("a0N" + material, "NC-" + material, at, status, disposition, material, batch);
        return NcEvents.send(http, port, at, "msg_" + UUID.randomUUID(), body, QualigateIT.SECRET, traceparent);
    }
}
