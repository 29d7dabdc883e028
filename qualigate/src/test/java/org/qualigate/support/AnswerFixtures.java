package org.qualigate.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests of the answers written as records share: the two mappers an answer is written with — {@link
 * #SERVICE} with values and contents {@code non_null} (as {@code spring.jackson.default-property-inclusion} sets
 * both), {@link #DEFAULTS} with Jackson's defaults (where a map wrote its {@code null}s) — and the instants and id
 * their fixtures use, so each expected text reads the same values.
 */
public final class AnswerFixtures {

    public static final JsonMapper SERVICE = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .build();
    public static final JsonMapper DEFAULTS = JsonMapper.builder().build();
    public static final Instant AT = Instant.parse("2026-12-07T08:00:00Z");
    public static final Instant LATER = Instant.parse("2026-12-07T08:00:01.250Z");
    public static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000021");

    private AnswerFixtures() {}

    /** The answer as {@code mapper} writes it. */
    public static String json(JsonMapper mapper, Object answer) {
        return mapper.writeValueAsString(answer);
    }
}
