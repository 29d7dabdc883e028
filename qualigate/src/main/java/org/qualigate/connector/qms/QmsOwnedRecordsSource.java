package org.qualigate.connector.qms;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.ledger.Qualification;

/**
 * The training records the QMS owns ({@code MANUAL}, {@code TRACKWISE}, or any configured owner), pulled
 * incrementally by last-modified time like an HRIS, so that they enter the ledger as evidence with authority
 * {@code QMS} and count toward access rules. Course codes are looked up in the {@code qms} dictionary. An
 * assignment (no completion date yet) is no qualification and is passed over; a row that cannot be read is kept as
 * rejected with its field and reason, and the rest of the page goes on.
 */
public final class QmsOwnedRecordsSource implements HrisSource {

    /** The source name QMS-owned records are stored under (and the dictionary their course codes use). */
    public static final String NAME = TrainingTarget.OWNED_RECORDS_SOURCE;

    private final SalesforceQms qms;

    public QmsOwnedRecordsSource(SalesforceQms qms) {
        this.qms = qms;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Qualification.Authority authority() {
        return Qualification.Authority.QMS;
    }

    @Override
    public PullPage pull(PullWindow window, @Nullable String pageToken) {
        SalesforceQms.Page page =
                pageToken == null ? qms.ownedChanged(window.from(), window.through()) : qms.next(pageToken);
        List<SourceRecord> records = new ArrayList<>();
        for (SalesforceQms.Received received : page.records()) {
            if (received.assignment()) {
                continue; // assigned, not completed: no qualification to record (yet)
            }
            TrainingTarget.TrainingRecord r = received.record();
            if (r == null || r.id() == null || r.lastModified() == null) {
                String field = received.field() != null
                        ? received.field()
                        : r == null || r.id() == null ? "Id" : "LastModifiedDate";
                String reason = received.reason() != null ? received.reason() : "missing";
                records.add(SourceRecord.unreadable(
                        "unreadable-" + java.util.UUID.nameUUIDFromBytes(received.raw()),
                        received.raw(),
                        "application/json",
                        field,
                        "a training record the QMS owns cannot be read: " + field + " " + reason));
                continue;
            }
            long version = r.lastModified().toEpochMilli();
            records.add(SourceRecord.read(
                    r.id() + "@" + version,
                    received.raw(),
                    "application/json",
                    new SourceRecord.CertificationFields(
                            r.revoked() ? "certification.revoked" : "certification.completed",
                            r.employeeId().value(),
                            r.courseCode(),
                            null,
                            null,
                            r.completedOn().toString(),
                            r.expiresOn() == null ? null : r.expiresOn().toString(),
                            r.id(),
                            version,
                            null,
                            null)));
        }
        return new PullPage(records, page.nextRecordsUrl());
    }
}
