package org.qualigate.quality;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.connector.BatchStock;

/**
 * The difference between what the rules want and what the ERP holds, as a pure function: the state the ERP's rows
 * show, and the transfer posting that closes the gap (all unrestricted stock to blocked, or all blocked stock back),
 * one line per storage location. Quality-inspection and special stock are never moved.
 */
final class StockPlan {

    /** What the ERP holds of the batch, in the words of the batch page. */
    public enum ErpState {
        UNKNOWN,
        UNRESTRICTED,
        BLOCKED,
        PARTLY_BLOCKED,
        OTHER_STOCK,
        NOT_IN_ERP
    }

    private StockPlan() {}

    public static ErpState state(List<BatchStock.StockRow> rows) {
        if (rows.isEmpty()) {
            return ErpState.NOT_IN_ERP;
        }
        boolean unrestricted = total(rows, BatchStock.StockKind.UNRESTRICTED).signum() > 0;
        boolean blocked = total(rows, BatchStock.StockKind.BLOCKED).signum() > 0;
        if (unrestricted && blocked) {
            return ErpState.PARTLY_BLOCKED;
        }
        return unrestricted ? ErpState.UNRESTRICTED : blocked ? ErpState.BLOCKED : ErpState.OTHER_STOCK;
    }

    /** The posting that brings the stock to the desired state; empty when it is there already (or not to be touched). */
    public static Optional<Posting> plan(HoldDecision.Desired desired, List<BatchStock.StockRow> rows) {
        BatchStock.StockKind from;
        BatchStock.Direction direction;
        switch (desired) {
            case BLOCKED -> {
                from = BatchStock.StockKind.UNRESTRICTED;
                direction = BatchStock.Direction.BLOCK;
            }
            case RELEASED -> {
                from = BatchStock.StockKind.BLOCKED;
                direction = BatchStock.Direction.RELEASE;
            }
            default -> {
                return Optional.empty();
            }
        }
        Map<String, BatchStock.Line> lines = new LinkedHashMap<>();
        for (BatchStock.StockRow row : rows) {
            if (row.kind() != from || row.quantity().signum() <= 0) {
                continue;
            }
            lines.merge(
                    row.storageLocation() + "\u0000" + row.unit(),
                    new BatchStock.Line(row.storageLocation(), row.quantity(), row.unit()),
                    (a, b) -> new BatchStock.Line(
                            a.storageLocation(), a.quantity().add(b.quantity()), a.unit()));
        }
        return lines.isEmpty()
                ? Optional.empty()
                : Optional.of(new Posting(direction, new ArrayList<>(lines.values())));
    }

    /** The state the ERP holds once it took the posting: the rows read before it, with the posting's lines moved. */
    public static ErpState after(List<BatchStock.StockRow> rows, Posting posting) {
        BatchStock.StockKind from = posting.direction() == BatchStock.Direction.BLOCK
                ? BatchStock.StockKind.UNRESTRICTED
                : BatchStock.StockKind.BLOCKED;
        BatchStock.StockKind to = posting.direction() == BatchStock.Direction.BLOCK
                ? BatchStock.StockKind.BLOCKED
                : BatchStock.StockKind.UNRESTRICTED;
        List<BatchStock.StockRow> moved = new ArrayList<>();
        for (BatchStock.StockRow row : rows) {
            if (row.kind() != from) {
                moved.add(row);
            }
        }
        for (BatchStock.Line line : posting.lines()) {
            moved.add(new BatchStock.StockRow(line.storageLocation(), to, line.quantity(), line.unit()));
        }
        return state(moved);
    }

    /** A posting to make: its direction and lines. */
    public record Posting(BatchStock.Direction direction, List<BatchStock.Line> lines) {

        public Posting {
            lines = List.copyOf(lines);
        }

        /** {@code 120 EA in 0001} and so on. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            for (BatchStock.Line l : lines) {
                parts.add(l.quantity().stripTrailingZeros().toPlainString() + " " + l.unit() + " in storage location "
                        + l.storageLocation());
            }
            return String.join(", ", parts);
        }
    }

    private static BigDecimal total(List<BatchStock.StockRow> rows, BatchStock.StockKind kind) {
        return rows.stream()
                .filter(r -> r.kind() == kind)
                .map(BatchStock.StockRow::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
