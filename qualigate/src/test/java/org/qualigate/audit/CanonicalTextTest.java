package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The one-pass canonicalizer that the sealer and {@code verify} use on stored JSON gives exactly the bytes of
 * the general canonicalizer (a tree built by Jackson), for JSON written in any layout and member order.
 */
class CanonicalTextTest {

    @Verifies("URS-AUD-004")
    @Property(tries = 1000)
    void givesTheSameCanonicalFormAsTheGeneralCanonicalizer(@ForAll("json") String json) {
        assertThat(outcome(() -> CanonicalJson.canonicalizeText(json)))
                .isEqualTo(outcome(() -> CanonicalJson.canonicalize(json)));
    }

    /** The canonical form, or that the text was refused (a number beyond a double, say). */
    private static String outcome(java.util.function.Supplier<String> canonicalize) {
        try {
            return canonicalize.get();
        } catch (IllegalArgumentException refused) {
            return "refused";
        }
    }

    @Verifies("URS-AUD-004")
    @Test
    void handsTextOutsideThePlainFormToTheGeneralCanonicalizer() {
        String deep = "[".repeat(100) + "1" + "]".repeat(100);
        assertThat(CanonicalJson.canonicalizeText(deep)).isEqualTo(CanonicalJson.canonicalize(deep));
        for (String refused : List.of("{\"a\": 1, \"a\": 2}", "\"\\ud800\"", "01", "[1,]", "", "{} x", "nul")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalJson.canonicalizeText(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(CanonicalJson.canonicalizeText(
                        "{\"b\": [1.50, -0, 1E3, 12345678901234567890], \"a\": \"\\u00e9\\n\"}"))
                .isEqualTo("{\"a\":\"é\\n\",\"b\":[1.5,0,1000,12345678901234567000]}");
    }

    @Provide
    Arbitrary<String> json() {
        return value(3);
    }

    private Arbitrary<String> value(int depth) {
        Arbitrary<String> space = Arbitraries.of("", " ", "\n", "\t ", "\r\n");
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().between(-1000, 1000).map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.doubles()
                        .map(d -> String.valueOf(d).replace("E", "e+").replace("e+-", "e-")),
                Arbitraries.of("0", "-0", "0.0", "1e21", "1E-7", "123456789012345678", "4.50", "2e-3", "1e400"));
        Arbitrary<String> strings = Arbitraries.strings()
                .all()
                .ofMaxLength(12)
                .filter(t -> t.chars().noneMatch(c -> Character.isSurrogate((char) c)))
                .map(CanonicalTextTest::quoted);
        Arbitrary<String> scalars = Arbitraries.oneOf(numbers, strings, Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> inner = value(depth - 1);
        Arbitrary<String> objects = Arbitraries.maps(strings, inner)
                .ofMaxSize(4)
                .flatMap(m -> space.map(sp -> {
                    StringBuilder b = new StringBuilder("{").append(sp);
                    m.forEach((k, v) -> b.append(b.length() > 1 + sp.length() ? "," + sp : "")
                            .append(k)
                            .append(sp)
                            .append(':')
                            .append(sp)
                            .append(v));
                    return b.append(sp).append('}').toString();
                }));
        Arbitrary<String> arrays = inner.list().ofMaxSize(4).map(l -> "[" + String.join(", ", l) + "]");
        return Arbitraries.oneOf(scalars, objects, arrays);
    }

    /** A JSON string literal, escaping some characters the long way to vary the text. */
    private static String quoted(String t) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : t.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 'é' || c == '/') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
