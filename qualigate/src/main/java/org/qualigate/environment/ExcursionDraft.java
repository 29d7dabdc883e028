package org.qualigate.environment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An excursion episode as QA reviews it: the room and parameter, the limit, when it began and (once back within)
 * ended, the reading that began it, the worst value, and — once it was a draft — QA's review.
 */
public record ExcursionDraft(
        UUID id,
        String room,
        String site,
        String grade,
        String parameter,
        String unit,
        double limit,
        boolean below,
        Instant startedAt,
        Map<String, Object> firstReading,
        double worst,
        int readingsBeyond,
        List<String> sensorsBeyond,
        @Nullable Instant draftAt,
        @Nullable Instant endedAt,
        Review review,
        @Nullable String reviewedBy,
        @Nullable String reviewReason,
        @Nullable Instant reviewedAt,
        @Nullable String signature) {

    /** Where QA's review stands. */
    public enum Review {
        /** Not a draft (yet): it ended before it lasted long enough, or it still may. */
        NONE,
        /** A draft waiting for QA. */
        PENDING,
        /** QA accepted it as a non-conformance to raise in the QMS. */
        ACCEPTED,
        /** QA dismissed it, with the reason. */
        DISMISSED
    }

    /** The limit in words: "above 3520 particles/m3". */
    public String limitWords() {
        return (below ? "below " : "above ") + RoomLimits.number(limit) + " " + unit;
    }

    public String worstWords() {
        return RoomLimits.number(worst) + " " + unit;
    }

    public boolean open() {
        return endedAt == null;
    }

    /**
     * The draft as the API shows it: a map, because the same map is the audit value of its review and, less the
     * review's fields, the content QA signs.
     */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("room", room);
        m.put("site", site);
        m.put("grade", grade);
        m.put("parameter", parameter);
        m.put("limit", limitWords());
        m.put("startedAt", startedAt);
        m.put("endedAt", endedAt);
        m.put("draftAt", draftAt);
        m.put("firstReading", firstReading);
        m.put("worst", worst);
        m.put("unit", unit);
        m.put("readingsBeyond", readingsBeyond);
        m.put("sensorsBeyond", sensorsBeyond);
        m.put("review", review.name());
        m.put("reviewedBy", reviewedBy);
        m.put("reviewReason", reviewReason);
        m.put("reviewedAt", reviewedAt);
        m.put("signature", signature);
        return m;
    }
}
