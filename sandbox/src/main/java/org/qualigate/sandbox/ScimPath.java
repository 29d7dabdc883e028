package org.qualigate.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * A PATCH path (RFC 7644 section 3.5.2): {@code attrPath}, {@code attr[valFilter]} or
 * {@code attr[valFilter].subAttr}.
 */
record ScimPath(
        ScimFilter.AttrPath attribute,
        @Nullable ScimFilter filter,
        @Nullable String subAttribute) {

    static ScimPath parse(String text) {
        String path = text.trim();
        int open = path.indexOf('[');
        if (open < 0) {
            return new ScimPath(ScimFilter.AttrPath.parse(path), null, null);
        }
        int close = path.lastIndexOf(']');
        if (close < open) {
            throw ScimException.invalidPath("unbalanced brackets in path " + text);
        }
        ScimFilter filter;
        try {
            filter = ScimFilter.parse(path.substring(open + 1, close));
        } catch (ScimException e) {
            throw ScimException.invalidPath("bad filter in path " + text + ": " + e.getMessage());
        }
        String rest = path.substring(close + 1);
        String sub = null;
        if (!rest.isEmpty()) {
            if (!rest.startsWith(".") || rest.length() == 1) {
                throw ScimException.invalidPath("expected .subAttribute after ] in path " + text);
            }
            sub = rest.substring(1);
        }
        return new ScimPath(ScimFilter.AttrPath.parse(path.substring(0, open)), filter, sub);
    }

    @Override
    public String toString() {
        return attribute + (filter == null ? "" : "[…]") + (subAttribute == null ? "" : "." + subAttribute);
    }
}
