package org.qualigate.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ODataV2Test {

    @Test
    void filtersOnEqAndNeJoinedByAndWithQuotedQuotes() {
        JsonNode row = JsonMapper.builder().build().readTree("{\"Batch\":\"O'NEIL1\",\"InventoryStockType\":\"07\"}");

        assertThat(ODataV2.matches(ODataV2.filter("Batch eq 'O''NEIL1' and InventoryStockType ne '01'"), row))
                .isTrue();
        assertThat(ODataV2.matches(ODataV2.filter("(InventoryStockType eq '01')"), row))
                .isFalse();
        assertThat(ODataV2.filter(null)).isEmpty();
        assertThatThrownBy(() -> ODataV2.filter("Batch gt 'A'")).hasMessageContaining("Invalid filter expression");
    }

    @Test
    void readsDatesInTheirThreeFormsAndWritesTheDateForm() {
        assertThat(ODataV2.parseDate("/Date(1763596800000)/")).isEqualTo(LocalDate.parse("2025-11-20"));
        assertThat(ODataV2.parseDate("2026-11-20T00:00:00")).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(ODataV2.parseDate("2026-11-20")).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(ODataV2.date(java.time.Instant.ofEpochMilli(1763596800000L))).isEqualTo("/Date(1763596800000)/");
    }
}
