package org.qualigate.environment;

import java.util.List;

/**
 * What one batch of EMS readings did to one room's excursions (published in the transaction that applied it): the
 * episodes that lasted long enough to become NC drafts, and whether any episode of the room is still open. None
 * open: the room's cause has cleared.
 *
 * @param room the monitored room
 * @param drafted the episodes that became NC drafts in this batch, by id with their titles
 * @param anyOpen whether an episode of the room is still open after the batch
 */
public record RoomExcursions(String room, List<Drafted> drafted, boolean anyOpen) {

    public RoomExcursions {
        drafted = List.copyOf(drafted);
    }

    /** An episode become an NC draft: "BSL-FILL-1-ISO PARTICLES_0_5_UM above 3520 particles/m3 (worst 4210)". */
    public record Drafted(String episodeId, String title) {}
}
