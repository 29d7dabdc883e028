package org.qualigate.quality;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.NonconformanceRecord;

/**
 * The rule, as a pure function of the NCs: which batches must be blocked now, and why. An NC that asks for the stock
 * to be blocked holds its batch from the moment it is raised until it is closed with disposition release or
 * cancelled; closed with any other disposition (reject, rework, return to supplier) or none, it holds it for good,
 * because only an explicit release may free stock. A draft holds nothing, nor does an NC that does not ask for the
 * stock to be blocked. A batch that no NC ever held is never touched, so stock blocked for other reasons stays so.
 */
final class BatchHolds {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private BatchHolds() {}

    /** The decision for every batch the NCs name (NCs without a usable lot are left out). */
    public static Map<Lot, HoldDecision> decideAll(List<NonconformanceRecord> ncs) {
        Map<String, List<NonconformanceRecord>> byBatch = new LinkedHashMap<>();
        Map<String, Lot> lots = new LinkedHashMap<>();
        for (NonconformanceRecord nc : ncs) {
            Lot lot = lotOf(nc);
            if (lot != null) {
                String key = lot.material() + "\u0000" + lot.batch();
                byBatch.computeIfAbsent(key, k -> new ArrayList<>()).add(nc);
                lots.putIfAbsent(key, lot);
            }
        }
        Map<Lot, HoldDecision> decisions = new LinkedHashMap<>();
        byBatch.forEach((key, list) -> decisions.put(lots.get(key), decide(lots.get(key), list)));
        return decisions;
    }

    /** The decision for one batch from the NCs that name it. */
    public static HoldDecision decide(Lot lot, List<NonconformanceRecord> ncs) {
        List<NonconformanceRecord> sorted = new ArrayList<>(ncs);
        sorted.sort(Comparator.comparing(NonconformanceRecord::name));
        List<String> holding = new ArrayList<>();
        List<String> holdReasons = new ArrayList<>();
        List<String> released = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (NonconformanceRecord nc : sorted) {
            if (nc.draft()) {
                ignored.add(nc.name() + " is a draft");
            } else if (!nc.blockStock()) {
                ignored.add(nc.name() + " does not ask for the stock to be blocked");
            } else if (!nc.closed()) {
                holding.add(nc.name());
                holdReasons.add(nc.name() + " was raised on " + when(nc.openedAt(), nc.version()) + " and is open");
            } else if (nc.cancelled()) {
                released.add(nc.name() + " was cancelled on " + when(nc.closedAt(), nc.version()));
            } else if ("release"
                    .equalsIgnoreCase(String.valueOf(nc.disposition()).strip())) {
                released.add(nc.name() + " was closed on " + when(nc.closedAt(), nc.version())
                        + " with disposition Release");
            } else {
                holding.add(nc.name());
                holdReasons.add(nc.name() + " was closed on " + when(nc.closedAt(), nc.version())
                        + (nc.disposition() == null
                                ? " without a disposition"
                                : " with disposition " + nc.disposition())
                        + ", which does not release stock");
            }
        }
        if (!holding.isEmpty()) {
            return new HoldDecision(
                    lot,
                    HoldDecision.Desired.BLOCKED,
                    holding,
                    lot.spoken() + " blocked because " + String.join("; and ", holdReasons));
        }
        if (!released.isEmpty()) {
            return new HoldDecision(
                    lot,
                    HoldDecision.Desired.RELEASED,
                    List.of(),
                    lot.spoken() + " released because " + String.join("; and ", released) + ", and no NC holds it");
        }
        return new HoldDecision(
                lot,
                HoldDecision.Desired.NOT_HELD,
                List.of(),
                "no NC holds " + lot.spoken() + (ignored.isEmpty() ? "" : " (" + String.join("; ", ignored) + ")")
                        + ": its stock is left as it is");
    }

    /** The lot the NC names, or null when it names none or a value no ERP could hold. */
    public static @Nullable Lot lotOf(NonconformanceRecord nc) {
        String material = nc.material();
        String plant = nc.plant();
        String batch = nc.batch();
        if (material == null || plant == null || batch == null || !Lot.valid(material, plant, batch)) {
            return null;
        }
        return new Lot(material, plant, batch);
    }

    private static String when(@Nullable Instant at, Instant fallback) {
        return WHEN.format(at == null ? fallback : at);
    }
}
