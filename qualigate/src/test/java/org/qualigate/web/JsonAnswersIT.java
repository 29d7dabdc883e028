package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/**
 * The API's answers keep their shape when how they are written changes: each answer of a small fixture is reduced
 * to its fields in order, with each value's JSON type (a null value shows as {@code null}, a field left out does not
 * show), and compared with the shape recorded from the build before. Run with {@code -Djson.answers.write=true} to
 * record the shapes again (only when an answer is meant to change, and say so in docs/api.md).
 */
class JsonAnswersIT extends QualigateIT {

    private static final Path GOLDEN = Path.of("src/test/resources/json-answers");
    private static final String REVIEWER = "BSL.QA.BATCH_REVIEWER";
    /** Objects keyed by data (an evidence id), not by field name: their keys are shown as {@code *}. */
    private static final Set<String> KEYED_BY_DATA = Set.of("$.evidence");

    @Verifies("URS-INT-260")
    @Test
    void theAnswersAboutAPersonKeepTheirFieldsTheirOrderAndTheirNulls() throws IOException {
        Instant monday = Instant.parse("2026-12-07T08:00:00Z");
        clock.set(monday);
        String person = newPerson("BSL");
        hook(certification(person, "WD-CERT-1001").json());
        hook(certification(person, "WD-CERT-1002").json());
        Instant asked = monday.plus(Duration.ofMinutes(30));
        // a late record: the answer as known then is revised since, so the conditional fields appear
        clock.set(monday.plus(Duration.ofHours(1)));
        hook(certification(person, "WD-CERT-6001").completed("2026-11-30").json());
        await().atMost(Duration.ofSeconds(60)).until(() -> assignedInMes(person, REVIEWER));

        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("person", "/api/v1/people/" + person);
        answers.put("person-access-revised", "/api/v1/people/" + person + "/access?at=" + asked);
        answers.put(
                "person-access-as-known-now",
                "/api/v1/people/" + person + "/access?at=" + asked + "&knownAt=" + clock.instant());
        answers.put("explain-revised", "/api/v1/explain?employeeId=" + person + "&role=" + REVIEWER + "&at=" + asked);
        answers.put("explain-now", "/api/v1/explain?employeeId=" + person + "&role=" + REVIEWER);
        answers.put("deferrals-of-person", "/api/v1/deferrals?employeeId=" + person);
        answers.put("problem-invalid-parameter", "/api/v1/quality/nonconformances?status=some");

        for (var answer : answers.entrySet()) {
            String shape = shape(json(get(answer.getValue())));
            Path file = GOLDEN.resolve(answer.getKey() + ".shape");
            if (Boolean.getBoolean("json.answers.write")) {
                Files.writeString(file, shape, StandardCharsets.UTF_8);
            }
            assertThat(shape)
                    .as("the shape of " + answer.getKey() + " (" + file + ")")
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        }
    }

    /** One line per field path in the order written, with its JSON type; an array's elements share one path. */
    static String shape(JsonNode root) {
        Set<String> lines = new LinkedHashSet<>();
        walk("$", root, lines);
        return String.join("\n", lines) + "\n";
    }

    private static void walk(String path, JsonNode node, Set<String> lines) {
        lines.add(path + " " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = KEYED_BY_DATA.contains(path) ? "*" : field.getKey();
                walk(path + "." + key, field.getValue(), lines);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(path + "[]", element, lines);
            }
        }
    }
}
