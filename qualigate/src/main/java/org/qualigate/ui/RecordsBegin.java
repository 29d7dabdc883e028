package org.qualigate.ui;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.springframework.stereotype.Component;

/**
 * When Qualigate's records begin: the instant of the audit trail's first entry. Before it Qualigate knew nothing,
 * so a page that answers "as known then" for an earlier instant has no finding to show — every requirement would
 * read as missing only because nothing had been received yet. The first entry never changes (the trail is
 * append-only), so it is read once.
 */
@Component
class RecordsBegin {

    private final AuditTrail audit;
    private volatile @Nullable Instant first;

    RecordsBegin(AuditTrail audit) {
        this.audit = audit;
    }

    /** The instant of the first audit entry; empty while the trail has none. */
    Optional<Instant> at() {
        Instant known = first;
        if (known == null) {
            List<AuditEntry> entries = audit.find(new AuditQuery(null, null, null, null, null, null, 0, 1));
            if (!entries.isEmpty()) {
                known = entries.getFirst().occurredAt();
                first = known;
            }
        }
        return Optional.ofNullable(known);
    }

    /** Whether Qualigate knew nothing yet at the instant: it lies before the first audit entry. */
    boolean before(Instant instant) {
        return at().map(instant::isBefore).orElse(false);
    }
}
