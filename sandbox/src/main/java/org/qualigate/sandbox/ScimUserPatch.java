package org.qualigate.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** One PATCH operation (RFC 7644 section 3.5.2) applied to a user's attributes, in place. */
final class ScimUserPatch {

    private ScimUserPatch() {}

    static void apply(ObjectNode attributes, String op, @Nullable String path, @Nullable JsonNode value) {
        if (path == null || path.isBlank()) {
            for (Map.Entry<String, JsonNode> e :
                    ScimPatchOperation.pathlessObject(op, value).properties()) {
                String key = e.getKey();
                if (key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("id") || key.equalsIgnoreCase("meta")) {
                    continue;
                }
                if (key.regionMatches(true, 0, "urn:", 0, 4) && e.getValue().isObject()) {
                    // A whole extension object: its attributes are merged one by one.
                    ObjectNode extension = extension(attributes, key, true);
                    for (Map.Entry<String, JsonNode> inner : e.getValue().properties()) {
                        setSimple(extension, inner.getKey(), inner.getValue(), op);
                    }
                    continue;
                }
                apply(attributes, op, key, e.getValue());
            }
            return;
        }
        ScimPath target = ScimPath.parse(path);
        ScimFilter.AttrPath attribute = target.attribute();
        String first = attribute.first();
        if (first.equals("id") || first.equals("meta") || first.equals("groups")) {
            throw ScimException.mutability(attribute.names().get(0) + " is read-only");
        }
        ObjectNode container = attribute.urn() == null
                        || attribute.urn().toLowerCase(Locale.ROOT).contains(":core:")
                ? attributes
                : extension(attributes, attribute.urn(), !op.equals("remove"));
        if (container == null) {
            return;
        }
        if (target.filter() == null) {
            applySimple(container, attribute.names(), op, value);
        } else {
            applyFiltered(container, target, op, value);
        }
    }

    private static @Nullable ObjectNode extension(ObjectNode attributes, String urn, boolean create) {
        String key = ScimProjection.key(attributes, urn);
        if (key != null && attributes.get(key) instanceof ObjectNode existing) {
            return existing;
        }
        return create ? attributes.putObject(urn) : null;
    }

    private static void applySimple(ObjectNode container, List<String> names, String op, @Nullable JsonNode value) {
        if (names.size() > 2) {
            throw ScimException.invalidPath("path too deep: " + String.join(".", names));
        }
        if (names.size() == 1) {
            String name = names.get(0);
            if (op.equals("remove")) {
                String key = ScimProjection.key(container, name);
                if (key != null) {
                    container.remove(key);
                }
                return;
            }
            setSimple(container, name, requireValue(value, op), op);
            return;
        }
        String parentKey = ScimProjection.key(container, names.get(0));
        JsonNode parent = parentKey == null ? null : container.get(parentKey);
        String sub = names.get(1);
        if (op.equals("remove")) {
            if (parent instanceof ObjectNode object) {
                removeKey(object, sub);
            } else if (parent != null && parent.isArray()) {
                parent.values().forEach(item -> {
                    if (item instanceof ObjectNode object) {
                        removeKey(object, sub);
                    }
                });
            }
            return;
        }
        JsonNode v = requireValue(value, op);
        if (parent != null && parent.isArray()) {
            for (JsonNode item : parent.values()) {
                if (item instanceof ObjectNode object) {
                    object.set(existingOr(object, sub), v.deepCopy());
                }
            }
            return;
        }
        ObjectNode object = parent instanceof ObjectNode o ? o : container.putObject(names.get(0));
        object.set(existingOr(object, sub), v.deepCopy());
    }

    private static void setSimple(ObjectNode container, String name, JsonNode value, String op) {
        String key = existingOr(container, name);
        JsonNode existing = container.get(key);
        if (op.equals("add") && existing != null && existing.isArray()) {
            // add to a multi-valued attribute appends the values not already present.
            ArrayNode array = (ArrayNode) existing;
            List<JsonNode> incoming = new ArrayList<>();
            if (value.isArray()) {
                value.values().forEach(incoming::add);
            } else {
                incoming.add(value);
            }
            for (JsonNode item : incoming) {
                if (!array.values().contains(item)) {
                    array.add(item.deepCopy());
                }
            }
            return;
        }
        if (existing instanceof ObjectNode object && value.isObject()) {
            // A complex attribute takes the given sub-attributes and keeps the others.
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                object.set(existingOr(object, e.getKey()), e.getValue().deepCopy());
            }
            return;
        }
        container.set(key, value.deepCopy());
    }

    private static void applyFiltered(ObjectNode container, ScimPath target, String op, @Nullable JsonNode value) {
        if (target.attribute().names().size() != 1) {
            throw ScimException.invalidPath("a value filter applies to a multi-valued attribute: " + target);
        }
        String name = target.attribute().names().get(0);
        String key = ScimProjection.key(container, name);
        JsonNode array = key == null ? null : container.get(key);
        ScimFilter filter = target.filter();
        List<ObjectNode> matches = new ArrayList<>();
        if (array != null && array.isArray() && filter != null) {
            for (JsonNode item : array.values()) {
                if (item instanceof ObjectNode object && filter.test(object)) {
                    matches.add(object);
                }
            }
        }
        String sub = target.subAttribute();
        if (op.equals("remove")) {
            // Removing what is not there changes nothing and succeeds.
            for (ObjectNode match : matches) {
                if (sub == null) {
                    ArrayNode a = (ArrayNode) array;
                    for (int i = a.size() - 1; i >= 0; i--) {
                        if (a.get(i) == match) {
                            a.remove(i);
                        }
                    }
                } else {
                    removeKey(match, sub);
                }
            }
            return;
        }
        JsonNode v = requireValue(value, op);
        if (matches.isEmpty()) {
            // Azure adds emails[type eq "work"].value to a user without one: create the element the filter names.
            if (op.equals("add")
                    && sub != null
                    && filter instanceof ScimFilter.Compare c
                    && c.operator() == ScimFilter.Operator.EQ
                    && c.path().names().size() == 1) {
                ArrayNode a = array != null && array.isArray() ? (ArrayNode) array : container.putArray(name);
                ObjectNode created = a.addObject();
                created.set(c.path().names().get(0), c.value().deepCopy());
                created.set(sub, v.deepCopy());
                return;
            }
            throw ScimException.noTarget("no value of " + name + " matches the filter in " + target);
        }
        for (ObjectNode match : matches) {
            if (sub != null) {
                match.set(existingOr(match, sub), v.deepCopy());
            } else if (v.isObject()) {
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    match.set(existingOr(match, e.getKey()), e.getValue().deepCopy());
                }
            } else {
                throw ScimException.invalidValue("the value for " + target + " must be an object");
            }
        }
    }

    private static JsonNode requireValue(@Nullable JsonNode value, String op) {
        if (value == null) {
            throw ScimException.invalidValue(op + " needs a value");
        }
        return value;
    }

    private static String existingOr(ObjectNode object, String name) {
        String key = ScimProjection.key(object, name);
        return key == null ? name : key;
    }

    private static void removeKey(ObjectNode object, String name) {
        String key = ScimProjection.key(object, name);
        if (key != null) {
            object.remove(key);
        }
    }
}
