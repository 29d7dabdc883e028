package org.qualigate.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class ReportBasisTest {

    private static final ZoneId BASEL = ZoneId.of("Europe/Zurich");

    private static ReportBasis.Printed gdp() {
        return new ReportBasis.Printed(
                "GDP-DOC",
                true,
                Instant.parse("2026-11-11T23:00:00Z"),
                "2026-11-12",
                Instant.parse("2027-03-09T23:00:00.000123Z"),
                "2027-03-09",
                "WD-CERT-1002:E1",
                "HRIS");
    }

    private static ReportBasis.Printed gmp() {
        return new ReportBasis.Printed(
                "GMP-BASIC", false, Instant.parse("2026-05-02T22:00:00Z"), null, null, null, "E1/\"x\"", "QMS");
    }

    @Verifies("URS-REP-185")
    @Test
    void whatIsRenderedReadsBackAsTheRequirementsWithTheirDatesStatedAtTheSite() {
        List<ReportBasis.Entry> read = ReportBasis.read(ReportBasis.render(List.of(gdp(), gmp()), BASEL), BASEL);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).code()).isEqualTo("GDP-DOC");
        assertThat(read.get(0).inGrace()).isTrue();
        assertThat(read.get(0).expiresAt()).isEqualTo(Instant.parse("2027-03-09T23:00:00.000123Z"));
        assertThat(read.get(0).fields())
                .isEqualTo("\"completedAt\":\"2026-11-11T23:00:00Z\",\"completedOn\":\"2026-11-12\","
                        + "\"completedOriginal\":\"2026-11-12\",\"expiresAt\":\"2027-03-09T23:00:00.000123Z\","
                        + "\"expiresOn\":\"2027-03-09\",\"expiresOriginal\":\"2027-03-09\","
                        + "\"evidence\":\"WD-CERT-1002:E1\",\"authority\":\"HRIS\"");
        assertThat(read.get(1).inGrace()).isFalse();
        assertThat(read.get(1).expiresAt()).isNull();
        // a completion instant at Basel's midnight is that day there; text is escaped as JSON
        assertThat(read.get(1).fields())
                .isEqualTo("\"completedAt\":\"2026-05-02T22:00:00Z\",\"completedOn\":\"2026-05-03\","
                        + "\"evidence\":\"E1/\\\"x\\\"\",\"authority\":\"QMS\"");
    }

    @Verifies("URS-REP-185")
    @Test
    void textRenderedInAnotherZoneOrNotRenderedIsNotCopied() {
        String rendered = ReportBasis.render(List.of(gdp()), BASEL);

        assertThat(ReportBasis.read(rendered, ZoneId.of("Asia/Singapore"))).isNull();
        assertThat(ReportBasis.read("", BASEL)).isNull();
        assertThat(ReportBasis.read((String) null, BASEL)).isNull();
        assertThat(ReportBasis.read(ReportBasis.render(List.of(), BASEL), BASEL))
                .isEmpty();
    }

    @Verifies("URS-REP-296")
    @Test
    void theStoredBytesReadAsTheTextWithAccentsCharactersOutsideTheBmpAndInstantsBeforeTheEpoch() {
        ReportBasis.Printed old = new ReportBasis.Printed(
                "ÜBER-KURS",
                true,
                Instant.parse("1969-12-31T23:59:59.5Z"),
                null,
                Instant.parse("1969-12-31T23:59:58.000000001Z"),
                null,
                "E2 😀",
                "Zürich QA");
        String rendered = ReportBasis.render(List.of(old, gmp()), BASEL);
        byte[] stored = rendered.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        List<ReportBasis.Entry> read = ReportBasis.read(stored, BASEL);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).code()).isEqualTo("ÜBER-KURS");
        assertThat(read.get(0).inGrace()).isTrue();
        assertThat(read.get(0).expiresAt()).isEqualTo(Instant.parse("1969-12-31T23:59:58.000000001Z"));
        assertThat(read.get(0).fields()).contains("\"evidence\":\"E2 😀\"", "\"authority\":\"Zürich QA\"");
        assertThat(read.get(1).fields())
                .isEqualTo(ReportBasis.read(rendered, BASEL).get(1).fields());
        assertThat(ReportBasis.read(stored, ZoneId.of("Europe/Berlin"))).isNull();
        assertThat(ReportBasis.read(new byte[0], BASEL)).isNull();
    }
}
