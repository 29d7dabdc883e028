package org.qualigate.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The bar chart of a reconciliation run: for each comparison, how many records matched and how many are missing,
 * different or extra, each bar with its number written beside it. The run page's template asks for it with
 * {@code ${@reconciliationChart.of(counts)}}.
 */
@Component("reconciliationChart")
class ReconciliationChart {

    static final int LABEL = 300;
    static final int WIDTH = 380;
    static final int HEIGHT = 18;
    static final int GAP = 6;

    /** One bar: its group (comparison), what it counts, how many, whether it is a discrepancy, and where it is drawn. */
    public record Bar(String group, String kind, long count, boolean discrepancy, int y, int width) {}

    /** The chart: its bars, and its size. */
    public record Chart(List<Bar> bars, int width, int height) {}

    /**
     * The bars of the run's counts (the keys of the run's view, the map stored and audited with the run, decision
     * 0092), in the order the run page reads them.
     */
    public Chart of(Map<String, Object> counts) {
        String[][] layout = {
            {"hrisLedger", "matched", "hrisVsLedgerMatched"},
            {"hrisLedger", "missing", "missingInLedger"},
            {"hrisLedger", "different", "differentInLedger"},
            {"hrisLedger", "extra", "extraInLedger"},
            {"ledgerQms", "matched", "ledgerVsQmsMatched"},
            {"ledgerQms", "missing", "missingInQms"},
            {"ledgerQms", "different", "differentInQms"},
            {"qms", "extra", "extraInQms"},
            {"qmsOwned", "matched", "qmsOwnedMatched"},
            {"qmsOwned", "missing", "qmsOwnedMissingInLedger"},
            {"qmsOwned", "different", "qmsOwnedDifferentInLedger"}
        };
        long max = 1;
        for (String[] row : layout) {
            max = Math.max(max, number(counts.get(row[2])));
        }
        List<Bar> bars = new ArrayList<>();
        int y = GAP;
        String group = null;
        for (String[] row : layout) {
            if (group != null && !group.equals(row[0])) {
                y += GAP * 2;
            }
            group = row[0];
            long count = number(counts.get(row[2]));
            int width = count == 0 ? 0 : (int) Math.max(2, Math.round((double) count * WIDTH / max));
            bars.add(new Bar(row[0], row[1], count, !row[1].equals("matched"), y, width));
            y += HEIGHT + GAP;
        }
        return new Chart(bars, LABEL + WIDTH + 90, y + GAP);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
