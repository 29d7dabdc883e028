package org.qualigate.connector.qms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.EquipmentCalibrations.Row;
import org.qualigate.connector.EquipmentCalibrations.Status;
import tools.jackson.databind.json.JsonMapper;

/** The QMS's equipment record as the Salesforce REST API answers it (nulls present, dates as dates). */
class SalesforceEquipmentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SalesforceEquipment equipment = new SalesforceEquipment(
            new SalesforceQms(
                    "qms",
                    new QmsSettings(
                            "http://127.0.0.1:1/qms",
                            "id",
                            "secret",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)),
            SalesforceEquipment.Fields.DEFAULTS);

    @Test
    void readsDueAndOverdueAsCalibratedWithTheirDates() {
        Row row = equipment.row(JSON.readTree("""
                {"attributes":{"type":"CMPL123QMS__Equipment__c"},"Id":"a1E000000000001","Name":"BSL-BAL-0112",
                 "CMPL123QMS__Site__c":"BSL","CMPL123QMS__Calibration_Status__c":"Overdue",
                 "CMPL123QMS__Last_Calibration_Date__c":"2026-06-01","CMPL123QMS__Calibration_Due_Date__c":"2026-08-30",
                 "LastModifiedDate":"2026-08-31T06:00:00.000+0000"}"""));

        assertThat(row.calibration()).isNotNull();
        assertThat(row.calibration().status()).isEqualTo(Status.CALIBRATED);
        assertThat(row.calibration().dueDate()).isEqualTo(LocalDate.of(2026, 8, 30));
        assertThat(row.calibration().sourceStatus()).isEqualTo("Overdue");
        assertThat(row.calibration().reference()).isEqualTo("a1E000000000001");
    }

    @Test
    void keepsARecordWithAnUnknownStatusOrANullSiteWithItsReason() {
        Row unknown = equipment.row(JSON.readTree("""
                {"Id":"a1E2","Name":"X-1","CMPL123QMS__Site__c":"BSL","CMPL123QMS__Calibration_Status__c":"Lost",
                 "CMPL123QMS__Last_Calibration_Date__c":null,"CMPL123QMS__Calibration_Due_Date__c":null}"""));
        Row noSite = equipment.row(JSON.readTree("""
                {"Id":"a1E3","Name":"X-2","CMPL123QMS__Site__c":null,"CMPL123QMS__Calibration_Status__c":"Calibrated"}"""));

        assertThat(unknown.calibration()).isNull();
        assertThat(unknown.reason()).isEqualTo("unknown calibration status Lost");
        assertThat(noSite.field()).isEqualTo("CMPL123QMS__Site__c");
    }

    @Test
    void writesOverdueForACalibratedInstrumentWhoseDueDateHasPassedAtTheSite() {
        LocalDate today = LocalDate.of(2026, 12, 6);
        assertThat(SalesforceEquipment.words(Status.CALIBRATED, today.minusDays(1), today))
                .isEqualTo("Overdue");
        assertThat(SalesforceEquipment.words(Status.CALIBRATED, today, today)).isEqualTo("Calibrated");
        assertThat(SalesforceEquipment.words(Status.OUT_OF_TOLERANCE, today, today))
                .isEqualTo("Out of Tolerance");
    }
}
