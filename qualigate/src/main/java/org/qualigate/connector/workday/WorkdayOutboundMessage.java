package org.qualigate.connector.workday;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.SourceRecord;
import org.qualigate.text.Sha256;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a Workday outbound subscription message (XML, usually a SOAP envelope). A {@code Worker} that carries its
 * certifications and a moment of its own (its transaction log, else the event's moment) gives one {@link
 * SourceRecord} per certification, with the same keys as {@code Get_Workers} and that moment as version: a sender's
 * retry is the same record again, and an older message delivered late loses to a newer state. A message that only
 * names workers (a thin event notification), or whose workers carry no moment to order them by, asks for those
 * workers to be read back with {@code Get_Workers}. A message that can be neither is one unreadable record.
 */
public final class WorkdayOutboundMessage {

    /**
     * Where this adapter looks for the event's own moment, in this order. Assumed names: Workday does not publish
     * the outbound message schema outside its community (see docs/connectors.md).
     */
    static final List<String> EVENT_MOMENTS =
            List.of("Transaction_Entry_Moment", "Entry_Moment", "Completed_On", "Effective_Moment", "Initiated_On");

    private WorkdayOutboundMessage() {}

    /** A worker as the message names them: {@code Employee_ID} (preferred) or {@code WID}. */
    public record WorkerReference(String type, String id) {}

    /**
     * What a message says.
     *
     * @param records the records to store (or one unreadable record when the message cannot be used at all)
     * @param readBack the workers whose current state must be read back, without duplicates
     * @param eventId the event's own id ({@code Event_Reference}), when the message names one
     */
    public record Reading(
            List<SourceRecord> records,
            List<WorkerReference> readBack,
            @Nullable String eventId) {

        public Reading {
            records = List.copyOf(records);
            readBack = List.copyOf(readBack);
        }

        /** Whether the message was unusable as a whole (its one record says why). */
        public boolean unreadable() {
            return readBack.isEmpty()
                    && records.size() == 1
                    && records.getFirst().problem() != null
                    && records.getFirst().key().startsWith("message:");
        }
    }

    public static Reading read(byte[] body) {
        Document doc;
        try {
            doc = WorkerXml.parse(body);
        } catch (SAXException e) {
            String where = e instanceof SAXParseException p
                    ? " at line " + p.getLineNumber() + ", column " + p.getColumnNumber()
                    : "";
            return unreadable(
                    body,
                    "body",
                    "not well-formed XML" + where + ": " + WorkerXml.clip(String.valueOf(e.getMessage())),
                    null);
        }
        Element root = doc.getDocumentElement();
        String eventId = eventId(root);
        Optional<Long> eventMoment = eventMoment(root);
        List<SourceRecord> records = new ArrayList<>();
        Set<WorkerReference> readBack = new LinkedHashSet<>();
        for (Element worker : WorkdayDom.descendants(root, "Worker")) {
            Element qualifications = WorkdayDom.path(worker, "Worker_Data", "Qualification_Data");
            boolean carriesCertifications = qualifications != null
                    && !WorkdayDom.children(qualifications, "Certification").isEmpty();
            Optional<Long> moment = WorkerXml.version(worker).or(() -> eventMoment);
            if (carriesCertifications && moment.isPresent()) {
                records.addAll(WorkerXml.records(worker, moment.get()));
            } else {
                reference(worker).ifPresent(readBack::add);
            }
        }
        // A thin notification names its worker in a reference of its own rather than in a Worker element.
        if (records.isEmpty() && readBack.isEmpty()) {
            for (Element reference : WorkdayDom.descendants(root, "Worker_Reference")) {
                reference(reference, true).ifPresent(readBack::add);
            }
        }
        if (records.isEmpty() && readBack.isEmpty()) {
            boolean anyWorker = !WorkdayDom.descendants(root, "Worker").isEmpty();
            return unreadable(
                    body,
                    "Worker",
                    anyWorker
                            ? "the message's workers have no Employee_ID or WID to read them back by"
                            : "the message names no worker (no Worker element and no Worker_Reference)",
                    eventId);
        }
        return new Reading(records, List.copyOf(readBack), eventId);
    }

    private static Reading unreadable(byte[] body, String field, String reason, @Nullable String eventId) {
        return new Reading(
                List.of(SourceRecord.unreadable(messageKey(body), body, WorkerXml.CONTENT_TYPE, field, reason)),
                List.of(),
                eventId);
    }

    private static Optional<WorkerReference> reference(Element worker) {
        String employeeId = WorkerXml.employeeId(worker);
        if (employeeId != null) {
            return Optional.of(new WorkerReference("Employee_ID", employeeId));
        }
        Element reference = WorkdayDom.child(worker, "Worker_Reference");
        return reference == null ? Optional.empty() : reference(reference, false);
    }

    private static Optional<WorkerReference> reference(Element reference, boolean employeeIdFirst) {
        String employeeId = WorkdayDom.id(reference, "Employee_ID");
        if (employeeId != null && employeeIdFirst) {
            return Optional.of(new WorkerReference("Employee_ID", employeeId));
        }
        String wid = WorkdayDom.id(reference, "WID");
        if (wid != null) {
            return Optional.of(new WorkerReference("WID", wid));
        }
        return employeeId == null ? Optional.empty() : Optional.of(new WorkerReference("Employee_ID", employeeId));
    }

    private static @Nullable String eventId(Element root) {
        for (Element reference : WorkdayDom.descendants(root, "Event_Reference")) {
            String wid = WorkdayDom.id(reference, "WID");
            if (wid != null) {
                return wid;
            }
            for (Element id : WorkdayDom.children(reference, "ID")) {
                String t = id.getTextContent().trim();
                if (!t.isEmpty()) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The event's own moment: the first of {@link #EVENT_MOMENTS} under {@code Event_Data} that is a dateTime. */
    static Optional<Long> eventMoment(Element root) {
        for (Element eventData : WorkdayDom.descendants(root, "Event_Data")) {
            for (String name : EVENT_MOMENTS) {
                for (Element e : WorkdayDom.descendants(eventData, name)) {
                    try {
                        return Optional.of(
                                OffsetDateTime.parse(e.getTextContent().trim())
                                        .toInstant()
                                        .toEpochMilli());
                    } catch (DateTimeParseException notAMoment) {
                        // another candidate may be one
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String messageKey(byte[] body) {
        return "message:" + Sha256.hex(body);
    }
}
