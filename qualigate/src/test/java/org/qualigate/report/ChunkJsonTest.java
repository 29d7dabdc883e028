package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qualigate.access.SiteTime;
import org.qualigate.report.ComplianceReport.Basis;
import org.qualigate.report.ComplianceReport.Line;
import org.qualigate.report.ComplianceReport.Requirement;
import org.qualigate.report.ComplianceReport.State;
import org.qualigate.report.ComplianceReport.Unjustified;
import org.qualigate.validation.Verifies;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chunk of the compliance report written directly is the bytes a generator writes for the same lines, whatever the
 * strings hold (quotes, backslashes, control characters, accents, characters outside the BMP, broken surrogate
 * pairs); with settings the direct writer does not reproduce, the chunks are written by the generator.
 */
class ChunkJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SiteTime ZURICH = new SiteTime(ZoneId.of("Europe/Zurich"));
    // what names, codes and texts are made of: plain ASCII mostly, and every kind of character JSON treats apart
    private static final String[] PIECES = {
        "a", "Z", "0", " ", "-", ".", "/", ":", "'", "<", "&", "?", "ü", "é", "Ø", "€", "中", "\u007f", "\u0080",
        "\u07ff", "\u0800", "\uffff", "\"", "\\", "\n", "\t", "\u0000", "\u001f", "\u2028", "😀", "\uD83D", "\uDE00"
    };

    @Verifies("URS-REP-295")
    @Test
    void aChunkWrittenDirectlyIsTheGeneratorsBytesForAnyText() {
        Random random = new Random(20261207);
        ObjectWriteContext settings = settingsOf(JSON);
        assertThat(ChunkJson.writesAsDirect(settings)).isTrue();
        for (int round = 0; round < 300; round++) {
            List<Line> chunk = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                Line line = line(random);
                // the people of one job share its description and its roles (the same objects), written once a chunk
                if (!chunk.isEmpty() && random.nextBoolean()) {
                    Line before = chunk.get(random.nextInt(chunk.size()));
                    line = new Line(
                            line.employeeId(),
                            line.name(),
                            line.jobTitle(),
                            before.measuredAgainst(),
                            before.rolesRequired(),
                            line.qualifications(),
                            line.rolesJustified(),
                            line.accessWithoutBasis());
                }
                chunk.add(line);
            }
            byte[] direct = ChunkJson.direct(chunk, settings).toByteArray();
            byte[] generated = ChunkJson.withGenerator(chunk, settings).toByteArray();
            assertThat(new String(direct, StandardCharsets.UTF_8))
                    .as("round %d", round)
                    .isEqualTo(new String(generated, StandardCharsets.UTF_8));
            assertThat(direct).isEqualTo(generated);
        }
    }

    @Test
    void settingsTheDirectWriterDoesNotReproduceAreLeftToTheGenerator() {
        JsonMapper asciiOnly =
                JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        assertThat(ChunkJson.writesAsDirect(settingsOf(asciiOnly))).isFalse();
        JsonMapper slashes = JsonMapper.builder()
                .enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                .build();
        assertThat(ChunkJson.writesAsDirect(settingsOf(slashes))).isFalse();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Line> chunk = List.of(line(new Random(1)), line(new Random(2)));
        try (JsonGenerator g = asciiOnly.createGenerator(out)) {
            ChunkJson.encoder(g).apply(chunk).writeTo(g, out);
        }
        assertThat(out.toByteArray())
                .isEqualTo(ChunkJson.withGenerator(chunk, settingsOf(asciiOnly)).toByteArray());
        assertThat(out.toString(StandardCharsets.US_ASCII)).doesNotContain("ü");
    }

    @Test
    void anEmptyChunkIsNoBytes() {
        assertThat(ChunkJson.direct(List.of(), settingsOf(JSON)).isEmpty()).isTrue();
        assertThat(ChunkJson.withGenerator(List.of(), settingsOf(JSON)).isEmpty())
                .isTrue();
    }

    private static ObjectWriteContext settingsOf(JsonMapper mapper) {
        try (JsonGenerator g = mapper.createGenerator(new ByteArrayOutputStream())) {
            return g.objectWriteContext();
        }
    }

    private static Line line(Random random) {
        List<Requirement> requirements = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            requirements.add(requirement(random));
        }
        List<Unjustified> without = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            without.add(new Unjustified(text(random), text(random), random.nextBoolean() ? "none" : "override"));
        }
        return new Line(
                text(random),
                text(random),
                random.nextBoolean() ? null : text(random),
                new Basis(random.nextBoolean() ? Basis.MATRIX : Basis.ROLES_HELD, text(random)),
                texts(random),
                requirements,
                texts(random),
                without);
    }

    private static Requirement requirement(Random random) {
        State state = State.values()[random.nextInt(State.values().length)];
        Instant completed = Instant.parse("2025-03-09T23:30:00Z").plusSeconds(random.nextInt(100_000_000));
        return switch (random.nextInt(3)) {
            // what the planner rendered is JSON text of properties, written as it is
            case 0 ->
                Requirement.printed(
                        text(random),
                        state,
                        null,
                        text(random),
                        "\"completedAt\":\"" + completed + "\",\"evidence\":\"" + plain(random) + "\",\"authority\":\""
                                + plain(random) + "\"");
            case 1 ->
                new Requirement(
                        text(random),
                        state,
                        completed,
                        text(random),
                        random.nextBoolean() ? null : text(random),
                        texts(random),
                        random.nextBoolean() ? null : text(random),
                        ZURICH.dates(completed, random.nextBoolean() ? null : text(random), completed, null),
                        null);
            default -> new Requirement(text(random), state, null, null, null, texts(random), text(random), null, null);
        };
    }

    private static List<String> texts(Random random) {
        List<String> out = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(text(random));
        }
        return out;
    }

    /** Mostly plain text, now and then with a character JSON escapes or UTF-8 writes in several bytes. */
    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(24); i > 0; i--) {
            s.append(random.nextInt(5) == 0 ? PIECES[random.nextInt(PIECES.length)] : PIECES[random.nextInt(4)]);
        }
        return s.toString();
    }

    /** Text as the planner renders it inside its JSON: no quotes, backslashes, control or lone surrogate characters. */
    private static String plain(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(24); i > 0; i--) {
            s.append(PIECES[random.nextInt(PIECES.length - 10)]);
        }
        return s.toString();
    }
}
