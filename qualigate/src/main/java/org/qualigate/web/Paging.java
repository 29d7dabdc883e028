package org.qualigate.web;

import org.jspecify.annotations.Nullable;

/**
 * A page of a long answer (a site's compliance report, a role's holders): at most {@code limit} rows after the
 * cursor {@code after} (the last employee ID of the previous page; none for the first page). Without {@code limit}
 * the whole answer is given, as always.
 */
record Paging(int limit, @Nullable String after) {

    static final int MAX_LIMIT = 5000;

    /** The page asked for, or null for the whole answer; a cursor without a limit or a limit out of range is a 400. */
    static @Nullable Paging of(@Nullable Integer limit, @Nullable String after) {
        boolean hasAfter = after != null && !after.isBlank();
        if (limit == null) {
            if (hasAfter) {
                throw new ApiErrors.InvalidParameter("after", "needs limit: the size of the page after the cursor");
            }
            return null;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiErrors.InvalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new Paging(limit, hasAfter ? after.strip() : null);
    }
}
