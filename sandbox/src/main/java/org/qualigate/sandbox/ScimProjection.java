package org.qualigate.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 section 3.9) applied to a resource. */
final class ScimProjection {

    private ScimProjection() {}

    static ObjectNode project(ObjectNode full, @Nullable String attributes, @Nullable String excluded) {
        if (attributes != null && !attributes.isBlank()) {
            return include(full, paths(attributes));
        }
        if (excluded != null && !excluded.isBlank()) {
            return exclude(full, paths(excluded));
        }
        return full;
    }

    private static List<ScimFilter.AttrPath> paths(String list) {
        List<ScimFilter.AttrPath> paths = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                paths.add(ScimFilter.AttrPath.parse(part.trim()));
            }
        }
        return paths;
    }

    private static ObjectNode include(ObjectNode full, List<ScimFilter.AttrPath> paths) {
        ObjectNode out = full.objectNode();
        // id and schemas are "returned always" (RFC 7643 section 2.4).
        copy(full, out, "schemas");
        copy(full, out, "id");
        for (ScimFilter.AttrPath path : paths) {
            JsonNode source = path.container(full);
            if (source == null) {
                continue;
            }
            ObjectNode target = out;
            if (source != full) {
                String extensionKey = key(full, path.urn());
                if (extensionKey == null) {
                    continue;
                }
                target = out.has(extensionKey) ? (ObjectNode) out.get(extensionKey) : out.putObject(extensionKey);
            }
            String key = key(source, path.names().get(0));
            if (key == null) {
                continue;
            }
            JsonNode value = source.get(key);
            if (path.names().size() == 1) {
                target.set(key, value.deepCopy());
                continue;
            }
            String sub = path.names().get(1);
            if (value.isObject()) {
                ObjectNode into = target.has(key) && target.get(key).isObject()
                        ? (ObjectNode) target.get(key)
                        : target.putObject(key);
                String subKey = key(value, sub);
                if (subKey != null) {
                    into.set(subKey, value.get(subKey).deepCopy());
                }
            } else if (value.isArray()) {
                ArrayNode into = target.putArray(key);
                for (JsonNode item : value.values()) {
                    String subKey = item.isObject() ? key(item, sub) : null;
                    if (subKey != null) {
                        into.addObject().set(subKey, item.get(subKey).deepCopy());
                    }
                }
            }
        }
        return out;
    }

    private static ObjectNode exclude(ObjectNode full, List<ScimFilter.AttrPath> paths) {
        ObjectNode out = full.deepCopy();
        for (ScimFilter.AttrPath path : paths) {
            JsonNode container = path.container(out);
            if (!(container instanceof ObjectNode source)) {
                continue;
            }
            String key = key(source, path.names().get(0));
            if (key == null || (source == out && (key.equals("id") || key.equals("schemas")))) {
                continue;
            }
            if (path.names().size() == 1) {
                source.remove(key);
                continue;
            }
            JsonNode value = source.get(key);
            String sub = path.names().get(1);
            if (value instanceof ObjectNode object) {
                String subKey = key(object, sub);
                if (subKey != null) {
                    object.remove(subKey);
                }
            } else if (value.isArray()) {
                for (JsonNode item : value.values()) {
                    if (item instanceof ObjectNode object) {
                        String subKey = key(object, sub);
                        if (subKey != null) {
                            object.remove(subKey);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void copy(ObjectNode from, ObjectNode to, String key) {
        JsonNode value = from.get(key);
        if (value != null) {
            to.set(key, value.deepCopy());
        }
    }

    /** The actual property name matching {@code name} ignoring case, or null. */
    static @Nullable String key(JsonNode object, @Nullable String name) {
        if (name == null) {
            return null;
        }
        if (object.has(name)) {
            return name;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getKey();
            }
        }
        return null;
    }
}
