package org.qualigate.sandbox;

import java.time.Instant;
import java.util.LinkedHashSet;
import org.jspecify.annotations.Nullable;

/** A SCIM Group as the directory holds it: members by User id, in the order they joined. */
final class ScimGroup {
    final String id;
    String displayName;

    @Nullable
    String externalId;

    final LinkedHashSet<String> members = new LinkedHashSet<>();
    final Instant created;
    Instant lastModified;
    long version = 1;

    ScimGroup(String id, String displayName, @Nullable String externalId, Instant created) {
        this.id = id;
        this.displayName = displayName;
        this.externalId = externalId;
        this.created = created;
        this.lastModified = created;
    }

    void touch(Instant at) {
        lastModified = at;
        version++;
    }
}
