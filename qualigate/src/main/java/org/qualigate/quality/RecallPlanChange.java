package org.qualigate.quality;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a recall's plan changes when the QMS changes the recall's product or batch range after the plan was made, as
 * a pure function: the batches of the new range the ERP holds stock of and the plan does not hold yet are added (and
 * blocked); the batches the plan holds that the new range no longer covers are dropped (and given back, unless
 * something else holds them); the rest are kept as they are. A batch the range still covers is never dropped because
 * its stock is gone from the ERP: the recall still names it.
 */
record RecallPlanChange(List<Found> added, List<Lot> dropped, List<Lot> kept) {

    /** A batch of the range the ERP holds stock of, and whether any of it was in unrestricted use. */
    record Found(Lot lot, boolean unrestricted) {

        Found {
            Objects.requireNonNull(lot, "lot");
        }
    }

    RecallPlanChange {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
        kept = List.copyOf(kept);
    }

    /**
     * The change from the batches the plan holds now ({@code held}, those still in its range) to the recall's scope,
     * given the batches of that scope the ERP holds stock of ({@code stock}).
     */
    static RecallPlanChange between(RecallRecord recall, List<Lot> held, List<Found> stock) {
        List<Lot> dropped = new ArrayList<>();
        List<Lot> kept = new ArrayList<>();
        for (Lot lot : held) {
            (covers(recall, lot) ? kept : dropped).add(lot);
        }
        Set<Lot> keptSet = new HashSet<>(kept);
        List<Found> added = new ArrayList<>();
        for (Found found : stock) {
            if (covers(recall, found.lot()) && !keptSet.contains(found.lot())) {
                added.add(found);
            }
        }
        return new RecallPlanChange(added, dropped, kept);
    }

    /** Whether the recall's product, plant and batch range cover the lot. */
    static boolean covers(RecallRecord recall, Lot lot) {
        return recall.material().equals(lot.material())
                && recall.plant().equals(lot.plant())
                && recall.covers(lot.batch());
    }

    /** The scope a plan is made for, as stored beside it: a different one means the plan is made again. */
    static String scope(RecallRecord recall) {
        return String.join("|", recall.material(), recall.plant(), recall.firstBatch(), recall.lastBatch());
    }

    /** Whether nothing changes. */
    boolean none() {
        return added.isEmpty() && dropped.isEmpty();
    }
}
