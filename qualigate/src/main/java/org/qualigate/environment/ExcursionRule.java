package org.qualigate.environment;

import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.qualigate.environment.RoomLimits.Level;
import org.qualigate.environment.RoomLimits.Limit;
import org.qualigate.environment.RoomLimits.Room;

/**
 * One reading's effect on its room's parameter: a reading beyond the action limit opens an episode or extends the
 * open one, which becomes an NC draft once it has lasted the limit's duration (at once for particle counts); a
 * reading back within the limit from a sensor that was beyond ends the episode when no sensor is beyond any more.
 * An alert-level reading changes no episode. Pure: no clock but the readings' own times.
 */
final class ExcursionRule {

    /**
     * The episode after the reading (null: none open and none opened) and what happened to it.
     *
     * @param drafted the reading made it an NC draft
     * @param ended the reading closed it
     */
    record Step(@Nullable Episode after, Level level, boolean opened, boolean drafted, boolean ended) {
        boolean changed(@Nullable Episode before) {
            return after != null && after != before;
        }
    }

    private ExcursionRule() {}

    static Step apply(@Nullable Episode open, EmsReading r, Room room, Limit limit, Supplier<UUID> ids) {
        Level level = limit.level(r.value());
        if (level == Level.ACTION) {
            Episode e = open == null ? Episode.start(ids.get(), room, limit, r) : open.beyond(r);
            boolean draft = e.draftAt() == null
                    && !r.measuredAt().isBefore(e.startedAt().plus(limit.lasting()));
            return new Step(draft ? e.drafted(r.measuredAt()) : e, level, open == null, draft, false);
        }
        if (open != null && open.sensorsBeyond().contains(r.sensor())) {
            Episode e = open.within(r);
            return new Step(e, level, false, false, !e.open());
        }
        return new Step(open, level, false, false, false);
    }
}
