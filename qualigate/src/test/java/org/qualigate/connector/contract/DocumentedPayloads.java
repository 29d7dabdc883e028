package org.qualigate.connector.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payloads shaped as the vendors' public documentation shows them (the files beside this class, each citing its
 * document in docs/connectors.md), and the check that a simulator answers in the same shape: every field the
 * documented payload has is there, with the same JSON type where both carry a value. A contract test reads the
 * documented payload with the adapter and holds the simulator to its shape, so an assumption shared by adapter
 * and simulator cannot pass unnoticed.
 */
public final class DocumentedPayloads {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private DocumentedPayloads() {}

    public static byte[] bytes(String name) {
        try (InputStream in = DocumentedPayloads.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no documented payload " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        return JSON.readTree(bytes(name));
    }

    /** The simulator's JSON object has every field of the documented one, with the same type where both have a value. */
    public static void assertSameShape(JsonNode documented, JsonNode simulated, String where) {
        List<String> differences = new ArrayList<>();
        compare(documented, simulated, where, differences);
        assertThat(differences)
                .as("shape of %s against the documented payload", where)
                .isEmpty();
    }

    private static void compare(JsonNode documented, JsonNode simulated, String path, List<String> differences) {
        if (documented.isObject()) {
            if (!simulated.isObject()) {
                differences.add(path + ": expected an object, got " + simulated.getNodeType());
                return;
            }
            for (Map.Entry<String, JsonNode> field : documented.properties()) {
                JsonNode other = simulated.get(field.getKey());
                if (other == null) {
                    differences.add(path + "." + field.getKey() + ": missing");
                } else if (!field.getValue().isNull() && !other.isNull()) {
                    compare(field.getValue(), other, path + "." + field.getKey(), differences);
                }
            }
        } else if (documented.isArray()) {
            if (!simulated.isArray()) {
                differences.add(path + ": expected an array, got " + simulated.getNodeType());
            } else if (!documented.isEmpty() && !simulated.isEmpty()) {
                compare(documented.get(0), simulated.get(0), path + "[0]", differences);
            }
        } else if (documented.isNumber() != simulated.isNumber()
                || documented.isString() != simulated.isString()
                || documented.isBoolean() != simulated.isBoolean()) {
            differences.add(path + ": expected " + documented.getNodeType() + ", got " + simulated.getNodeType());
        }
    }

    /** The local-name paths of every element under {@code root} (e.g. {@code Worker/Worker_Data/Worker_ID}). */
    public static TreeSet<String> elementPaths(Element root) {
        TreeSet<String> paths = new TreeSet<>();
        collect(root, root.getLocalName(), paths);
        return paths;
    }

    private static void collect(Element at, String path, TreeSet<String> paths) {
        paths.add(path);
        for (Node n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                collect(e, path + "/" + e.getLocalName(), paths);
            }
        }
    }

    /** The first element with this local name in the XML, in document order. */
    public static Element firstElement(byte[] xml, String localName) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root =
                    f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
            Element found = find(root, localName);
            if (found == null) {
                throw new AssertionError("no " + localName + " element in " + new String(xml, StandardCharsets.UTF_8));
            }
            return found;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element find(Element at, String localName) {
        if (localName.equals(at.getLocalName())) {
            return at;
        }
        for (Node n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                Element found = find(e, localName);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
