package org.qualigate.bench.faults;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite's {@code kill -9} in the middle of a recall and of CAPA escalations: the recall's batches are being
 * blocked in the ERP (which answers each block 2 s late) and the CAPAs' steps are written to the QMS and then to Jira
 * (which answers each call 1 s late). The kill is not timed: it waits until the side-effect logs show the recall with
 * some batches blocked and not all, and a step in the QMS and not yet in Jira (or the reverse); once one of the two is
 * over, the other alone is waited for. What the kill cut is read after it, from the logs up to the last entry made
 * before the process was gone: an entry after it was a call on its way when the process died. A point the kill did
 * not cut is reported as not run, never as passed; it is not tried again (each try would need a recall and CAPAs of
 * its own and another life of the service).
 */
final class MidRecallKill {

    private static final Logger log = LoggerFactory.getLogger(MidRecallKill.class);

    private static final Duration LOOK = Duration.ofMillis(100);
    static final Duration ERP_LATE = Duration.ofSeconds(2);
    static final Duration JIRA_LATE = Duration.ofSeconds(1);

    private final SystemUnderTest sut;
    private final RecallUnderKill recall;
    private final int capaCount;
    private final List<FaultSuite.Step> steps;
    private @Nullable CapaUnderKill capas;

    MidRecallKill(SystemUnderTest sut, RecallUnderKill recall, int capaCount, List<FaultSuite.Step> steps) {
        this.sut = sut;
        this.recall = recall;
        this.capaCount = capaCount;
        this.steps = steps;
    }

    RecallUnderKill recall() {
        return recall;
    }

    /** The CAPAs the kill cut; created by {@link #kill()}. */
    CapaUnderKill capas() {
        CapaUnderKill c = capas;
        if (c == null) {
            throw new IllegalStateException("no CAPAs yet: the kill has not been made");
        }
        return c;
    }

    /** Whether the recall had some of its batches blocked by the log's entry {@code seq}, and not all. */
    static boolean recallCut(long blocked, int batches) {
        return blocked > 0 && blocked < batches;
    }

    /** Announces the CAPAs and the recall, kills the service mid-way; it is left dead, for the caller to restart. */
    void kill() throws Exception {
        long from = System.nanoTime();
        CapaUnderKill capas = CapaUnderKill.seed(sut.sandbox(), capaCount, JIRA_LATE);
        this.capas = capas;
        capas.announce(sut);
        recall.open(sut, ERP_LATE);
        boolean came = Patience.until(() -> moment(capas), Patience.KILL_WINDOW, LOOK);
        sut.killService();
        long dead = sut.sandbox().sideEffects().latestSeq();
        long blocked = recall.blockedBy(sut.sandbox(), dead);
        CapaUnderKill.Cut cut = capas.cutBy(sut.sandbox(), dead);
        log.info(
                "killed mid-recall and mid-escalation, {} s after they were announced{}: {} of {} batches blocked, {}",
                (System.nanoTime() - from) / 1_000_000_000,
                came ? "" : " (the moment did not come)",
                blocked,
                recall.batches(),
                cut);
        String recallWhat = "recall of " + recall.batches() + " batches, the ERP answering each block "
                + ERP_LATE.toSeconds() + " s late; `kill -9` mid-way, restart";
        steps.add(
                recallCut(blocked, recall.batches())
                        ? new FaultSuite.Step(
                                recallWhat,
                                "killed with " + blocked + " of " + recall.batches() + " batches blocked in the ERP",
                                true)
                        : FaultSuite.Step.notRun(
                                recallWhat,
                                "the kill came with " + blocked + " of " + recall.batches()
                                        + " batches blocked in the ERP"));
        String capaWhat = cut.owed() / CapaUnderKill.STEPS.size() + " overdue CAPAs, " + cut.owed()
                + " escalation steps to the QMS and Jira, Jira answering each call " + JIRA_LATE.toSeconds()
                + " s late; `kill -9` mid-way, restart";
        String where = cut.qmsOnly() + " steps in the QMS and not yet in Jira, " + cut.jiraOnly()
                + " in Jira and not in the QMS, " + cut.both() + " of " + cut.owed() + " in both";
        steps.add(
                cut.cut()
                        ? new FaultSuite.Step(capaWhat, "killed with " + where, true)
                        : FaultSuite.Step.notRun(capaWhat, "the kill came with " + where));
    }

    /**
     * The moment to kill: the recall mid-way and a step between the two systems; once one of them is over, the other
     * alone; true when both are over (nothing is left to cut).
     */
    private boolean moment(CapaUnderKill capas) {
        long blocked = recall.blocked(sut.sandbox());
        boolean recallOver = blocked >= recall.batches();
        boolean recallMid = recallCut(blocked, recall.batches());
        CapaUnderKill.Cut now = capas.now(sut.sandbox());
        return (recallMid || recallOver) && (now.cut() || now.done());
    }
}
