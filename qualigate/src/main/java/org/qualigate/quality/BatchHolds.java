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
 * A recall whose plan names the batch holds it too (see {@link #decide(Lot, List, List)}).
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

    /** The decision for one batch from the NCs that name it (and no recall). */
    public static HoldDecision decide(Lot lot, List<NonconformanceRecord> ncs) {
        return decide(lot, ncs, List.of());
    }

    /**
     * The decision for one batch from the NCs that name it and the recalls whose plan holds it: blocked while any of
     * them holds it, so that neither an NC's release nor a recall's cancellation frees a batch the other still holds.
     * A recall holds while open and, closed as done, for good; cancelled, or planned again for a range that no
     * longer covers the batch, it releases the batch only if it found stock in unrestricted use (a batch it found
     * blocked is left as found).
     */
    public static HoldDecision decide(Lot lot, List<NonconformanceRecord> ncs, List<RecallHold> recalls) {
        Reasons r = new Reasons();
        ncReasons(ncs, r);
        recallReasons(recalls, r);
        String nothingElse = recalls.isEmpty() ? "no NC holds it" : "no NC or recall holds it";
        if (!r.holding.isEmpty()) {
            return new HoldDecision(
                    lot,
                    HoldDecision.Desired.BLOCKED,
                    r.holding,
                    lot.spoken() + " blocked because " + String.join("; and ", r.holdReasons));
        }
        if (!r.released.isEmpty()) {
            return new HoldDecision(
                    lot,
                    HoldDecision.Desired.RELEASED,
                    List.of(),
                    lot.spoken() + " released because " + String.join("; and ", r.released) + ", and " + nothingElse);
        }
        return new HoldDecision(
                lot,
                HoldDecision.Desired.NOT_HELD,
                List.of(),
                (recalls.isEmpty() ? "no NC holds " : "no NC or recall holds ") + lot.spoken()
                        + (r.ignored.isEmpty() ? "" : " (" + String.join("; ", r.ignored) + ")")
                        + ": its stock is left as it is");
    }

    /** What holds a batch, what released it and what was left aside, each with its reason. */
    private static final class Reasons {
        final List<String> holding = new ArrayList<>();
        final List<String> holdReasons = new ArrayList<>();
        final List<String> released = new ArrayList<>();
        final List<String> ignored = new ArrayList<>();
    }

    private static void ncReasons(List<NonconformanceRecord> ncs, Reasons r) {
        List<NonconformanceRecord> sorted = new ArrayList<>(ncs);
        sorted.sort(Comparator.comparing(NonconformanceRecord::name));
        for (NonconformanceRecord nc : sorted) {
            if (nc.draft()) {
                r.ignored.add(nc.name() + " is a draft");
            } else if (!nc.blockStock()) {
                r.ignored.add(nc.name() + " does not ask for the stock to be blocked");
            } else if (!nc.closed()) {
                r.holding.add(nc.name());
                r.holdReasons.add(nc.name() + " was raised on " + when(nc.openedAt(), nc.version()) + " and is open");
            } else if (nc.cancelled()) {
                r.released.add(nc.name() + " was cancelled on " + when(nc.closedAt(), nc.version()));
            } else if ("release"
                    .equalsIgnoreCase(String.valueOf(nc.disposition()).strip())) {
                r.released.add(nc.name() + " was closed on " + when(nc.closedAt(), nc.version())
                        + " with disposition Release");
            } else {
                r.holding.add(nc.name());
                r.holdReasons.add(nc.name() + " was closed on " + when(nc.closedAt(), nc.version())
                        + (nc.disposition() == null
                                ? " without a disposition"
                                : " with disposition " + nc.disposition())
                        + ", which does not release stock");
            }
        }
    }

    private static void recallReasons(List<RecallHold> recalls, Reasons r) {
        List<RecallHold> sorted = new ArrayList<>(recalls);
        sorted.sort(Comparator.comparing(RecallHold::name));
        for (RecallHold recall : sorted) {
            String who = "recall " + recall.name();
            switch (recall.stage()) {
                case OPEN -> {
                    r.holding.add(recall.name());
                    r.holdReasons.add(who + " covers " + recall.scope() + " and is open");
                }
                case DONE -> {
                    r.holding.add(recall.name());
                    r.holdReasons.add(who + " covering " + recall.scope()
                            + " was closed as done, which keeps recalled stock blocked");
                }
                case CANCELLED, LEFT_RANGE -> {
                    Instant at = recall.changedAt();
                    String on = at == null ? "" : " on " + WHEN.format(at);
                    String what = recall.stage() == RecallHold.Stage.CANCELLED
                            ? who + " was cancelled" + on
                            : who + " no longer covers it (now " + recall.scope() + ", planned again" + on + ")";
                    if (recall.foundUnrestricted()) {
                        r.released.add(what);
                    } else {
                        r.ignored.add(what + " and had found the batch blocked already");
                    }
                }
            }
        }
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
