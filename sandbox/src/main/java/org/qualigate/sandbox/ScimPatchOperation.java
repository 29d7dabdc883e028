package org.qualigate.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One operation of a SCIM PATCH request (RFC 7644 section 3.5.2): {@code add}, {@code remove} or {@code replace}
 * (the name read case-insensitively, as Azure sends "Add"), an optional path and an optional value.
 */
record ScimPatchOperation(
        String op, @Nullable String path, @Nullable JsonNode value) {

    /** The operations of a PatchOp message, in order; a malformed message is the SCIM error it deserves. */
    static List<ScimPatchOperation> all(JsonNode body) {
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("a PATCH body must be a PatchOp message");
        }
        JsonNode schemas = ScimFilter.child(body, "schemas");
        boolean patchOp = false;
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas.values()) {
                patchOp |= s.isString() && s.stringValue().equalsIgnoreCase(ScimServer.PATCH_OP);
            }
        }
        if (!patchOp) {
            throw ScimException.invalidSyntax("schemas must contain " + ScimServer.PATCH_OP);
        }
        JsonNode operations = ScimFilter.child(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("Operations must be a non-empty array");
        }
        List<ScimPatchOperation> result = new ArrayList<>();
        for (JsonNode operation : operations.values()) {
            result.add(one(operation));
        }
        return result;
    }

    private static ScimPatchOperation one(JsonNode operation) {
        JsonNode op = operation.isObject() ? ScimFilter.child(operation, "op") : null;
        if (op == null || !op.isString()) {
            throw ScimException.invalidSyntax("each operation needs an op");
        }
        // Operation names are case-insensitive: Azure sends "Add", "Remove", "Replace".
        String name = op.stringValue().toLowerCase(Locale.ROOT);
        if (!name.equals("add") && !name.equals("remove") && !name.equals("replace")) {
            throw ScimException.invalidSyntax("unknown op " + op.stringValue());
        }
        JsonNode path = ScimFilter.child(operation, "path");
        if (path != null && !path.isNull() && !path.isString()) {
            throw ScimException.invalidPath("path must be a string");
        }
        return new ScimPatchOperation(
                name, path == null || path.isNull() ? null : path.stringValue(), ScimFilter.child(operation, "value"));
    }

    /** The object a pathless add or replace merges into the resource (RFC 7644 section 3.5.2); remove needs a path. */
    static JsonNode pathlessObject(String op, @Nullable JsonNode value) {
        if (op.equals("remove")) {
            throw ScimException.noTarget("remove needs a path");
        }
        if (value == null || !value.isObject()) {
            throw ScimException.invalidValue(op + " without a path needs an object value");
        }
        return value;
    }
}
