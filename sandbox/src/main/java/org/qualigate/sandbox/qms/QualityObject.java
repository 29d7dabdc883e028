package org.qualigate.sandbox.qms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The quality objects of the TrackWise Digital-style QMS and their fields: non-conformances, CAPAs, CAPA comments,
 * recalls and equipment records. The {@code CMPL123QMS__} namespace and the {@code CMPL123_WF_Status__c} workflow
 * status are TrackWise Digital's; the object and field names below it are assumptions (docs/connectors.md).
 */
public enum QualityObject {
    NONCONFORMANCE("CMPL123QMS__Nonconformance__c", "a1N", "NC-"),
    CAPA("CMPL123QMS__CAPA__c", "a1C", "CAPA-"),
    CAPA_COMMENT("CMPL123QMS__CAPA_Comment__c", "a1K", "CC-"),
    RECALL("CMPL123QMS__Recall__c", "a1R", "RCL-"),
    EQUIPMENT("CMPL123QMS__Equipment__c", "a1E", "");

    public static final String EXTERNAL_ID = "CMPL123QMS__External_Id__c";
    public static final String STATUS = "CMPL123_WF_Status__c";
    public static final String SITE = "CMPL123QMS__Site__c";
    public static final String MATERIAL = "CMPL123QMS__Material__c";
    public static final String BATCH = "CMPL123QMS__Batch_Number__c";
    public static final String PLANT = "CMPL123QMS__Plant__c";
    public static final String SEVERITY = "CMPL123QMS__Severity__c";
    public static final String DESCRIPTION = "CMPL123QMS__Description__c";
    public static final String BLOCK_STOCK = "CMPL123QMS__Block_Stock__c";
    public static final String EQUIPMENT_REF = "CMPL123QMS__Equipment__c";
    public static final String ROOM = "CMPL123QMS__Room__c";
    public static final String DISPOSITION = "CMPL123QMS__Disposition__c";
    public static final String OPENED = "CMPL123QMS__Date_Opened__c";
    public static final String CLOSED = "CMPL123QMS__Date_Closed__c";
    public static final String NC_REF = "CMPL123QMS__Nonconformance__c";
    public static final String OWNER = "OwnerId";
    public static final String DUE_DATE = "CMPL123QMS__Due_Date__c";
    public static final String ESCALATION = "CMPL123QMS__Escalation_Level__c";
    public static final String CAPA_REF = "CMPL123QMS__CAPA__c";
    public static final String COMMENT = "CMPL123QMS__Comment__c";
    public static final String AUTHOR = "CMPL123QMS__Author__c";
    public static final String FIRST_BATCH = "CMPL123QMS__First_Batch__c";
    public static final String LAST_BATCH = "CMPL123QMS__Last_Batch__c";
    public static final String MADE_FROM = "CMPL123QMS__Manufactured_From__c";
    public static final String MADE_TO = "CMPL123QMS__Manufactured_To__c";
    public static final String RECALL_CLASS = "CMPL123QMS__Recall_Class__c";
    public static final String REASON = "CMPL123QMS__Reason__c";
    public static final String LINE = "CMPL123QMS__Line__c";
    public static final String EQUIPMENT_TYPE = "CMPL123QMS__Equipment_Type__c";
    public static final String CALIBRATION_STATUS = "CMPL123QMS__Calibration_Status__c";
    public static final String LAST_CALIBRATION = "CMPL123QMS__Last_Calibration_Date__c";
    public static final String CALIBRATION_DUE = "CMPL123QMS__Calibration_Due_Date__c";
    public static final String INTERVAL = "CMPL123QMS__Calibration_Interval_Days__c";

    /** A field's kind, which decides how its JSON value is checked. */
    enum Kind {
        TEXT,
        PICKLIST,
        DATE,
        DATETIME,
        BOOLEAN,
        NUMBER,
        REFERENCE
    }

    /** A field: kind, allowed values of a restricted picklist, whether required and whether clients may write it. */
    record Field(String name, Kind kind, Set<String> values, boolean required, boolean writable) {}

    private static final Set<String> SITES = Set.of("BSL", "IND", "SGP");

    private final String apiName;
    private final String idPrefix;
    private final String namePrefix;

    QualityObject(String apiName, String idPrefix, String namePrefix) {
        this.apiName = apiName;
        this.idPrefix = idPrefix;
        this.namePrefix = namePrefix;
    }

    public String apiName() {
        return apiName;
    }

    String idPrefix() {
        return idPrefix;
    }

    /** The prefix of the auto-numbered {@code Name} ({@code NC-2026-000123}); empty when the Name is given. */
    String namePrefix() {
        return namePrefix;
    }

    public static Optional<QualityObject> byApiName(String name) {
        for (QualityObject o : values()) {
            if (o.apiName.equalsIgnoreCase(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** The fields clients may name, by API name, in the order they are written. */
    Map<String, Field> fields() {
        Map<String, Field> fields = new LinkedHashMap<>();
        add(fields, EXTERNAL_ID, Kind.TEXT, false);
        switch (this) {
            case NONCONFORMANCE -> nonconformance(fields);
            case CAPA -> capa(fields);
            case CAPA_COMMENT -> capaComment(fields);
            case RECALL -> recall(fields);
            case EQUIPMENT -> equipment(fields);
        }
        return fields;
    }

    private static void nonconformance(Map<String, Field> fields) {
        picklist(fields, SITE, SITES, true);
        add(fields, MATERIAL, Kind.TEXT, false);
        add(fields, BATCH, Kind.TEXT, false);
        add(fields, PLANT, Kind.TEXT, false);
        picklist(fields, SEVERITY, Set.of("Minor", "Major", "Critical"), true);
        add(fields, DESCRIPTION, Kind.TEXT, true);
        add(fields, BLOCK_STOCK, Kind.BOOLEAN, false);
        add(fields, EQUIPMENT_REF, Kind.TEXT, false);
        add(fields, ROOM, Kind.TEXT, false);
        picklist(
                fields,
                STATUS,
                Set.of(
                        "Draft",
                        "Opened",
                        "Under Investigation",
                        "Pending Disposition",
                        "Closed - Done",
                        "Closed - Canceled"),
                true);
        picklist(fields, DISPOSITION, Set.of("Release", "Rework", "Reject", "Return to Supplier"), false);
        add(fields, OPENED, Kind.DATETIME, false);
        add(fields, CLOSED, Kind.DATETIME, false);
    }

    private static void capa(Map<String, Field> fields) {
        add(fields, NC_REF, Kind.REFERENCE, false);
        picklist(fields, SITE, SITES, true);
        add(fields, DESCRIPTION, Kind.TEXT, true);
        add(fields, OWNER, Kind.REFERENCE, true);
        add(fields, DUE_DATE, Kind.DATE, true);
        picklist(
                fields,
                STATUS,
                Set.of(
                        "Opened",
                        "In Progress",
                        "Pending Effectiveness Check",
                        "Closed - Effective",
                        "Closed - Not Effective",
                        "Closed - Canceled"),
                true);
        add(fields, ESCALATION, Kind.NUMBER, false);
        add(fields, CLOSED, Kind.DATETIME, false);
    }

    private static void capaComment(Map<String, Field> fields) {
        add(fields, CAPA_REF, Kind.REFERENCE, true);
        add(fields, COMMENT, Kind.TEXT, true);
        add(fields, AUTHOR, Kind.TEXT, false);
    }

    private static void recall(Map<String, Field> fields) {
        picklist(fields, SITE, SITES, true);
        add(fields, MATERIAL, Kind.TEXT, true);
        add(fields, PLANT, Kind.TEXT, true);
        add(fields, FIRST_BATCH, Kind.TEXT, true);
        add(fields, LAST_BATCH, Kind.TEXT, true);
        add(fields, MADE_FROM, Kind.DATE, false);
        add(fields, MADE_TO, Kind.DATE, false);
        picklist(fields, RECALL_CLASS, Set.of("I", "II", "III"), true);
        add(fields, REASON, Kind.TEXT, true);
        picklist(fields, STATUS, Set.of("Opened", "In Progress", "Closed - Done", "Closed - Canceled"), true);
        add(fields, OPENED, Kind.DATETIME, false);
        add(fields, CLOSED, Kind.DATETIME, false);
    }

    private static void equipment(Map<String, Field> fields) {
        picklist(fields, SITE, SITES, true);
        add(fields, LINE, Kind.TEXT, false);
        add(fields, EQUIPMENT_TYPE, Kind.TEXT, false);
        picklist(
                fields,
                CALIBRATION_STATUS,
                Set.of("Calibrated", "Due", "Overdue", "Out of Tolerance", "Out of Service"),
                true);
        add(fields, LAST_CALIBRATION, Kind.DATE, false);
        add(fields, CALIBRATION_DUE, Kind.DATE, false);
        add(fields, INTERVAL, Kind.NUMBER, false);
    }

    /** The object a reference field points to, if it is one of these. */
    static @Nullable QualityObject target(String field) {
        return switch (field) {
            case NC_REF -> NONCONFORMANCE;
            case CAPA_REF -> CAPA;
            default -> null;
        };
    }

    /** System fields every row carries and no client may write. */
    static List<String> systemFields() {
        return List.of("Id", "Name", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted");
    }

    private static void add(Map<String, Field> fields, String name, Kind kind, boolean required) {
        fields.put(name, new Field(name, kind, Set.of(), required, true));
    }

    private static void picklist(Map<String, Field> fields, String name, Set<String> values, boolean required) {
        fields.put(name, new Field(name, Kind.PICKLIST, values, required, true));
    }
}
