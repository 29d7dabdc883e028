package org.qualigate.sandbox.successfactors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The simulator's OData v2 {@code $filter}: the forms SuccessFactors integrations send on {@code User}. */
class ODataFilterTest {

    private static Map<String, @Nullable Object> user(String status, String modified) {
        Map<String, @Nullable Object> p = new HashMap<>();
        p.put("userId", "E1");
        p.put("status", status);
        p.put("lastModifiedDateTime", Instant.parse(modified));
        return p;
    }

    @Test
    void comparesLastModifiedWithDatetimeLiteralsReadAsUtc() {
        var filter = ODataFilter.parse("lastModifiedDateTime gt datetime'2026-11-01T00:00:00'");

        assertThat(filter.test(user("t", "2026-11-01T00:00:01Z"))).isTrue();
        assertThat(filter.test(user("t", "2026-11-01T00:00:00Z"))).isFalse();
    }

    @Test
    void combinesStatusListsWindowsAndDatetimeoffsetLiterals() {
        var filter = ODataFilter.parse("status in 't','f' and (lastModifiedDateTime ge datetime'2026-11-01T00:00:00'"
                + " and lastModifiedDateTime le datetimeoffset'2026-11-30T00:00:00Z')");

        assertThat(filter.test(user("f", "2026-11-15T00:00:00Z"))).isTrue();
        assertThat(filter.test(user("e", "2026-11-15T00:00:00Z"))).isFalse();
        assertThat(filter.test(user("t", "2026-12-01T00:00:00Z"))).isFalse();
        assertThat(ODataFilter.parse("status eq 'f' or not (userId eq 'E1')").test(user("t", "2026-11-15T00:00:00Z")))
                .isFalse();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> ODataFilter.parse("lastModifiedDateTime gt datetime'yesterday'"))
                .hasMessageContaining("unreadable literal");
        assertThatThrownBy(() -> ODataFilter.parse("substringof('a', userId)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ODataFilter.parse("status eq 't")).hasMessageContaining("unterminated quote");
    }
}
