package org.qualigate.bench.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite's {@code kill -9} while the ERP takes stock movements late and the EMS consumer reads from Kafka.
 * The kill is not timed: it waits until the database shows a posting decided and not answered (its intent committed,
 * at least a drawn number of the round's postings taken); only then are the round's readings produced, and the kill
 * comes once the consumer has stored some of them and not all (decision 0089). What
 * the kill cut is read after it, when the dead process can change nothing more and the ERP and the topic only grow:
 * the intents still open, the postings taken, the offsets stored. A kill that came after the ERP was done is tried
 * again on the next life while postings remain; one that never cut a posting, or a consumption, is reported as not
 * run for that point, never as passed.
 */
final class MidMovementKill {

    private static final Logger log = LoggerFactory.getLogger(MidMovementKill.class);

    /** How often the moment is looked for: the ERP answers each posting 2 s late, so the window is seconds wide. */
    private static final Duration LOOK = Duration.ofMillis(100);

    /**
     * How often the consumer's progress is looked for: it stores a batch of up to 500 readings per transaction, so
     * between its first batch of the round and its last there are dozens of looks.
     */
    private static final Duration CONSUMER_LOOK = Duration.ofMillis(50);

    private final SystemUnderTest sut;
    private final ErpUnderKill erp;
    private final KafkaUnderKill ems;
    private final FaultSuite.Settings settings;
    private final List<FaultSuite.Step> steps;
    private int retries;

    MidMovementKill(
            SystemUnderTest sut,
            ErpUnderKill erp,
            KafkaUnderKill ems,
            FaultSuite.Settings settings,
            List<FaultSuite.Step> steps) {
        this.sut = sut;
        this.erp = erp;
        this.ems = ems;
        this.settings = settings;
        this.steps = steps;
    }

    /** Kill points tried again because the step they were meant to cut was already over. */
    int retries() {
        return retries;
    }

    /** How long a posting that was on its way at the kill may take to land in the ERP (it answers 2 s late). */
    private static final Duration LANDING = Duration.ofSeconds(30);

    /**
     * What one kill cut, read after it.
     *
     * @param inFlight postings decided and not recorded when the process died (their intents still open)
     * @param taken the round's postings in the ERP's log, read after the kill
     * @param landedAfter of them, those the ERP took after the kill had returned (the process was gone)
     * @param consumed records the consumer had stored the effects of
     * @param produced records produced before the kill
     */
    record Cut(long inFlight, long taken, long landedAfter, long consumed, long produced) {

        /**
         * A posting was cut: decided and not recorded when the process died, with the ERP not done with the round —
         * fewer postings taken after the kill than the round's, or some taken only after the process was gone.
         */
        boolean cutPosting(int wanted) {
            return inFlight > 0 && (taken < wanted || landedAfter > 0);
        }

        /** A consumption was cut: the consumer had stored some of the round's records and not all produced. */
        boolean cutConsumption(long before) {
            return consumed > before && consumed < produced;
        }
    }

    /**
     * Kills the service mid-movement: blocks ({@code 344}) after the NCs are opened, releases ({@code 343}) after they
     * are closed; it is left dead, for the caller to restart. The EMS readings of the round are produced only once the
     * ERP's moment has come (a posting in flight, the round not done), and the kill waits until the consumer has
     * stored some of them and not all: consumption is cut by what the database shows, not by how long the producer or
     * the consumer takes on this machine.
     */
    void kill(String movementType) throws Exception {
        boolean blocks = movementType.equals("344");
        long before = KafkaUnderKill.consumed(sut);
        // the topic's records before this round: the consumer may still be behind the last round's
        long producedBefore = ems.records();
        long from = System.nanoTime();
        String blockedBefore = "";
        if (!blocks) {
            // the blocks must all be in place before the closures are sent
            Patience.require(
                    "every batch blocked before the closures",
                    () -> erp.allBlocked(sut.sandbox()),
                    Patience.SETTLING,
                    Duration.ofMillis(200));
            blockedBefore = erp.blockedSoFar(sut.sandbox()) + " batches blocked before the closures; ";
        }
        int first = blocks ? erp.openAll(sut) : erp.closeAll(sut);
        int wanted = erp.wanted(movementType);
        @Nullable Cut posting = null;
        @Nullable Cut consumption = null;
        long consumingFrom = before;
        Cut last;
        int attempt = 1;
        for (; ; attempt++) {
            boolean came = Patience.until(() -> erpMoment(movementType, first), Patience.KILL_WINDOW, LOOK);
            boolean consuming = false;
            if (consumption == null) {
                // the readings reach the topic only now, so the consumer reads them while the ERP is mid-round
                long consumedNow = KafkaUnderKill.consumed(sut);
                consumingFrom = consumedNow;
                if (attempt == 1 || (!ems.producing() && consumedNow >= ems.records())) {
                    // the round's readings; on a later life, more only if the consumer has caught up with them
                    ems.startProducing(settings.readingsPerKill());
                }
                consuming = Patience.until(
                        () -> bothUnderWay(movementType, consumedNow), Patience.KILL_WINDOW, CONSUMER_LOOK);
            }
            long producedSoFar = ems.records();
            sut.killService();
            // read after the kill: the dead process changes nothing more, the ERP's log and the topic only grow
            long dead = sut.sandbox().sideEffects().latestSeq();
            long inFlight = ErpUnderKill.inFlight(sut);
            long taken = erp.movements(sut.sandbox(), movementType);
            if (inFlight > 0 && taken >= wanted) {
                // the round is all in the ERP now: did any of it land after the process was gone?
                Patience.until(() -> erp.movementsAfter(sut.sandbox(), movementType, dead) > 0, LANDING, LOOK);
            }
            last = new Cut(
                    inFlight,
                    erp.movements(sut.sandbox(), movementType),
                    erp.movementsAfter(sut.sandbox(), movementType, dead),
                    KafkaUnderKill.consumed(sut),
                    producedSoFar);
            log.info(
                    "killed mid-movement ({}), attempt {}, {} s after the round began{}{}: {}",
                    movementType,
                    attempt,
                    (System.nanoTime() - from) / 1_000_000_000,
                    came ? "" : " (the ERP's moment did not come)",
                    consumption != null || consuming
                            ? ""
                            : " (the consumer mid-way and a posting in flight did not meet)",
                    last);
            if (posting == null && last.cutPosting(wanted)) {
                posting = last;
            }
            if (consumption == null && last.cutConsumption(consumingFrom)) {
                consumption = last;
                before = consumingFrom;
            }
            if (posting != null || last.taken() >= wanted || attempt == Patience.KILL_ATTEMPTS) {
                break;
            }
            // the ERP is not done: another life, another kill while postings remain
            retries++;
            Thread.sleep(1000);
            FaultSuite.requireUp(sut.startService(Map.of()));
        }
        String what = "ERP answers postings 2 s late; "
                + (blocks ? "NCs opened on " : "NCs closed (half released, half rejected) on ")
                + settings.erpBatches() + " batches; `kill -9` mid-movement (" + movementType + "), restart";
        String tries = attempt == 1 ? "" : " (" + attempt + " kills)";
        steps.add(
                posting != null
                        ? new FaultSuite.Step(
                                what,
                                "killed with " + posting.inFlight() + " postings in flight, " + posting.taken()
                                        + " of " + wanted + " taken by the ERP, " + posting.landedAfter()
                                        + " of them after the process was gone (" + blockedBefore + first + " of "
                                        + wanted + " let through before the kill)" + tries,
                                true)
                        : FaultSuite.Step.notRun(
                                what,
                                "no kill found a posting in flight with the ERP not done (" + last.inFlight()
                                        + " in flight, " + last.taken() + " of " + wanted + " taken, "
                                        + last.landedAfter() + " after the process was gone, at the last)" + tries));
        long round = ems.finishProducing(producedBefore);
        String readings = settings.readingsPerKill() + " EMS readings and a poison record per room to Kafka, produced"
                + " once the ERP's postings are under way; `kill -9` mid-consumption, restart";
        steps.add(
                consumption != null
                        ? new FaultSuite.Step(
                                readings,
                                "killed with " + consumption.consumed() + " of the " + consumption.produced()
                                        + " records in the topic so far consumed (" + before
                                        + " when the readings began); the round's " + round + " produced in all",
                                true)
                        : FaultSuite.Step.notRun(
                                readings,
                                "no kill came while the consumer was reading and behind (" + last.consumed()
                                        + " of the " + last.produced() + " records in the topic so far consumed at"
                                        + " the last, " + consumingFrom + " when the readings began; the round's "
                                        + round + " produced in all)"));
    }

    /**
     * The moment to kill once the readings are coming: the consumer mid-way through them and a posting in flight. The
     * ERP works its postings in waves, so between two waves none may be in flight; the consumer works off a burst for
     * seconds, so the two meet. Once either is over (the consumer caught up with every reading produced, or the ERP
     * done with the round), the other alone.
     */
    private boolean bothUnderWay(String movementType, long consumedFrom) {
        boolean consumerOver = !ems.producing() && KafkaUnderKill.consumed(sut) >= ems.records();
        if (!consumerOver && !ems.consumingSince(sut, consumedFrom)) {
            return false;
        }
        long taken = erp.movements(sut.sandbox(), movementType);
        return taken >= erp.wanted(movementType) || ErpUnderKill.inFlight(sut) > 0;
    }

    /**
     * The ERP's moment to kill: a posting decided and not answered, with at least {@code first} of the round's taken.
     * Also true once the ERP has taken every posting: nothing is left to cut, and waiting longer would only delay the
     * report of a missed point.
     */
    private boolean erpMoment(String movementType, int first) {
        long taken = erp.movements(sut.sandbox(), movementType);
        if (taken >= erp.wanted(movementType)) {
            return true;
        }
        return taken >= first && ErpUnderKill.inFlight(sut) > 0;
    }
}
