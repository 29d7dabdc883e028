package org.qualigate.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * When Qualigate's records begin: the instant of the audit trail's first entry. Before it Qualigate knew nothing,
 * so an answer "as known then" for an earlier instant has no finding to give — every requirement would read as
 * missing and every role as held by no one only because nothing had been received yet. Every past-instant answer
 * (the compliance report, the role holders and their inspection pack, a person's access, the explanation, the
 * monthly report, the pages as of an instant) says so from here (decision 0095). The first entry never changes
 * (the trail is append-only), so it is read once.
 */
@Component
public class RecordsBegin {

    /**
     * What an answer known at an instant says of the records: when they begin (absent while the trail has no entry),
     * whether the instant of knowledge lies before that, so that nothing was known at it, and whether the instant
     * asked about does, so that what the targets held then is not known whatever the instant of knowledge: Qualigate
     * keeps what each target held only from its own records (decision 0030), whereas the qualifications of an earlier
     * date are known from the HR records received since.
     */
    public record Known(@Nullable Instant recordsBegin, boolean beforeRecordsBegin, boolean targetsHeldUnknown) {}

    private final AuditTrail audit;
    private volatile @Nullable Instant first;

    RecordsBegin(AuditTrail audit) {
        this.audit = audit;
    }

    /** The instant of the first audit entry; empty while the trail has none. */
    public Optional<Instant> at() {
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
    public boolean before(Instant instant) {
        return at().map(instant::isBefore).orElse(false);
    }

    /** What an answer of the instant {@code at}, as known at {@code knownAt}, says of the records. */
    public Known known(Instant at, Instant knownAt) {
        Instant begin = at().orElse(null);
        return new Known(begin, begin != null && knownAt.isBefore(begin), begin != null && at.isBefore(begin));
    }
}
