package org.qualigate.quality;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.QualigateIT;

/**
 * A new material with one batch in unrestricted stock at plant CH10, storage location 0001, of the sandbox ERP, and
 * its non-conformance ({@code a0N<material>}, {@code NC-<material>}) as the QMS's webhook sends it, signed.
 */
final class NcLot {

    private static final AtomicInteger N = new AtomicInteger();

    private final Sandbox sandbox;
    private final String material;
    private final String batch;

    private NcLot(Sandbox sandbox, String material, String batch) {
        this.sandbox = sandbox;
        this.material = material;
        this.batch = batch;
    }

    /** {@code quantity} EA of {@code batch} of a new material whose code starts with {@code prefix}. */
    static NcLot inStock(Sandbox sandbox, String prefix, String batch, int quantity) {
        String material =
                prefix + Long.toString(System.nanoTime() % 100_000_000L, 36).toUpperCase() + N.incrementAndGet();
        sandbox.quality().erp().addMaterial(material, "EA");
        sandbox.quality()
                .erp()
                .receive(material, "CH10", "0001", batch, StockType.UNRESTRICTED, new BigDecimal(quantity));
        return new NcLot(sandbox, material, batch);
    }

    String material() {
        return material;
    }

    /** The batch's stock of {@code type} in the ERP. */
    int stock(StockType type) {
        return sandbox.quality()
                .erp()
                .stock(material, "CH10", "0001", batch, type)
                .intValue();
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
