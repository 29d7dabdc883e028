package org.qualigate.environment;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a record's value as a reading: JSON, of a known schema version ({@code ems-readings/reading-v1.schema.json},
 * checked with the networknt validator, draft 2020-12), keyed by its own room. Anything else is a refusal naming the
 * field and the reason, for review; a version without a schema is never guessed at.
 */
final class ReadingParser {

    /** Either the reading or why the record is not one. */
    record Parsed(
            @Nullable EmsReading reading,
            @Nullable String field,
            @Nullable String reason) {
        static Parsed refused(String field, String reason) {
            return new Parsed(null, field, reason);
        }
    }

    static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Schema schema;

    ReadingParser() {
        String file = "ems-readings/reading-v" + VERSION + ".schema.json";
        try (InputStream in = ReadingParser.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + file);
            }
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Parsed parse(DeliveredRecord record) {
        if (record.value() == null || record.value().isBlank()) {
            return Parsed.refused("value", "the record has no value");
        }
        JsonNode node;
        try {
            node = JSON.readTree(record.value());
        } catch (JacksonException e) {
            return Parsed.refused("value", "not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            return Parsed.refused("value", "not a JSON object");
        }
        JsonNode version = node.get("schemaVersion");
        if (version != null && version.isIntegralNumber() && version.asInt() != VERSION) {
            return Parsed.refused(
                    "schemaVersion", "unknown schema version " + version.asInt() + ": kept for review, not guessed");
        }
        List<Error> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            Error first = errors.stream()
                    .min(Comparator.comparing(ReadingParser::field))
                    .orElseThrow();
            return Parsed.refused(field(first), first.getMessage());
        }
        String room = node.get("room").asString();
        if (record.key() != null && !record.key().equals(room)) {
            return Parsed.refused(
                    "key", "the record's key " + record.key() + " is not its room " + room + " (keyed by room)");
        }
        Instant measuredAt;
        try {
            measuredAt = Instant.parse(node.get("measuredAt").asString());
        } catch (DateTimeParseException e) {
            return Parsed.refused("measuredAt", "not an instant with its offset: " + node.get("measuredAt"));
        }
        return new Parsed(
                new EmsReading(
                        node.get("readingId").asString(),
                        room,
                        node.get("sensor").asString(),
                        node.get("parameter").asString(),
                        node.get("value").asDouble(),
                        node.get("unit").asString(),
                        measuredAt,
                        record.position()),
                null,
                null);
    }

    /** The field an error names ({@code value}, {@code measuredAt}), or {@code body} for the whole. */
    private static String field(Error e) {
        String path =
                String.valueOf(e.getInstanceLocation()).replaceFirst("^\\$", "").replace('/', '.');
        path = path.startsWith(".") ? path.substring(1) : path;
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
            path = path.isEmpty() ? e.getProperty() : path + "." + e.getProperty();
        }
        return path.isEmpty() ? "body" : path;
    }
}
