package org.qualigate.quality;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas of the quality events, one file per type and version in {@code resources/quality-events/}
 * ({@code nonconformance-v1.schema.json}, {@code nonconformance-v2.schema.json}, {@code capa-v1…}, {@code recall-v1…},
 * {@code equipment-v1…}), loaded once and checked with the networknt validator (draft 2020-12). A type and version
 * without a file is unknown: the event is kept for review, never guessed at.
 */
final class QualityEventSchemas {

    /** The first thing wrong with an event: where (a field path such as {@code lot.batch}) and why. */
    record Violation(String field, String reason) {}

    private static final Map<String, Integer> LATEST =
            Map.of("nonconformance", 2, "capa", 1, "recall", 1, "equipment", 1);
    private static final QualityEventSchemas INSTANCE = new QualityEventSchemas();

    private final Map<String, Schema> schemas = new LinkedHashMap<>();

    private QualityEventSchemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        LATEST.forEach((family, latest) -> {
            for (int version = 1; version <= latest; version++) {
                String file = "quality-events/" + family + "-v" + version + ".schema.json";
                try (InputStream in = QualityEventSchemas.class.getClassLoader().getResourceAsStream(file)) {
                    if (in == null) {
                        throw new IllegalStateException("missing schema " + file);
                    }
                    schemas.put(family + "/" + version, registry.getSchema(in));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    static QualityEventSchemas get() {
        return INSTANCE;
    }

    /** The family of an event type: {@code nonconformance.opened} → {@code nonconformance}. */
    static String family(String type) {
        int dot = type.indexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    /** Whether a schema exists for the type's family at this version. */
    boolean knows(String type, int version) {
        return schemas.containsKey(family(type) + "/" + version);
    }

    /** Whether the family is one this service has schemas for at all. */
    boolean knowsType(String type) {
        return LATEST.containsKey(family(type));
    }

    /** The first violation of the event's schema (by field path), if any; the schema must exist. */
    Optional<Violation> check(String type, int version, JsonNode event) {
        Schema schema = schemas.get(family(type) + "/" + version);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for " + type + " v" + version);
        }
        List<Error> errors = schema.validate(event);
        return errors.stream().map(QualityEventSchemas::violation).min(Comparator.comparing(Violation::field));
    }

    private static Violation violation(Error e) {
        // the location comes as a JSON pointer (/lot/batch) or a path ($.lot.batch): the field is lot.batch
        String path =
                String.valueOf(e.getInstanceLocation()).replaceFirst("^\\$", "").replace('/', '.');
        path = path.startsWith(".") ? path.substring(1) : path;
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
            path = path.isEmpty() ? e.getProperty() : path + "." + e.getProperty();
        }
        return new Violation(path.isEmpty() ? "body" : path, e.getMessage());
    }
}
