package org.qualigate.connector.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.connector.contract.DocumentedPayloads.assertSameShape;
import static org.qualigate.connector.contract.DocumentedPayloads.bytes;
import static org.qualigate.connector.contract.DocumentedPayloads.elementPaths;
import static org.qualigate.connector.contract.DocumentedPayloads.firstElement;
import static org.qualigate.connector.contract.DocumentedPayloads.json;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.SourceRecord;
import org.qualigate.sandbox.CertificationRecord;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.Worker;
import org.qualigate.sandbox.workday.WorkdayTenant;
import org.qualigate.support.SharedSandbox;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;
import org.w3c.dom.Element;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workday as its public documentation shows it (the Human_Resources {@code Get_Workers} operation and its XSD,
 * outbound subscription messages, RaaS reports): the adapter reads each documented payload, and the sandbox's tenant
 * answers in the same shape — so neither can hide a wrong assumption behind the other.
 */
class WorkdayContractIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final String RUN =
            Long.toString(System.nanoTime() % 100_000, 36).toUpperCase();

    private final Sandbox sandbox = SharedSandbox.get();

    @AfterEach
    void defaultReport() {
        sandbox.workday().reportPrompts("Updated_From", "Updated_Through");
        sandbox.workday().reportColumns(Map.of());
    }

    @Verifies({"URS-INT-050", "URS-INT-003"})
    @Test
    void aDocumentedGetWorkersAnswerGivesStatusDatesSiteLineAndTheManagerFoundByWid() {
        Element root = firstElement(bytes("workday-get-workers-employment.xml"), "Response_Data");
        List<Element> elements = WorkdayDom.descendants(root, "Worker");

        List<HrisDirectory.Worker> workers = WorkdayDirectory.workers(elements, "Cost_Center");

        HrisDirectory.Worker leaver = workers.getFirst();
        assertThat(leaver.employeeId()).isEqualTo("E30001");
        assertThat(leaver.status()).isEqualTo("TERMINATED");
        assertThat(leaver.terminationDate()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(leaver.hireDate()).isEqualTo(LocalDate.parse("2024-01-15"));
        assertThat(leaver.site()).isEqualTo("LOC_BSL");
        assertThat(leaver.line()).isEqualTo("BSL-FILL-1");
        // the closest supervisory level names the manager by WID only: the worker of that WID is E30000
        assertThat(leaver.supervisorId()).isEqualTo("E30000");
        assertThat(leaver.givenName()).isEqualTo("Mara");
        assertThat(leaver.email()).isEqualTo("mara.lind@plant.example");
        assertThat(leaver.jobTitle()).isEqualTo("Aseptic Operator II");
        assertThat(workers.get(1).status()).isEqualTo("ACTIVE");
    }

    @Verifies({"URS-INT-050", "URS-DI-002"})
    @Test
    void aWorkerWhoseStatusIsNoBooleanIsSetAsideWithTheReason() {
        String odd = new String(bytes("workday-get-workers-employment.xml"), StandardCharsets.UTF_8)
                .replace("<wd:Terminated>1</wd:Terminated>", "<wd:Terminated>yes</wd:Terminated>");
        Element root = firstElement(odd.getBytes(StandardCharsets.UTF_8), "Response_Data");

        HrisDirectory.Worker worker = WorkdayDirectory.workers(WorkdayDom.descendants(root, "Worker"), null)
                .getFirst();

        assertThat(worker.unreadable()).contains("Terminated").contains("xsd:boolean");
    }

    @Verifies({"URS-INT-050", "URS-INT-003"})
    @Test
    void theTenantsEmploymentDataHasTheDocumentedElementsAndTheDirectoryReadsItsLeavers() {
        String manager = newWorker("BSL", null);
        String leaver = newWorker("BSL", manager);
        sandbox.hris().line(leaver, "BSL-FILL-1");
        sandbox.hris().terminate(leaver, LocalDate.parse("2026-11-30"), Instant.now());

        List<HrisDirectory.Worker> workers =
                new WorkdayDirectory("workday", settings(), Traces.CallRecorder.NONE).workers();

        HrisDirectory.Worker read = workers.stream()
                .filter(w -> w.employeeId().equals(leaver))
                .findFirst()
                .orElseThrow();
        assertThat(read.status()).isEqualTo("TERMINATED");
        assertThat(read.terminationDate()).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(read.site()).isEqualTo("LOC_BSL");
        assertThat(read.line()).isEqualTo("BSL-FILL-1");
        assertThat(read.supervisorId()).isEqualTo(manager);
        assertThat(read.unreadable()).isNull();
        // the tenant writes what the documented answer has, element for element (the adapter reads a subset)
        TreeSet<String> documented = elementPaths(firstElement(bytes("workday-get-workers-employment.xml"), "Worker"));
        TreeSet<String> simulated = new TreeSet<>();
        for (Element w : WorkdayDom.descendants(
                new GetWorkers(settings(), Traces.CallRecorder.NONE).all(1).getDocumentElement(), "Worker")) {
            simulated.addAll(elementPaths(w));
        }
        documented.removeIf(p -> p.contains("/Preferred_Name_Data"));
        assertThat(simulated).containsAll(documented);
    }

    @Verifies({"URS-INT-053", "URS-INT-003"})
    @Test
    void aDocumentedRemovalWritten1Or0IsARevocationOrACompletionVersionedByTheEventsMoment() {
        WorkdayOutboundMessage.Reading reading = WorkdayOutboundMessage.read(bytes("workday-outbound-remove.xml"));

        long moment = OffsetDateTime.parse("2026-11-18T07:45:12.000-08:00")
                .toInstant()
                .toEpochMilli();
        assertThat(reading.readBack()).isEmpty();
        assertThat(reading.eventId()).isEqualTo("5e1f0c1d9a3b4e2f8c7d6b5a49382716");
        assertThat(reading.records())
                .extracting(r -> r.fields().eventType())
                .containsExactly("certification.revoked", "certification.completed");
        assertThat(reading.records()).allSatisfy(r -> {
            assertThat(r.fields().sourceVersion()).isEqualTo(moment);
            assertThat(r.key()).endsWith("@" + moment);
        });
        // a sender's retry is the same records again
        assertThat(WorkdayOutboundMessage.read(bytes("workday-outbound-remove.xml"))
                        .records())
                .extracting(SourceRecord::key)
                .containsExactlyElementsOf(
                        reading.records().stream().map(SourceRecord::key).toList());
    }

    @Verifies({"URS-INT-053", "URS-INT-002"})
    @Test
    void aRemovalFlagThatIsNoBooleanIsUnreadableNeverACompletion() {
        String odd = new String(bytes("workday-outbound-remove.xml"), StandardCharsets.UTF_8)
                .replace(
                        "<wd:Remove_Certification>1</wd:Remove_Certification>",
                        "<wd:Remove_Certification>Y</wd:Remove_Certification>");

        SourceRecord first = WorkdayOutboundMessage.read(odd.getBytes(StandardCharsets.UTF_8))
                .records()
                .getFirst();

        assertThat(first.problem().field()).isEqualTo("Remove_Certification");
        assertThat(first.problem().reason()).contains("xsd:boolean");
    }

    @Verifies("URS-INT-053")
    @Test
    void aDocumentedThinNotificationAsksForItsWorkerToBeReadBack() {
        WorkdayOutboundMessage.Reading reading = WorkdayOutboundMessage.read(bytes("workday-outbound-thin.xml"));

        assertThat(reading.records()).isEmpty();
        assertThat(reading.readBack())
                .containsExactly(new WorkdayOutboundMessage.WorkerReference("Employee_ID", "E30001"));
        assertThat(reading.eventId()).isEqualTo("0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f");
    }

    @Verifies("URS-INT-053")
    @Test
    void theTenantsOutboundMessagesHaveTheDocumentedShapesAndReadTheSameWay() {
        String worker = newWorker("BSL", null);
        CertificationRecord completed = put(worker, "WD-CERT-1001");
        CertificationRecord revoked =
                completed.next(completed.completedOn(), completed.expiresOn(), Instant.now(), true);
        sandbox.hris().putCertification(revoked);

        byte[] removal = sandbox.workday().outboundMessage(revoked, WorkdayTenant.OutboundShape.WITHOUT_LOG);
        byte[] thin = sandbox.workday().outboundMessage(revoked, WorkdayTenant.OutboundShape.THIN);

        assertThat(elementPaths(firstElement(removal, "Certification")))
                .containsAll(elementPaths(firstElement(bytes("workday-outbound-remove.xml"), "Certification")));
        assertThat(elementPaths(firstElement(thin, "Event_Data")))
                .containsAll(elementPaths(firstElement(bytes("workday-outbound-thin.xml"), "Event_Data")));
        assertThat(WorkdayOutboundMessage.read(removal).records())
                .singleElement()
                .satisfies(r -> assertThat(r.fields().eventType()).isEqualTo("certification.revoked"));
        assertThat(WorkdayOutboundMessage.read(thin).readBack())
                .containsExactly(new WorkdayOutboundMessage.WorkerReference("Employee_ID", worker));
    }

    @Verifies({"URS-INT-055", "URS-INT-051"})
    @Test
    void aReportWithTheCustomersOwnAliasesIsReadAndItsExtraColumnsAreRecorded() {
        WorkdayReport report = customReport();

        WorkdayReportSource.Entries entries = WorkdayReportSource.entries(bytes("workday-raas-custom.json"), 1, report);

        SourceRecord record = entries.records().getFirst();
        assertThat(record.problem()).isNull();
        assertThat(record.fields().certificationId()).isEqualTo("WD-CERT-1001");
        assertThat(record.fields().completedOn()).isEqualTo("2026-11-12");
        assertThat(record.fields().expiresOn()).isEqualTo("2027-11-12");
        assertThat(record.fields().sourceRecordId()).isEqualTo("LR-88001");
        assertThat(entries.unmapped()).containsOnlyKeys("Worker_Type", "Cost_Center", "Hours");
    }

    @Verifies("URS-INT-055")
    @Test
    void theTenantsReportAnswersToTheConfiguredPromptsSoAPullReadsOnlyItsWindow() {
        sandbox.workday().reportPrompts("From_Moment", "To_Moment");
        sandbox.workday()
                .reportColumns(Map.of(
                        "Course_ID", "Learning_Course_ID",
                        "Completion_Date", "Completed_On",
                        "Expiration_Date", "Expires_On",
                        "Learning_Record_ID", "Record_ID"));
        String worker = newWorker("BSL", null);
        Instant before = Instant.now();
        put(worker, "WD-CERT-1001");
        Instant after = Instant.now().plusMillis(5);
        WorkdaySettings configured = settings(customReport());

        List<SourceRecord> inWindow = new WorkdayReportSource("workday-raas", configured, Traces.CallRecorder.NONE)
                .pull(new HrisSource.PullWindow(before.minusMillis(5), after), null)
                .records();
        List<SourceRecord> earlier = new WorkdayReportSource("workday-raas", configured, Traces.CallRecorder.NONE)
                .pull(
                        new HrisSource.PullWindow(before.minus(Duration.ofDays(2)), before.minus(Duration.ofDays(1))),
                        null)
                .records();

        assertThat(inWindow)
                .filteredOn(r -> r.fields() != null && r.fields().employeeId().equals(worker))
                .singleElement()
                .satisfies(r -> assertThat(r.fields().certificationId()).isEqualTo("WD-CERT-1001"));
        assertThat(earlier)
                .noneMatch(r -> r.fields() != null && r.fields().employeeId().equals(worker));
        assertSameShape(
                json("workday-raas-custom.json").get("Report_Entry").get(0),
                JSON.readTree(inWindow.stream()
                        .filter(r ->
                                r.fields() != null && r.fields().employeeId().equals(worker))
                        .findFirst()
                        .orElseThrow()
                        .raw()),
                "Report_Entry (configured aliases)");
    }

    // ---------------------------------------------------------------------------------------------------------

    private static WorkdayReport customReport() {
        return new WorkdayReport(
                new WorkdayReport.Prompts("From_Moment", "To_Moment"),
                null,
                new WorkdayReport.Columns(
                        null,
                        "Learning_Course_ID",
                        null,
                        null,
                        "Completed_On",
                        "Expires_On",
                        null,
                        "Record_ID",
                        null,
                        null,
                        null),
                null,
                null);
    }

    private String newWorker(String site, String supervisor) {
        String id = "W" + RUN + String.format("%04d", PEOPLE.incrementAndGet());
        sandbox.hris()
                .put(new Worker(
                        id,
                        "Test",
                        "Worker " + id,
                        id.toLowerCase() + "@plant.example",
                        site,
                        supervisor,
                        Worker.ACTIVE,
                        LocalDate.parse("2024-01-15"),
                        "Operator"));
        return id;
    }

    private CertificationRecord put(String employee, String certification) {
        CertificationRecord r = new CertificationRecord(
                "TR-" + employee + "-" + certification,
                employee,
                certification,
                "Certification " + certification,
                1,
                LocalDate.parse("2026-11-10"),
                "2027-11-10",
                "TC-0042",
                Instant.now(),
                1,
                false);
        sandbox.hris().putCertification(r);
        return r;
    }

    private WorkdaySettings settings() {
        return settings(WorkdayReport.DEFAULT);
    }

    private WorkdaySettings settings(WorkdayReport report) {
        return new WorkdaySettings(
                sandbox.workdayBaseUri().toString(),
                WorkdayTenant.TENANT,
                WorkdayTenant.INTEGRATION_USER,
                WorkdayTenant.PASSWORD,
                null,
                999,
                Duration.ofSeconds(10),
                sandbox.workday().reportPath(),
                report,
                "Cost_Center",
                new WorkdaySettings.Outbound(null, null));
    }
}
