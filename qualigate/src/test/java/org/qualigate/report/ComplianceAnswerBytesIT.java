package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.qualigate.sandbox.Worker;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;

/**
 * The compliance report's whole answer keeps its bytes when how it is worked out changes: the lines of a seeded set of
 * people (a packer fully qualified with a record expiring soon, a packer short of a qualification, one measured against
 * the roles held with an expired record and an override, one without a job title, one whose name and job title need
 * escapes), cut from the whole JSON and CSV answers byte for byte, with their employee IDs replaced by their place in
 * the set, are compared with the bytes recorded from the build before. Run with {@code -Dreport.answers.write=true}
 * to record them again (only when the answer is meant to change, and say so in docs/api.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceAnswerBytesIT extends QualigateIT {

    private static final Path GOLDEN = Path.of("src/test/resources/report-answers");
    private static final String PACK = "BSL.PACK-3.OPERATOR";
    private static final String FILL_LEAD = "BSL.FILL-1.LEAD";
    private final List<String> people = new ArrayList<>();
    private Instant at;

    @BeforeAll
    void aSeededSetOfPeopleAtBasel() {
        clock.set(START.plus(Duration.ofDays(7)));
        String packer = newPersonWithJob("BSL", "Packaging Operator");
        String shortOfOne = newPersonWithJob("BSL", "Packaging Operator");
        String rolesHeld = newPerson("BSL");
        String noJob = newPerson("BSL");
        String escaped = newPerson("BSL");
        people.addAll(List.of(packer, shortOfOne, rolesHeld, noJob, escaped));
        named(packer, "Zoë", "Ünal-O'Brien", "Packaging Operator");
        named(noJob, "Test", "Operator " + noJob, null);
        named(escaped, "Ann \"Q\"", "Back\\slash €", "Lead \"Q\" \\ Ü");
        directory.run();

        record(packer, 1, "WD-CERT-1001", "2026-11-20", null);
        record(packer, 2, "WD-CERT-1002", "2026-11-21", "2026-12-12");
        record(packer, 3, "WD-CERT-3010", "2026-11-22", "2028-03-10");
        record(shortOfOne, 1, "WD-CERT-1001", "2026-11-20", null);
        record(shortOfOne, 2, "WD-CERT-1002", "2026-11-20", "2027-05-01");
        record(rolesHeld, 1, "WD-CERT-1001", "2026-11-19", null);
        record(rolesHeld, 2, "WD-CERT-1002", "2026-11-19", "2026-12-01");
        record(rolesHeld, 3, "WD-CERT-2101", "2025-10-01", "2026-10-01");
        record(rolesHeld, 4, "WD-CERT-3010", "2026-11-19", null);
        record(escaped, 1, "WD-CERT-1001", "2026-11-23", null);
        assertThat(overrideForTwoHours(rolesHeld, FILL_LEAD).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> mesGroupsOf(packer).contains(PACK)
                        && mesGroupsOf(rolesHeld).containsAll(List.of(PACK, FILL_LEAD))
                        && backlogFor(people) == 0
                        && !json(get("/api/v1/people/" + rolesHeld))
                                .path("assignments")
                                .isEmpty());
        // an instant of its own (not the running clock's) so that the answer does not depend on the run
        at = START.plus(Duration.ofDays(7)).plus(Duration.ofHours(1));
        assertThat(clock.instant()).isBefore(at);
        clock.set(at.plus(Duration.ofHours(1)));
    }

    @Verifies("URS-REP-470")
    @Test
    void theSeededPeoplesLinesOfTheWholeJsonAnswerAreTheBytesRecordedBefore() throws IOException {
        HttpResponse<String> answer = get("/api/v1/reports/compliance?site=BSL&at=" + at + "&knownAt=" + at);
        assertThat(answer.statusCode()).isEqualTo(200);
        String body = answer.body();
        String marker = "{\"employeeId\":\"";
        int people = body.indexOf("\"people\":[");
        assertThat(people).isPositive();
        StringBuilder lines = new StringBuilder();
        int from = body.indexOf(marker, people);
        while (from >= 0) {
            int next = body.indexOf(marker, from + marker.length());
            // an element ends before the comma of the next, the last before the array's and the object's ends
            String element = next < 0 ? body.substring(from, body.length() - 2) : body.substring(from, next - 1);
            String id = element.substring(marker.length(), element.indexOf('"', marker.length()));
            if (this.people.contains(id)) {
                lines.append(element).append('\n');
            }
            from = next;
        }
        assertThat(body).endsWith("]}");
        compare("compliance-seeded.json", normalized(lines.toString()));
    }

    @Verifies("URS-REP-470")
    @Test
    void theSeededPeoplesLinesOfTheWholeCsvAnswerAreTheBytesRecordedBefore() throws IOException {
        HttpResponse<String> answer = getCsv("/api/v1/reports/compliance?site=BSL&at=" + at + "&knownAt=" + at);
        assertThat(answer.statusCode()).isEqualTo(200);
        StringBuilder lines = new StringBuilder();
        String[] all = answer.body().split("\n", -1);
        lines.append(all[0]).append('\n');
        for (String line : all) {
            if (people.stream().anyMatch(id -> line.contains("," + id + ","))) {
                lines.append(line).append('\n');
            }
        }
        // when the records begin is the first audit entry of whatever ran first on this database
        // (then whether the instant of knowledge and the instant lie before it)
        String recordsBegin = "(?m),\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z,(true|false),(true|false)$";
        compare("compliance-seeded.csv", normalized(lines.toString()).replaceAll(recordsBegin, ",RECORDS-BEGIN,$1,$2"));
    }

    /** The text with each seeded employee ID replaced by its place in the set, so that it does not depend on the run. */
    private String normalized(String text) {
        String out = text;
        for (int i = 0; i < people.size(); i++) {
            out = out.replace(people.get(i), "P" + i);
        }
        return out;
    }

    private void compare(String name, String bytes) throws IOException {
        // not vacuous: every seeded person has a line
        for (int i = 0; i < people.size(); i++) {
            assertThat(bytes).contains("P" + i);
        }
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("report.answers.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, bytes, StandardCharsets.UTF_8);
        }
        assertThat(bytes)
                .as("the seeded people's lines of the answer (" + file + ")")
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    private void record(String person, int n, String certification, String completed, String expires) {
        Event e = certification(person, certification).completed(completed).record("TR-" + person + "-" + n);
        hook((expires == null ? e : e.expiring(expires)).json());
    }

    /** The person as the HRIS directory describes them, with this name and job title (read at the next sync). */
    private void named(String id, String given, String family, String jobTitle) {
        sandbox()
                .hris()
                .put(new Worker(
                        id,
                        given,
                        family,
                        id.toLowerCase() + "@plant.example",
                        "BSL",
                        null,
                        Worker.ACTIVE,
                        LocalDate.parse("2024-01-15"),
                        jobTitle));
    }
}
