package org.qualigate.quality;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A batch as the service holds it: what the rules want and why, what the ERP was last seen to hold and when, whether
 * it is parked (and why), and whether work on it is pending (due, attempts, last error).
 */
public record BatchState(
        Lot lot,
        HoldDecision.Desired desired,
        String explanation,
        StockPlan.ErpState erpState,
        @Nullable Instant erpCheckedAt,
        @Nullable String parkedReason,
        @Nullable Instant parkedAt,
        @Nullable Instant dueAt,
        int attempts,
        @Nullable String lastError,
        Instant updatedAt) {

    /** Whether the ERP was last seen to hold what the rules want. */
    public boolean inLine() {
        return inLineWith(desired);
    }

    /** Whether the ERP was last seen to hold what {@code wanted} asks for. */
    public boolean inLineWith(HoldDecision.Desired wanted) {
        return switch (wanted) {
            case BLOCKED -> erpState == StockPlan.ErpState.BLOCKED || erpState == StockPlan.ErpState.OTHER_STOCK;
            case RELEASED ->
                erpState == StockPlan.ErpState.UNRESTRICTED
                        || erpState == StockPlan.ErpState.OTHER_STOCK
                        || erpState == StockPlan.ErpState.NOT_IN_ERP;
            case NOT_HELD -> true;
        };
    }
}
