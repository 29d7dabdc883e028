package org.qualigate.connector.workday;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Walking Workday's XML by local name, whatever prefix the server chose; {@code wd:} attributes namespaced or plain. */
final class WorkdayDom {

    private WorkdayDom() {}

    static List<Element> elements(Node parent) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                found.add(e);
            }
        }
        return found;
    }

    static List<Element> children(Node parent, String localName) {
        return elements(parent).stream()
                .filter(e -> localName.equals(e.getLocalName()))
                .toList();
    }

    static @Nullable Element child(@Nullable Node parent, String localName) {
        if (parent == null) {
            return null;
        }
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    static @Nullable Element path(@Nullable Node from, String... localNames) {
        Node at = from;
        for (String name : localNames) {
            if (at == null) {
                return null;
            }
            at = child(at, name);
        }
        return (Element) at;
    }

    static @Nullable String text(@Nullable Node from, String... localNames) {
        Element e = path(from, localNames);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }

    /** The {@code ID} child whose {@code wd:type} is {@code type}. */
    static @Nullable String id(@Nullable Element reference, String type) {
        if (reference == null) {
            return null;
        }
        for (Element id : children(reference, "ID")) {
            if (type.equals(attribute(id, "type"))) {
                String t = id.getTextContent().trim();
                return t.isEmpty() ? null : t;
            }
        }
        return null;
    }

    /** A Workday attribute: namespaced ({@code wd:type}) as Workday writes it, or plain. */
    static @Nullable String attribute(@Nullable Element e, String localName) {
        if (e == null) {
            return null;
        }
        if (e.hasAttributeNS(WorkerXml.BSVC, localName)) {
            return e.getAttributeNS(WorkerXml.BSVC, localName);
        }
        return e.hasAttribute(localName) ? e.getAttribute(localName) : null;
    }

    static List<Element> descendants(Element root, String localName) {
        List<Element> found = new ArrayList<>();
        collect(root, localName, found);
        return found;
    }

    private static void collect(Element at, String localName, List<Element> found) {
        for (Element e : elements(at)) {
            if (localName.equals(e.getLocalName())) {
                found.add(e);
            } else {
                collect(e, localName, found);
            }
        }
    }
}
