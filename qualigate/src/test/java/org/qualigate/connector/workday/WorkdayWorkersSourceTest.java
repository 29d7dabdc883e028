package org.qualigate.connector.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.validation.Verifies;

/** The Get_Workers and outbound-message reading on recorded XML samples. */
class WorkdayWorkersSourceTest {

    private static final HrisSource.PullWindow WINDOW =
            new HrisSource.PullWindow(Instant.parse("2026-11-12T00:00:00Z"), Instant.parse("2026-11-13T00:00:00Z"));

    /** A page as Workday answers it, with its own prefix ({@code ns0}) rather than {@code wd}. */
    private static final String PAGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
             <env:Body>
              <ns0:Get_Workers_Response xmlns:ns0="urn:com.workday/bsvc" ns0:version="v42.0">
               <ns0:Response_Filter><ns0:Page>1</ns0:Page><ns0:Count>1</ns0:Count></ns0:Response_Filter>
               <ns0:Response_Results>
                <ns0:Total_Results>3</ns0:Total_Results><ns0:Total_Pages>3</ns0:Total_Pages>
                <ns0:Page_Results>1</ns0:Page_Results><ns0:Page>1</ns0:Page>
               </ns0:Response_Results>
               <ns0:Response_Data>
                <ns0:Worker>
                 <ns0:Worker_Reference>
                  <ns0:ID ns0:type="WID">3aa5550b7fe348b98d7b5741afc65534</ns0:ID>
                  <ns0:ID ns0:type="Employee_ID">E10023</ns0:ID>
                 </ns0:Worker_Reference>
                 <ns0:Worker_Descriptor>Anna Keller</ns0:Worker_Descriptor>
                 <ns0:Worker_Data>
                  <ns0:Worker_ID>E10023</ns0:Worker_ID>
                  <ns0:Transaction_Log_Entry_Data>
                   <ns0:Transaction_Log_Entry><ns0:Transaction_Log_Data>
                    <ns0:Transaction_Entry_Moment>2026-11-12T09:30:00.000-08:00</ns0:Transaction_Entry_Moment>
                   </ns0:Transaction_Log_Data></ns0:Transaction_Log_Entry>
                   <ns0:Transaction_Log_Entry><ns0:Transaction_Log_Data>
                    <ns0:Transaction_Entry_Moment>2026-11-10T08:00:00.000-08:00</ns0:Transaction_Entry_Moment>
                   </ns0:Transaction_Log_Data></ns0:Transaction_Log_Entry>
                  </ns0:Transaction_Log_Entry_Data>
                  <ns0:Qualification_Data>
                   <ns0:Certification>
                    <ns0:Certification_Data>
                     <ns0:Certification_Reference ns0:Descriptor="GMP fundamentals">
                      <ns0:ID ns0:type="WID">9f1c</ns0:ID>
                      <ns0:ID ns0:type="Certification_ID">WD-CERT-1001</ns0:ID>
                     </ns0:Certification_Reference>
                     <ns0:Certification_Name>GMP fundamentals</ns0:Certification_Name>
                     <ns0:Issuer>Pharma Academy</ns0:Issuer>
                     <ns0:Certification_Number>CN-7781</ns0:Certification_Number>
                     <ns0:Issued_Date>2026-11-12-08:00</ns0:Issued_Date>
                     <ns0:Expiration_Date>2027-11-12-08:00</ns0:Expiration_Date>
                     <ns0:Examination_Score>91</ns0:Examination_Score>
                     <ns0:Certification_ID>TR-100234</ns0:Certification_ID>
                    </ns0:Certification_Data>
                   </ns0:Certification>
                   <ns0:Certification>
                    <ns0:Certification_Data>
                     <ns0:Certification_Reference ns0:Descriptor="Batch record review">
                      <ns0:ID ns0:type="Certification_ID">WD-CERT-6001</ns0:ID>
                     </ns0:Certification_Reference>
                     <ns0:Issued_Date>2026-11-10+08:00</ns0:Issued_Date>
                    </ns0:Certification_Data>
                   </ns0:Certification>
                  </ns0:Qualification_Data>
                 </ns0:Worker_Data>
                </ns0:Worker>
               </ns0:Response_Data>
              </ns0:Get_Workers_Response>
             </env:Body>
            </env:Envelope>
            """;

    @Verifies({"URS-INT-003", "URS-DI-003"})
    @Test
    void readsEachCertificationWithTheDayItNamesWhateverTheOffsetAndPrefix() {
        HrisSource.PullPage page = WorkdayWorkersSource.page(bytes(PAGE), WINDOW, 1);

        assertThat(page.nextPageToken()).isEqualTo("2");
        assertThat(page.records()).hasSize(2);
        SourceRecord.CertificationFields gmp = page.records().get(0).fields();
        long latest = Instant.parse("2026-11-12T17:30:00Z").toEpochMilli();
        assertThat(gmp).isNotNull();
        assertThat(gmp.employeeId()).isEqualTo("E10023");
        assertThat(gmp.certificationId()).isEqualTo("WD-CERT-1001");
        assertThat(gmp.sourceRecordId()).isEqualTo("TR-100234");
        assertThat(gmp.completedOn()).isEqualTo("2026-11-12");
        assertThat(gmp.expiresOn()).isEqualTo("2027-11-12");
        assertThat(gmp.sourceVersion()).isEqualTo(latest);
        assertThat(gmp.eventType()).isEqualTo("certification.completed");
        assertThat(page.records().get(0).key()).isEqualTo("TR-100234@" + latest);
        assertThat(new String(page.records().get(0).raw(), StandardCharsets.UTF_8))
                .contains("urn:com.workday/bsvc")
                .contains("E10023")
                .contains("TR-100234")
                .doesNotContain("WD-CERT-6001");

        // No Certification_ID of its own, no name element, no expiry: a stable composite id, the descriptor.
        SourceRecord.CertificationFields review = page.records().get(1).fields();
        assertThat(review).isNotNull();
        assertThat(review.sourceRecordId()).isEqualTo("E10023/WD-CERT-6001");
        assertThat(review.certificationName()).isEqualTo("Batch record review");
        assertThat(review.completedOn()).isEqualTo("2026-11-10");
        assertThat(review.expiresOn()).isNull();
    }

    @Verifies("URS-INT-003")
    @Test
    void theLastPageHasNoNextToken() {
        String last = PAGE.replace("<ns0:Page>1</ns0:Page></ns0:Response_Results>", "")
                .replace("<ns0:Page_Results>1</ns0:Page_Results><ns0:Page>1</ns0:Page>", "<ns0:Page>3</ns0:Page>");
        assertThat(WorkdayWorkersSource.page(bytes(last), WINDOW, 3).nextPageToken())
                .isNull();
    }

    @Verifies("URS-INT-003")
    @Test
    void aWorkerWithoutTransactionLogTakesTheWindowsEndAsVersion() {
        String noLog = PAGE.replaceAll("(?s)<ns0:Transaction_Log_Entry_Data>.*</ns0:Transaction_Log_Entry_Data>", "");
        SourceRecord r =
                WorkdayWorkersSource.page(bytes(noLog), WINDOW, 1).records().get(0);
        assertThat(r.fields().sourceVersion()).isEqualTo(WINDOW.through().toEpochMilli());
    }

    @Verifies("URS-INT-003")
    @Test
    void aRetypedDateIsDriftNotAGuess() {
        String retyped = PAGE.replace(
                "<ns0:Expiration_Date>2027-11-12-08:00</ns0:Expiration_Date>",
                "<ns0:Expiration_Date>soon</ns0:Expiration_Date>");
        SourceRecord r =
                WorkdayWorkersSource.page(bytes(retyped), WINDOW, 1).records().get(0);
        assertThat(r.problem()).isNotNull();
        assertThat(r.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
        assertThat(r.problem().field()).isEqualTo("Expiration_Date");
        assertThat(r.problem().reason()).isEqualTo("Expiration_Date: expected a date, got 'soon'");
    }

    @Verifies("URS-INT-003")
    @Test
    void anElementTheVendorAddedToTheCertificationIsRecordedNotQuarantined() {
        String extended = PAGE.replace(
                "<ns0:Examination_Score>91</ns0:Examination_Score>",
                "<ns0:Examination_Score>91</ns0:Examination_Score>"
                        + "<ns0:Certification_Level_Code>L2</ns0:Certification_Level_Code>");
        HrisSource.PullPage page = WorkdayWorkersSource.page(bytes(extended), WINDOW, 1);

        assertThat(page.records()).allSatisfy(r -> assertThat(r.problem()).isNull());
        assertThat(page.records().get(0).fields().certificationId()).isEqualTo("WD-CERT-1001");
        assertThat(page.unmappedFields()).containsEntry("Certification_Data/Certification_Level_Code", 1);
    }

    @Verifies("URS-INT-003")
    @Test
    void aMissingCatalogueIdIsDrift() {
        String missing = PAGE.replace("<ns0:ID ns0:type=\"Certification_ID\">WD-CERT-1001</ns0:ID>", "");
        SourceRecord r =
                WorkdayWorkersSource.page(bytes(missing), WINDOW, 1).records().get(0);
        assertThat(r.problem().field()).isEqualTo("Certification_Reference");
    }

    @Verifies("URS-INT-003")
    @Test
    void aWorkerWithoutEmployeeIdIsUnreadable() {
        String anonymous = PAGE.replace("<ns0:ID ns0:type=\"Employee_ID\">E10023</ns0:ID>", "")
                .replace("<ns0:Worker_ID>E10023</ns0:Worker_ID>", "");
        SourceRecord r =
                WorkdayWorkersSource.page(bytes(anonymous), WINDOW, 1).records().get(0);
        assertThat(r.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
        assertThat(r.problem().field()).isEqualTo("Worker_Reference");
    }

    @Verifies({"URS-INT-003", "URS-INT-006", "URS-INT-015"})
    @Test
    void aPageThatIsNotXmlFailsThePullSoTheWindowIsAskedAgain() {
        assertThatThrownBy(() -> WorkdayWorkersSource.page(bytes("<env:Envelope><unclosed>"), WINDOW, 2))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("page 2");
    }

    @Verifies({"URS-INT-003", "URS-INT-015"})
    @Test
    void aMalformedOutboundMessageIsOneUnreadableRecordKeepingTheBody() {
        WorkdayOutboundMessage.Reading reading =
                WorkdayOutboundMessage.read(bytes("<wd:Worker xmlns:wd='urn:com.workday/bsvc'>"));
        assertThat(reading.unreadable()).isTrue();
        List<SourceRecord> records = reading.records();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
        assertThat(records.get(0).problem().field()).isEqualTo("body");
        assertThat(records.get(0).problem().reason()).contains("not well-formed XML");
    }

    @Verifies("URS-INT-003")
    @Test
    void anOutboundDeleteIsARevocation() {
        String message = PAGE.replaceFirst("<ns0:Certification>", "<ns0:Certification ns0:Delete=\"true\">");
        List<SourceRecord> records = WorkdayOutboundMessage.read(bytes(message)).records();
        assertThat(records.get(0).fields().eventType()).isEqualTo("certification.revoked");
        assertThat(records.get(1).fields().eventType()).isEqualTo("certification.completed");
    }

    @Verifies("URS-INT-003")
    @Test
    void anAuthenticationFaultIsPermanentAndNamesTheIntegrationUserNeverThePassword() {
        String fault = """
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
                 <SOAP-ENV:Body><SOAP-ENV:Fault>
                  <faultcode>SOAP-ENV:Client.authenticationError</faultcode>
                  <faultstring>invalid username or password</faultstring>
                 </SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>""";
        TargetException e = SoapFault.toException(500, bytes(fault));
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("integration user").contains("qualigate.workday.username");
    }

    @Verifies("URS-INT-003")
    @Test
    void aValidationFaultIsTransientAndSaysWhy() {
        String fault = """
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
                 <SOAP-ENV:Body><SOAP-ENV:Fault xmlns:wd="urn:com.workday/bsvc">
                  <faultcode>SOAP-ENV:Client.validationError</faultcode>
                  <faultstring>Validation error occurred. Updated Through cannot be later than now</faultstring>
                  <detail><wd:Validation_Fault><wd:Validation_Error>
                   <wd:Message>Updated Through cannot be later than now</wd:Message>
                  </wd:Validation_Error></wd:Validation_Fault></detail>
                 </SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>""";
        TargetException e = SoapFault.toException(500, bytes(fault));
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("validationError").contains("Updated Through");
    }

    @Verifies("URS-SEC-003")
    @Test
    void theSettingsNeverShowThePassword() {
        WorkdaySettings s = new WorkdaySettings(
                "https://wd.example",
                "acme",
                "ISU",
                "s3cret-pw",
                null,
                0,
                null,
                null,
                null,
                null,
                new WorkdaySettings.Outbound("hook", "hook-pw"));
        assertThat(s.toString()).doesNotContain("s3cret-pw").doesNotContain("hook-pw");
        assertThat(s.soapUsername()).isEqualTo("ISU@acme");
    }

    private static byte[] bytes(String s) {
        return s.strip().getBytes(StandardCharsets.UTF_8);
    }
}
