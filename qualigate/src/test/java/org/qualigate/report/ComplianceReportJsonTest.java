package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.report.ComplianceReport.Basis;
import org.qualigate.report.ComplianceReport.Line;
import org.qualigate.report.ComplianceReport.Requirement;
import org.qualigate.report.ComplianceReport.State;
import org.qualigate.report.ComplianceReport.Unjustified;
import org.qualigate.support.AnswerFixtures;
import org.qualigate.validation.Verifies;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compliance report's JSON encoded a chunk at a time, on the threads that work the chunks out, is the report
 * worked out whole in memory (the download), character for character whether the answer goes to bytes or to
 * characters, across chunk boundaries and empty chunks; the download keeps the bytes it had when built as a map.
 */
class ComplianceReportJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(
                    i -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    private static final Instant AT = Instant.parse("2026-03-09T11:00:00Z");
    private static final SiteTime ZURICH = new SiteTime(ZoneId.of("Europe/Zurich"));
    private static final SiteTime.PointInTime POINT = ZURICH.given(AT, AT.plusSeconds(3600));
    private static final RecordsBegin.Known RECORDS =
            new RecordsBegin.Known(Instant.parse("2026-01-05T07:00:00Z"), false, false);

    @Verifies("URS-REP-250")
    @Test
    void theChunkedAnswerIsTheBuildersAnswerAsBytesAndAsCharacters() {
        List<List<Line>> chunks = List.of(
                List.of(packer("E1001", "Anna Müller"), packer("E1002", "Bo \"Quote\" Li")),
                List.of(),
                List.of(withoutJob("E1003")),
                List.of(packer("E1004", "Chloé Ünal")));
        String bytes = asBytes(chunks);
        String characters = asCharacters(chunks);
        assertThat(bytes).isEqualTo(characters);

        List<Line> all = new ArrayList<>();
        chunks.forEach(all::addAll);
        ComplianceReport.Report report = new ComplianceReport.Report("BSL", AT, AT, 30, all);
        assertThat(bytes).isEqualTo(whole(JSON, report));
        assertThat(JSON.readTree(bytes).get("people")).hasSize(4);
    }

    /** The whole report as the Reports page downloads it, written with the service's mapper, byte for byte. */
    @Verifies("URS-INT-260")
    @Test
    void theDownloadOfTheWholeReportKeepsItsBytes() {
        List<Line> all = List.of(packer("E1001", "Anna Müller"), withoutJob("E1003"));
        ComplianceReport.Report report = new ComplianceReport.Report("BSL", AT, AT, 30, all);
        assertThat(download(report)).isEqualTo(DOWNLOAD);
    }

    private static final String DOWNLOAD = """
            {"site":"BSL","at":"2026-03-09T11:00:00Z","atSite":"2026-03-09T12:00+01:00","zone":"Europe/Zurich","day":"2026-03-09","chosen":"instant","knownAt":"2026-03-09T11:00:00Z","recordsBegin":"2026-01-05T07:00:00Z","beforeRecordsBegin":false,"targetsHeldUnknown":false,"expiringWithinDays":30,"count":2,"people":[\
            {"employeeId":"E1001","name":"Anna Müller","jobTitle":"Packaging Operator","measuredAgainst":{"kind":"training-matrix","description":"job 'Packaging Operator' at BSL"},"rolesRequired":["BSL.PACK-3.OPERATOR"],"qualifications":[\
            {"code":"GMP-BASIC","state":"expiring","completedAt":"2025-04-01T08:00:00Z","evidence":"hris:TR-1:1","authority":"HRIS","requiredBy":["BSL.PACK-3.OPERATOR"]},\
            {"code":"LINE-CLEARANCE","state":"missing","requiredBy":["BSL.PACK-3.OPERATOR","BSL.PACK-3.LEAD"],"detail":"no record of LINE-CLEARANCE"},\
            {"code":"SOP-114","state":"valid","completedAt":"2025-04-01T08:00:00Z","completedOn":"2025-04-01","completedOriginal":"2025-04-01","expiresAt":"2026-04-01T21:59:59Z","expiresOn":"2026-04-01","evidence":"hris:TR-2:1","authority":"QA","requiredBy":["BSL.PACK-3.OPERATOR"]}],"rolesJustified":["BSL.PACK-3.OPERATOR"],"accessWithoutBasis":[{"target":"mes","role":"BSL.PACK-3.LEAD","kind":"none"}]},\
            {"employeeId":"E1003","name":"Dana Øberg","measuredAgainst":{"kind":"roles-held","description":"roles held (no job title)"},"rolesRequired":[],"qualifications":[],"rolesJustified":[],"accessWithoutBasis":[]}]}""";

    private static String download(ComplianceReport.Report report) {
        return whole(AnswerFixtures.SERVICE, report);
    }

    /** A report worked out whole, written as one chunk. */
    private static String whole(JsonMapper mapper, ComplianceReport.Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = mapper.createGenerator(out)) {
            ComplianceReportJson.writeJson(report, POINT, RECORDS, g);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aReportOfNobodyIsAnEmptyListOfPeople() {
        String bytes = asBytes(List.of(List.of()));
        assertThat(bytes).isEqualTo(asCharacters(List.of(List.of())));
        assertThat(JSON.readTree(bytes).get("people")).isEmpty();
    }

    private static String asBytes(List<List<Line>> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            ComplianceReportJson.writeJson("BSL", POINT, AT, 30, RECORDS, lines(chunks), g);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String asCharacters(List<List<Line>> chunks) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            ComplianceReportJson.writeJson("BSL", POINT, AT, 30, RECORDS, lines(chunks), g);
        }
        return out.toString();
    }

    private static ComplianceReport.Lines lines(List<List<Line>> chunks) {
        int count = chunks.stream().mapToInt(List::size).sum();
        return new ComplianceReport.Lines(count, null, new ComplianceReport.Chunks() {
            @Override
            public <T> void run(Function<List<Line>, T> work, Consumer<T> sink) {
                chunks.forEach(c -> sink.accept(work.apply(c)));
            }
        });
    }

    private static Line packer(String id, String name) {
        Instant expires = Instant.parse("2026-04-01T21:59:59Z");
        return new Line(
                id,
                name,
                "Packaging Operator",
                new Basis(Basis.MATRIX, "job 'Packaging Operator' at BSL"),
                List.of("BSL.PACK-3.OPERATOR"),
                List.of(
                        Requirement.printed(
                                "GMP-BASIC",
                                State.EXPIRING,
                                expires,
                                "BSL.PACK-3.OPERATOR",
                                "\"completedAt\":\"2025-04-01T08:00:00Z\",\"evidence\":\"hris:TR-1:1\","
                                        + "\"authority\":\"HRIS\""),
                        new Requirement(
                                "LINE-CLEARANCE",
                                State.MISSING,
                                null,
                                null,
                                null,
                                List.of("BSL.PACK-3.OPERATOR", "BSL.PACK-3.LEAD"),
                                "no record of LINE-CLEARANCE",
                                null,
                                null),
                        new Requirement(
                                "SOP-114",
                                State.VALID,
                                expires,
                                "hris:TR-2:1",
                                "QA",
                                List.of("BSL.PACK-3.OPERATOR"),
                                null,
                                ZURICH.dates(Instant.parse("2025-04-01T08:00:00Z"), "2025-04-01", expires, null),
                                null)),
                List.of("BSL.PACK-3.OPERATOR"),
                List.of(new Unjustified("mes", "BSL.PACK-3.LEAD", "none")));
    }

    private static Line withoutJob(String id) {
        return new Line(
                id,
                "Dana Øberg",
                null,
                new Basis(Basis.ROLES_HELD, "roles held (no job title)"),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }
}
