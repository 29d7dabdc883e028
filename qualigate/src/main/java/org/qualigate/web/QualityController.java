package org.qualigate.web;

import java.time.Duration;
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
        List<Map<String, Object>> items = new ArrayList<>();
        for (QualityView.NonconformanceRow row : quality.nonconformances(status.equals("open"), limit)) {
            Map<String, Object> m = nonconformance(row.nc());
            m.put("erp", row.batch() == null ? null : batch(row.batch()));
            items.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("configured", quality.configured());
        answer.put("items", items);
        return ResponseEntity.ok(answer);
    }

    @GetMapping("/api/v1/quality/batches")
    ResponseEntity<?> batches(
            @RequestParam(defaultValue = "false") boolean parked, @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > MAX) {
            return badLimit();
        }
        return ResponseEntity.ok(Map.of(
                "items",
                quality.batches(parked, limit).stream()
                        .map(QualityController::batch)
                        .toList()));
    }

    @GetMapping("/api/v1/quality/batches/{material}/{batch}")
    ResponseEntity<?> batch(@PathVariable String material, @PathVariable String batch) {
        return quality.batch(material, batch)
                .<ResponseEntity<?>>map(view -> {
                    Map<String, Object> m = batch(view.state());
                    m.put("decisionNow", view.decision().explanation());
                    m.put("holding", view.decision().holding());
                    m.put(
                            "nonconformances",
                            view.nonconformances().stream()
                                    .map(QualityController::nonconformance)
                                    .toList());
                    return ResponseEntity.ok(m);
                })
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
        return ResponseEntity.ok(Map.of("items", quality.capas(limit)));
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
        Map<String, Object> interfaces = new LinkedHashMap<>();
        quality.sla(window).forEach((iface, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(
                    "within",
                    (iface == QualitySla.Interface.ERP_BLOCK
                                    ? quality.slaSettings().blockWithin()
                                    : quality.slaSettings().releaseWithin())
                            .toString());
            m.put("events", s.events());
            m.put("open", s.open());
            m.put("breaches", s.breaches());
            m.put("latencyP50", s.p50() == null ? null : s.p50().toString());
            m.put("latencyMax", s.max() == null ? null : s.max().toString());
            interfaces.put(iface.id(), m);
        });
        List<Map<String, Object>> breaches = new ArrayList<>();
        for (QualitySla.Event e : quality.slaBreaches(window, 100)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", e.iface().id());
            m.put("nonconformance", e.ncName());
            m.put("material", e.material());
            m.put("batch", e.batch());
            m.put("startedAt", e.startedAt());
            m.put("dueAt", e.dueAt());
            m.put("metAt", e.metAt());
            breaches.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("window", window.toString());
        answer.put("interfaces", interfaces);
        answer.put("breaches", breaches);
        return ResponseEntity.ok(answer);
    }

    private static ResponseEntity<?> badLimit() {
        return Problems.respond(
                Problems.invalidField(
                        HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", "limit", "1 to " + MAX),
                null);
    }

    static Map<String, Object> nonconformance(NonconformanceRecord nc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", nc.recordId());
        m.put("name", nc.name());
        m.put("version", nc.version());
        m.put("site", nc.site());
        m.put("material", nc.material());
        m.put("plant", nc.plant());
        m.put("batch", nc.batch());
        m.put("severity", nc.severity());
        m.put("status", nc.status());
        m.put("disposition", nc.disposition());
        m.put("blockStock", nc.blockStock());
        m.put("openedAt", nc.openedAt());
        m.put("closedAt", nc.closedAt());
        return m;
    }

    static Map<String, Object> batch(BatchState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("material", s.lot().material());
        m.put("plant", s.lot().plant());
        m.put("batch", s.lot().batch());
        m.put("desired", s.desired().name());
        m.put("erpState", s.erpState().name());
        m.put("inLine", s.inLine());
        m.put("erpCheckedAt", s.erpCheckedAt());
        m.put("explanation", s.explanation());
        m.put("parked", s.parkedReason() != null);
        put(m, "parkedReason", s.parkedReason());
        put(m, "parkedAt", s.parkedAt());
        put(m, "nextCheckAt", s.dueAt());
        m.put("attempts", s.attempts());
        put(m, "lastError", s.lastError());
        return m;
    }

    private static void put(Map<String, Object> m, String key, @Nullable Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
