package org.qualigate.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mappers that write an answer as the service does, for unit tests of an answer's shape: {@link #SERVICE} with
 * values and contents {@code non_null} (as {@code spring.jackson.default-property-inclusion} sets both), {@link
 * #DEFAULTS} with Jackson's defaults (where a map wrote its {@code null}s).
 */
public final class ServiceJson {

    public static final JsonMapper SERVICE = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .build();

    public static final JsonMapper DEFAULTS = JsonMapper.builder().build();

    private ServiceJson() {}
}
