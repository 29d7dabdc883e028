package org.qualigate.intake;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.text.TextInput;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of a generic JSON event body (CONTRACT.md) as read and checked without the ledger: each
 * field's presence, type and range. What needs the ledger (the person, the dictionary, the site's zone)
 * is checked by {@link IntakeService}.
 */
record EventBody(
        String eventType,
        String employeeId,
        String certificationId,
        String sourceRecordId,
        long sourceVersion,
        int level,
        String completedOn,
        @Nullable String expiresOn,
        @Nullable String approvedBy,
        @Nullable Instant approvedAt,
        @Nullable String certificationName) {

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * The body as a JSON object, or why it is not one. The bytes must be strict UTF-8 first: Jackson would
     * decode an overlong form (e.g. {@code C0 80} for NUL) into a character the sender never signed.
     */
    static Object json(byte[] body) {
        JsonNode json = null;
        if (parsesAsBytes(body)) {
            try {
                json = STRICT.readTree(body);
            } catch (JacksonException e) {
                // refused below from the text, in the words Jackson's text parser uses (the sender reads them)
            }
        }
        if (json == null) {
            TextInput.DecodedText text = TextInput.utf8(body);
            if (!text.valid()) {
                return InvalidEvent.malformed("body", text.refusal());
            }
            try {
                json = STRICT.readTree(text.text());
            } catch (JacksonException e) {
                return InvalidEvent.malformed("body", "not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (json == null || !json.isObject()) {
            return InvalidEvent.malformed("body", "must be a JSON object");
        }
        return json;
    }

    /**
     * Whether the body is parsed from its bytes rather than from its text decoded first (which costs a copy of the
     * body twice over): only strict UTF-8 that Jackson cannot take for another encoding or a byte-order mark —
     * its first four bytes are not NUL and it does not begin with EF BB BF. Both give the same tree; a body the bytes
     * parser refuses is parsed again as text, so that the refusal is worded as before.
     */
    private static boolean parsesAsBytes(byte[] body) {
        if (body.length < 4 || (body[0] & 0xFF) == 0xEF) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return TextInput.isStrictUtf8(body);
    }

    /**
     * The checked fields of a JSON object, or the first field that is wrong and why. Text is taken exactly as
     * sent: a value with a control character or a lone surrogate anywhere in the object is refused (naming
     * its field), never cleaned, so the ledger holds only what the sender signed.
     */
    static Object read(JsonNode json) {
        InvalidEvent unusable = unusableText(json, "");
        if (unusable == null) {
            unusable = wrongIdentity(json);
        }
        if (unusable == null) {
            unusable = wrongNumbers(json);
        }
        if (unusable != null) {
            return unusable;
        }
        String completedOn = text(json, "completedOn");
        if (completedOn == null) {
            return InvalidEvent.malformed("completedOn", "is required");
        }
        String approvedAtText = text(json, "approvedAt");
        Instant approvedAt = null;
        if (approvedAtText != null) {
            approvedAt = EventDates.instant(approvedAtText).orElse(null);
            if (approvedAt == null) {
                return InvalidEvent.malformed("approvedAt", "must be an RFC 3339 date-time with offset");
            }
        }
        JsonNode levelNode = node(json, "level");
        return new EventBody(
                text(json, "eventType"),
                text(json, "employeeId"),
                text(json, "certificationId"),
                text(json, "sourceRecordId"),
                json.get("sourceVersion").longValue(),
                levelNode == null ? 1 : levelNode.intValue(),
                completedOn,
                text(json, "expiresOn"),
                text(json, "approvedBy"),
                approvedAt,
                text(json, "certificationName"));
    }

    /** The first of the fields naming the event and its record that is wrong, and why; null when none is. */
    private static @Nullable InvalidEvent wrongIdentity(JsonNode json) {
        String eventType = text(json, "eventType");
        if (eventType == null) {
            return InvalidEvent.malformed("eventType", "is required");
        }
        if (!IntakeService.EVENT_TYPES.contains(eventType)) {
            return InvalidEvent.malformed(
                    "eventType",
                    "must be one of "
                            + IntakeService.EVENT_TYPES.stream().sorted().toList());
        }
        String employee = text(json, "employeeId");
        if (employee == null) {
            return InvalidEvent.malformed("employeeId", "is required");
        }
        if (!EmployeeId.isValid(employee)) {
            return InvalidEvent.malformed("employeeId", "must be 1-64 letters, digits, '.', '_', '-'");
        }
        if (text(json, "certificationId") == null) {
            return InvalidEvent.malformed("certificationId", "is required");
        }
        String sourceRecordId = text(json, "sourceRecordId");
        if (sourceRecordId == null) {
            return InvalidEvent.malformed("sourceRecordId", "is required");
        }
        if (sourceRecordId.length() > 128) {
            return InvalidEvent.malformed("sourceRecordId", "must be at most 128 characters");
        }
        return null;
    }

    /** Whether the source version and the level are wrong, and why; null when both are right. */
    private static @Nullable InvalidEvent wrongNumbers(JsonNode json) {
        JsonNode versionNode = node(json, "sourceVersion");
        if (versionNode == null) {
            return InvalidEvent.malformed("sourceVersion", "is required");
        }
        // canConvertTo…: a number beyond the type's range must be refused, not wrapped into range
        if (!versionNode.isIntegralNumber() || !versionNode.canConvertToLong() || versionNode.longValue() < 1) {
            return InvalidEvent.malformed("sourceVersion", "must be a positive integer");
        }
        JsonNode levelNode = node(json, "level");
        if (levelNode != null
                && (!levelNode.isIntegralNumber()
                        || !levelNode.canConvertToInt()
                        || levelNode.intValue() < 1
                        || levelNode.intValue() > 9)) {
            return InvalidEvent.malformed("level", "must be an integer from 1 to 9");
        }
        return null;
    }

    static @Nullable JsonNode node(JsonNode json, String name) {
        JsonNode n = json.get(name);
        return n == null || n.isNull() ? null : n;
    }

    /**
     * A field's text exactly as sent; a field of the wrong scalar type reads as its text, an object or array,
     * a blank value and a value that cannot be stored ({@link TextInput#refusal}) as absent.
     */
    static @Nullable String text(JsonNode json, String name) {
        JsonNode n = node(json, name);
        if (n == null || n.isContainer()) {
            return null;
        }
        String s = n.asString();
        return s.isBlank() || TextInput.refusal(s).isPresent() ? null : s;
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? TextInput.printable(name, 64) : path + "." + TextInput.printable(name, 64);
    }

    /** The first member name or text value (depth first) that cannot be stored, as a refusal naming it. */
    static @Nullable InvalidEvent unusableText(JsonNode node, String path) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                Optional<String> badName = TextInput.refusal(e.getKey());
                if (badName.isPresent()) {
                    return InvalidEvent.malformed(field(path, e.getKey()), "(a member name) " + badName.get());
                }
                JsonNode value = e.getValue();
                // a member's path is spelled out only where it is needed: inside a container, or when refused
                if (value.isContainer()) {
                    InvalidEvent inner = unusableText(value, field(path, e.getKey()));
                    if (inner != null) {
                        return inner;
                    }
                } else if (value.isString()
                        && TextInput.refusal(value.asString()).isPresent()) {
                    return unusableText(value, field(path, e.getKey()));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                InvalidEvent inner = unusableText(node.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isString()) {
            Optional<String> bad = TextInput.refusal(node.asString());
            if (bad.isPresent()) {
                return InvalidEvent.malformed(path.isEmpty() ? "body" : path, bad.get());
            }
        }
        return null;
    }
}
