package org.qualigate.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * PATCH of a Group (RFC 7644 section 3.5.2): the operations are applied in order to a draft of the group, which the
 * server commits only when every one succeeded. Member values are User ids, each checked to exist.
 */
final class ScimGroupPatch {

    private final ScimDirectory directory;
    private final ScimResources resources;

    ScimGroupPatch(ScimDirectory directory, ScimResources resources) {
        this.directory = directory;
        this.resources = resources;
    }

    /** A group's state while a PATCH is applied; committed only when every operation succeeded. */
    static final class Draft {
        String displayName;

        @Nullable
        String externalId;

        final LinkedHashSet<String> members;

        Draft(ScimGroup group) {
            this.displayName = group.displayName;
            this.externalId = group.externalId;
            this.members = new LinkedHashSet<>(group.members);
        }
    }

    Draft apply(ScimGroup group, List<ScimPatchOperation> operations) {
        Draft draft = new Draft(group);
        for (ScimPatchOperation op : operations) {
            apply(draft, op.op(), op.path(), op.value());
        }
        return draft;
    }

    private void apply(Draft draft, String op, @Nullable String path, @Nullable JsonNode value) {
        if (path == null || path.isBlank()) {
            for (Map.Entry<String, JsonNode> e :
                    ScimPatchOperation.pathlessObject(op, value).properties()) {
                String key = e.getKey().toLowerCase(Locale.ROOT);
                if (key.equals("id") || key.equals("schemas") || key.equals("meta")) {
                    continue;
                }
                apply(draft, op, e.getKey(), e.getValue());
            }
            return;
        }
        ScimPath target = ScimPath.parse(path);
        String attribute = target.attribute().first();
        switch (attribute) {
            case "displayname" -> {
                if (op.equals("remove")) {
                    throw ScimException.mutability("displayName is required and cannot be removed");
                }
                draft.displayName = ScimResources.displayName(value);
            }
            case "externalid" ->
                draft.externalId = op.equals("remove") ? null : ScimResources.optionalString(value, "externalId");
            case "members" -> applyToMembers(draft, op, target, value);
            default -> throw ScimException.invalidPath("Group has no modifiable attribute " + path);
        }
    }

    private void applyToMembers(Draft draft, String op, ScimPath target, @Nullable JsonNode value) {
        if (target.subAttribute() != null) {
            throw ScimException.mutability("sub-attributes of members cannot be modified: " + target);
        }
        ScimFilter filter = target.filter();
        if (filter == null) {
            switch (op) {
                case "add" -> draft.members.addAll(memberIds(require(value, "add members")));
                case "replace" -> {
                    draft.members.clear();
                    draft.members.addAll(memberIds(require(value, "replace members")));
                }
                default -> {
                    // Azure removes with path "members" and a value listing the members to remove.
                    if (value == null || value.isNull()) {
                        draft.members.clear();
                    } else {
                        memberIdsLenient(value).forEach(draft.members::remove);
                    }
                }
            }
            return;
        }
        List<String> matched = new ArrayList<>();
        for (String member : draft.members) {
            if (filter.test(resources.memberJson(member))) {
                matched.add(member);
            }
        }
        switch (op) {
            // Removing a member that is not there changes nothing and succeeds (RFC 7644 section 3.5.2.2).
            case "remove" -> matched.forEach(draft.members::remove);
            case "replace" -> {
                if (matched.isEmpty()) {
                    throw ScimException.noTarget("no member matches " + target);
                }
                matched.forEach(draft.members::remove);
                draft.members.addAll(memberIds(require(value, "replace members")));
            }
            default -> throw ScimException.invalidPath("add takes the path members, not a filter: " + target);
        }
    }

    private static JsonNode require(@Nullable JsonNode value, String what) {
        if (value == null || value.isNull()) {
            throw ScimException.invalidValue(what + " needs a value");
        }
        return value;
    }

    /** Member ids from {@code [{"value": id}]} (or a single object); each must be an existing user. */
    List<String> memberIds(JsonNode value) {
        List<String> ids = memberIdsLenient(value);
        for (String id : ids) {
            if (!directory.hasUser(id)) {
                throw ScimException.invalidValue("member " + id + " is not an existing User");
            }
        }
        return ids;
    }

    private static List<String> memberIdsLenient(JsonNode value) {
        List<String> ids = new ArrayList<>();
        Collection<JsonNode> items = value.isArray() ? value.values() : List.of(value);
        for (JsonNode item : items) {
            JsonNode id = item.isObject() ? ScimFilter.child(item, "value") : item;
            if (id == null || !id.isString() || id.stringValue().isBlank()) {
                throw ScimException.invalidValue("a member needs a string value (the User id): " + item);
            }
            ids.add(id.stringValue());
        }
        return ids;
    }
}
