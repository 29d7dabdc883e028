package org.qualigate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.NonconformanceRecord;
import org.qualigate.quality.BatchState;
import org.qualigate.quality.QualitySla;
import org.qualigate.quality.QualityView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The quality module's state: non-conformances with the ERP state of the batch each names, one batch with its
 * explanation, the batches parked for review, and the service level per interface with its breaches.
 */
@RestController
class QualityController {

    private static final int MAX = 1000;

    private final QualityView quality;

    QualityController(QualityView quality) {
        this.quality = quality;
    }

    @GetMapping("/api/v1/quality/nonconformances")
    ResponseEntity<?> nonconformances(
            @RequestParam(defaultValue = "all") String status, @RequestParam(defaultValue = "200") int limit) {
        if (!status.equals("all") && !status.equals("open")) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", "status", "all or open"),
                    null);
        }
        if (limit < 1 || limit > MAX) {
            return badLimit();
        }
        List<NonconformanceItem> items = new ArrayList<>();
        for (QualityView.NonconformanceRow row : quality.nonconformances(status.equals("open"), limit)) {
            items.add(
                    new NonconformanceItem(nonconformance(row.nc()), row.batch() == null ? null : batch(row.batch())));
        }
        return ResponseEntity.ok(new Nonconformances(quality.configured(), items));
    }

    @GetMapping("/api/v1/quality/batches")
    ResponseEntity<?> batches(
            @RequestParam(defaultValue = "false") boolean parked, @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > MAX) {
            return badLimit();
        }
        return ResponseEntity.ok(new Items<>(quality.batches(parked, limit).stream()
                .map(QualityController::batch)
                .toList()));
    }

    @GetMapping("/api/v1/quality/batches/{material}/{batch}")
    ResponseEntity<?> batch(@PathVariable String material, @PathVariable String batch) {
        return quality.batch(material, batch)
                .<ResponseEntity<?>>map(view -> ResponseEntity.ok(new BatchDetail(
                        batch(view.state()),
                        view.decision().explanation(),
                        view.decision().holding(),
                        view.nonconformances().stream()
                                .map(QualityController::nonconformance)
                                .toList())))
                .orElseGet(() -> Problems.respond(
                        Problems.problem(
                                HttpStatus.NOT_FOUND,
                                "unknown-batch",
                                "Unknown batch",
                                "no non-conformance names batch " + batch + " of material " + material),
                        null));
    }

    @GetMapping("/api/v1/quality/capas")
    ResponseEntity<?> capas(@RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > MAX) {
            return badLimit();
        }
        return ResponseEntity.ok(new Items<>(quality.capas(limit)));
    }

    @GetMapping("/api/v1/quality/sla")
    ResponseEntity<?> sla(@RequestParam(name = "window", defaultValue = "P1D") String text) {
        Duration window;
        try {
            window = Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            window = Duration.ZERO;
        }
        if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(366)) > 0) {
            return Problems.respond(
                    Problems.invalidField(
                            HttpStatus.BAD_REQUEST,
                            "invalid-parameter",
                            "Invalid parameter",
                            "window",
                            "an ISO-8601 duration between PT1S and P366D"),
                    null);
        }
        Map<String, InterfaceSla> interfaces = new LinkedHashMap<>();
        quality.sla(window)
                .forEach((iface, s) -> interfaces.put(
                        iface.id(),
                        new InterfaceSla(
                                (iface == QualitySla.Interface.ERP_BLOCK
                                                ? quality.slaSettings().blockWithin()
                                                : quality.slaSettings().releaseWithin())
                                        .toString(),
                                s.events(),
                                s.open(),
                                s.breaches(),
                                s.p50() == null ? null : s.p50().toString(),
                                s.max() == null ? null : s.max().toString())));
        List<Breach> breaches = quality.slaBreaches(window, 100).stream()
                .map(e -> new Breach(
                        e.iface().id(), e.ncName(), e.material(), e.batch(), e.startedAt(), e.dueAt(), e.metAt()))
                .toList();
        return ResponseEntity.ok(new Sla(window.toString(), interfaces, breaches));
    }

    private static ResponseEntity<?> badLimit() {
        return Problems.respond(
                Problems.invalidField(
                        HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", "limit", "1 to " + MAX),
                null);
    }

    static NonconformanceView nonconformance(NonconformanceRecord nc) {
        return new NonconformanceView(
                nc.recordId(),
                nc.name(),
                nc.version(),
                nc.site(),
                nc.material(),
                nc.plant(),
                nc.batch(),
                nc.severity(),
                nc.status(),
                nc.disposition(),
                nc.blockStock(),
                nc.openedAt(),
                nc.closedAt());
    }

    static BatchView batch(BatchState s) {
        return new BatchView(
                s.lot().material(),
                s.lot().plant(),
                s.lot().batch(),
                s.desired().name(),
                s.erpState().name(),
                s.inLine(),
                s.erpCheckedAt(),
                s.explanation(),
                s.parkedReason() != null,
                s.parkedReason(),
                s.parkedAt(),
                s.dueAt(),
                s.attempts(),
                s.lastError());
    }

    // ---- the views: a null component is left out, as the null values of the maps before them were

    record Items<T>(List<T> items) {}

    record Nonconformances(boolean configured, List<NonconformanceItem> items) {}

    /** A non-conformance, then the ERP state of the batch it names. */
    record NonconformanceItem(
            @JsonUnwrapped NonconformanceView nonconformance,
            @Nullable BatchView erp) {}

    record NonconformanceView(
            String recordId,
            String name,
            Instant version,
            @Nullable String site,
            @Nullable String material,
            @Nullable String plant,
            @Nullable String batch,
            @Nullable String severity,
            String status,
            @Nullable String disposition,
            boolean blockStock,
            @Nullable Instant openedAt,
            @Nullable Instant closedAt) {}

    /** A batch's desired and ERP state; the parking and retry fields only when set. */
    record BatchView(
            String material,
            String plant,
            String batch,
            String desired,
            String erpState,
            boolean inLine,
            @Nullable Instant erpCheckedAt,
            String explanation,
            boolean parked,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String parkedReason,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Instant parkedAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Instant nextCheckAt,

            int attempts,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String lastError) {}

    record BatchDetail(
            @JsonUnwrapped BatchView batch,
            String decisionNow,
            List<String> holding,
            List<NonconformanceView> nonconformances) {}

    record Sla(String window, Map<String, InterfaceSla> interfaces, List<Breach> breaches) {}

    record InterfaceSla(
            String within,
            int events,
            int open,
            int breaches,
            @Nullable String latencyP50,
            @Nullable String latencyMax) {}

    record Breach(
            @JsonProperty("interface") String iface,
            String nonconformance,
            String material,
            String batch,
            Instant startedAt,
            Instant dueAt,
            @Nullable Instant metAt) {}
}
