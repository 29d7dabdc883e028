package org.qualigate.connector.workday;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.SourceRecord;
import org.qualigate.validation.Verifies;

/**
 * Fuzzing of Workday's XML: an outbound message (the same worker XML as a Get_Workers page) of any bytes
 * gives records or one unreadable record that keeps the body — never an exception, never an empty answer.
 */
class WorkdayXmlFuzzTest {

    @Verifies({"URS-INT-003", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyMessageGivesRecordsOrOneUnreadableRecordKeepingTheBody(byte @NotNull [] body) {
        WorkdayOutboundMessage.Reading reading = WorkdayOutboundMessage.read(body);
        List<SourceRecord> records = reading.records();

        // records to store, workers to read back, or one unreadable record: never nothing
        assertThat(records.isEmpty() && reading.readBack().isEmpty()).isFalse();
        if (reading.unreadable()) {
            assertThat(records.getFirst().raw()).isEqualTo(body);
        }
        for (SourceRecord r : records) {
            assertThat(r.key()).isNotBlank();
            if (r.problem() != null) {
                assertThat(r.problem().reason()).isNotBlank();
            }
        }
    }

    // Found by fuzzing: an XML declaration naming an encoding the JDK does not know (UTF-6) made the parser
    // throw an IOException that escaped as an IllegalStateException, so the outbound message got a 500
    // instead of being kept as rejected with its reason.
    @Verifies({"URS-INT-003", "URS-INT-015", "URS-INT-002"})
    @Test
    void aMessageInAnEncodingTheJdkDoesNotKnowIsOneUnreadableRecordKeepingTheBody() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-6\"?><Worker/>".getBytes(StandardCharsets.US_ASCII);

        List<SourceRecord> records = WorkdayOutboundMessage.read(body).records();

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.problem()).isNotNull();
            assertThat(r.problem().field()).isEqualTo("body");
            assertThat(r.problem().reason()).startsWith("not well-formed XML").contains("UTF-6");
            assertThat(r.raw()).isEqualTo(body);
        });
    }

    // Found by fuzzing: the parser accepts an attribute named ":x", but copying the certification into the
    // stored record then threw a DOMException, which failed the whole message (or the whole pulled page).
    @Verifies({"URS-INT-003", "URS-INT-015"})
    @Test
    void aCertificationWithANameTheDomCannotRecreateIsSetAsideAndTheOthersAreRead() {
        String xml = """
                <wd:Response_Data xmlns:wd="urn:com.workday/bsvc"><wd:Worker>
                 <wd:Worker_Reference><wd:ID wd:type="Employee_ID">E10023</wd:ID></wd:Worker_Reference>
                 <wd:Worker_Data><wd:Transaction_Log_Entry_Data><wd:Transaction_Log_Entry><wd:Transaction_Log_Data>
                  <wd:Transaction_Entry_Moment>2026-11-12T09:30:00.000-08:00</wd:Transaction_Entry_Moment>
                 </wd:Transaction_Log_Data></wd:Transaction_Log_Entry></wd:Transaction_Log_Entry_Data>
                 <wd:Qualification_Data>
                  <wd:Certification><wd:Certification_Data>
                   <wd:Certification_Reference><wd:ID :x="Certification_ID">WD-CERT-1001</wd:ID></wd:Certification_Reference>
                   <wd:Certification_ID>TR-1</wd:Certification_ID>
                  </wd:Certification_Data></wd:Certification>
                  <wd:Certification><wd:Certification_Data>
                   <wd:Certification_Reference><wd:ID wd:type="Certification_ID">WD-CERT-1002</wd:ID></wd:Certification_Reference>
                   <wd:Certification_ID>TR-2</wd:Certification_ID>
                   <wd:Issued_Date>2026-11-12-08:00</wd:Issued_Date>
                  </wd:Certification_Data></wd:Certification>
                 </wd:Qualification_Data></wd:Worker_Data>
                </wd:Worker></wd:Response_Data>""";

        List<SourceRecord> records = WorkdayOutboundMessage.read(xml.getBytes(StandardCharsets.UTF_8))
                .records();

        assertThat(records).hasSize(2);
        assertThat(records.get(0).problem()).isNotNull();
        assertThat(records.get(0).problem().field()).isEqualTo("Certification");
        assertThat(records.get(0).key()).startsWith("TR-1@");
        assertThat(records.get(1).key()).startsWith("TR-2@");
        assertThat(records.get(1).problem()).isNull();
    }

    @Verifies({"URS-INT-003", "URS-DI-003"})
    @FuzzTest(maxDuration = "10s")
    void aDayIsReadOnlyFromAnXsdDate(@NotNull String text) {
        WorkerXml.day(text).ifPresent(day -> {
            assertThat(java.time.LocalDate.parse(day)).isNotNull();
            // the day as the tenant wrote it, never moved by its offset
            assertThat(text.trim()).startsWith(day);
        });
    }
}
