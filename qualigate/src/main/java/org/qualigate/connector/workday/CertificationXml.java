package org.qualigate.connector.workday;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.SourceRecord;
import org.w3c.dom.Element;

/**
 * One Workday {@code Certification} element as a source record: its key, the person and catalogue certification it
 * names, its dates as days, its name and whether it is removed; drift (a field the mapping reads that is gone or
 * changed) and what cannot be read are set aside with the field and reason, elements the adapter does not know
 * are only listed.
 */
final class CertificationXml {

    private CertificationXml() {}

    /** What this adapter knows inside {@code Certification}; anything else is recorded as an unmapped field. */
    private static final Set<String> CERTIFICATION_CHILDREN =
            Set.of("Certification_Reference", "Certification_Achievement_Reference", "Certification_Data");

    /** What this adapter knows inside {@code Certification_Data} (Human_Resources, v3x–v4x); others are recorded. */
    private static final Set<String> CERTIFICATION_DATA_CHILDREN = Set.of(
            "Certification_Reference",
            "Country_Reference",
            "Country_Region_Reference",
            "Certification_Name",
            "Issuer",
            "Certification_Issuer_Reference",
            "Certification_Number",
            "Issued_Date",
            "Expiration_Date",
            "Examination_Score",
            "Examination_Date",
            "Specialty_Achievement_Data",
            "Worker_Document_Data",
            "Attachment_Data",
            "Certification_ID",
            "Remove_Certification");

    /** The elements of a certification this adapter does not read, as {@code Certification/Name} paths. */
    static List<String> unknownElements(Element certification) {
        List<String> unknown = new ArrayList<>();
        for (Element c : WorkdayDom.elements(certification)) {
            if (!CERTIFICATION_CHILDREN.contains(c.getLocalName())) {
                unknown.add("Certification/" + c.getLocalName());
            }
        }
        Element data = WorkdayDom.child(certification, "Certification_Data");
        if (data != null) {
            for (Element c : WorkdayDom.elements(data)) {
                if (!CERTIFICATION_DATA_CHILDREN.contains(c.getLocalName())) {
                    unknown.add("Certification_Data/" + c.getLocalName());
                }
            }
        }
        return unknown;
    }

    /** The catalogue certification's id: {@code Certification_Reference/ID[@wd:type='Certification_ID']}. */
    private static @Nullable String catalogueId(@Nullable Element data) {
        return WorkdayDom.id(WorkdayDom.path(data, "Certification_Reference"), "Certification_ID");
    }

    /** The worker's own record id ({@code Certification_ID}), else {@code employee/catalogue id}. */
    static String recordId(@Nullable String employeeId, Element certification) {
        Element data = WorkdayDom.child(certification, "Certification_Data");
        String catalogueId = catalogueId(data);
        String ownId = data == null ? null : WorkdayDom.text(data, "Certification_ID");
        return ownId != null
                ? ownId
                : (employeeId == null ? "?" : employeeId) + "/" + (catalogueId == null ? "?" : catalogueId);
    }

    static SourceRecord certification(@Nullable String employeeId, Element certification, long version, byte[] raw) {
        Element data = WorkdayDom.child(certification, "Certification_Data");
        String catalogueId = catalogueId(data);
        String recordId = recordId(employeeId, certification);
        String key = recordId + "@" + version;
        if (employeeId == null) {
            return SourceRecord.unreadable(
                    key, raw, WorkerXml.CONTENT_TYPE, "Worker_Reference", "the worker has no ID of type Employee_ID");
        }
        // Elements this adapter does not know are the vendor's to add: counted with the read (see unknownElements),
        // never a reason to set the record aside. Drift is a field the mapping reads that is gone or changed.
        if (data == null) {
            return SourceRecord.drifted(key, raw, WorkerXml.CONTENT_TYPE, "Certification_Data", "missing");
        }
        if (catalogueId == null) {
            return SourceRecord.drifted(
                    key,
                    raw,
                    WorkerXml.CONTENT_TYPE,
                    "Certification_Reference",
                    "missing an ID of type Certification_ID (the catalogue certification)");
        }
        return certification(key, raw, employeeId, catalogueId, recordId, version, certification, data);
    }

    /** A certification whose person and catalogue entry are known: its dates, its name and whether it is removed. */
    private static SourceRecord certification(
            String key,
            byte[] raw,
            String employeeId,
            String catalogueId,
            String recordId,
            long version,
            Element certification,
            Element data) {
        String issuedText = WorkdayDom.text(data, "Issued_Date");
        if (issuedText == null) {
            return SourceRecord.drifted(key, raw, WorkerXml.CONTENT_TYPE, "Issued_Date", "missing");
        }
        Optional<String> issued = WorkerXml.day(issuedText);
        if (issued.isEmpty()) {
            return notADate(key, raw, "Issued_Date", issuedText);
        }
        String expiresText = WorkdayDom.text(data, "Expiration_Date");
        String expires = null;
        if (expiresText != null) {
            Optional<String> parsed = WorkerXml.day(expiresText);
            if (parsed.isEmpty()) {
                return notADate(key, raw, "Expiration_Date", expiresText);
            }
            expires = parsed.get();
        }
        String name = name(data);
        SourceRecord unreadable = unreadableRemoval(key, raw, certification, data);
        if (unreadable != null) {
            return unreadable;
        }
        boolean removed =
                WorkerXml.XsdBoolean.of(WorkdayDom.attribute(certification, "Delete")) == WorkerXml.XsdBoolean.TRUE
                        || WorkerXml.XsdBoolean.of(removeText(data)) == WorkerXml.XsdBoolean.TRUE;
        return SourceRecord.read(
                key,
                raw,
                WorkerXml.CONTENT_TYPE,
                new SourceRecord.CertificationFields(
                        removed ? "certification.revoked" : "certification.completed",
                        employeeId,
                        catalogueId,
                        name,
                        null,
                        issued.get(),
                        expires,
                        recordId,
                        version,
                        null,
                        null));
    }

    private static SourceRecord notADate(String key, byte[] raw, String field, String text) {
        return SourceRecord.drifted(
                key,
                raw,
                WorkerXml.CONTENT_TYPE,
                field,
                field + ": expected a date, got '" + WorkerXml.clip(text) + "'");
    }

    /** The certification's name, or its reference's descriptor. */
    private static @Nullable String name(Element data) {
        String name = WorkdayDom.text(data, "Certification_Name");
        if (name != null) {
            return name;
        }
        String descriptor = WorkdayDom.attribute(WorkdayDom.path(data, "Certification_Reference"), "Descriptor");
        return descriptor == null || descriptor.isBlank() ? null : descriptor;
    }

    /** The record set aside when {@code Delete} or {@code Remove_Certification} is no boolean; else null. */
    private static @Nullable SourceRecord unreadableRemoval(
            String key, byte[] raw, Element certification, Element data) {
        // Both are xsd:boolean, which Workday writes as 1/0 as often as true/false.
        WorkerXml.XsdBoolean deleted = WorkerXml.XsdBoolean.of(WorkdayDom.attribute(certification, "Delete"));
        String removeText = removeText(data);
        WorkerXml.XsdBoolean remove = WorkerXml.XsdBoolean.of(removeText);
        if (deleted == WorkerXml.XsdBoolean.INVALID || remove == WorkerXml.XsdBoolean.INVALID) {
            String field = deleted == WorkerXml.XsdBoolean.INVALID ? "Delete" : "Remove_Certification";
            String value = deleted == WorkerXml.XsdBoolean.INVALID
                    ? WorkdayDom.attribute(certification, "Delete")
                    : removeText;
            return SourceRecord.unreadable(
                    key,
                    raw,
                    WorkerXml.CONTENT_TYPE,
                    field,
                    field + ": expected an xsd:boolean (true, false, 1 or 0), got '"
                            + WorkerXml.clip(String.valueOf(value)) + "'");
        }
        return null;
    }

    private static @Nullable String removeText(Element data) {
        return WorkdayDom.child(data, "Remove_Certification") == null
                ? null
                : WorkdayDom.text(data, "Remove_Certification");
    }
}
