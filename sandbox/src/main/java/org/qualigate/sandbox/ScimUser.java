package org.qualigate.sandbox;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** A SCIM User as the directory holds it: its attributes as sent, with id, timestamps and version. */
final class ScimUser {
    final String id;
    ObjectNode attributes;
    final Instant created;
    Instant lastModified;
    long version = 1;

    ScimUser(String id, ObjectNode attributes, Instant created) {
        this.id = id;
        this.attributes = attributes;
        this.created = created;
        this.lastModified = created;
    }

    String userName() {
        return attributes.get("userName").stringValue();
    }

    void touch(Instant at) {
        lastModified = at;
        version++;
    }
}
