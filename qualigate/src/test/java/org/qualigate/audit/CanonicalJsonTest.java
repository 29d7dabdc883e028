package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class CanonicalJsonTest {

    /** RFC 8785 §3.2.2, escapes as printed there. */
    private static final String RFC_SAMPLE = "{\n"
            + "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n"
            + "}";

    /** RFC 8785 §3.2.4: the UTF-8 bytes of the sample's canonical form. */
    private static final String RFC_SAMPLE_BYTES = "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72"
            + " 75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a"
            + " 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31"
            + " 65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37"
            + " 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30"
            + " 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d";

    @Verifies("URS-AUD-004")
    @Test
    void canonicalizesTheRfcSampleToItsPrintedForm() {
        assertThat(CanonicalJson.canonicalize(RFC_SAMPLE))
                .isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Verifies("URS-AUD-004")
    @Test
    void canonicalizesTheRfcSampleToItsPrintedBytes() {
        byte[] bytes = CanonicalJson.canonicalize(RFC_SAMPLE).getBytes(StandardCharsets.UTF_8);

        assertThat(HexFormat.ofDelimiter(" ").formatHex(bytes)).isEqualTo(RFC_SAMPLE_BYTES);
    }

    @Verifies("URS-AUD-004")
    @Test
    void sortsMemberNamesByUtf16CodeUnitsAsInTheRfc() {
        String json = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With"
                + " Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";

        assertThat(CanonicalJson.canonicalize(json))
                .isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Verifies("URS-AUD-004")
    @Test
    void sortsASupplementaryCharacterBeforeAHigherBmpCharacterAsUtf16Does() {
        // By code point U+1F600 comes after U+FB33; by UTF-16 code unit its lead surrogate 0xD83D comes first.
        assertThat(CanonicalJson.canonicalize("{\"\ufb33\":1,\"\ud83d\ude00\":2}"))
                .isEqualTo("{\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }

    @Verifies("URS-AUD-004")
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2"
    })
    void serialisesNumbersAsTheRfcAppendixBTable(String ieee754, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieee754, 16));

        assertThat(CanonicalJson.canonicalize(JsonNodeFactory.instance.numberNode(value)))
                .isEqualTo(expected);
    }

    @Verifies("URS-AUD-004")
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1e21, 1e+21",
        "1E-7, 1e-7",
        "0.000001, 0.000001",
        "-0, 0",
        "-0.0, 0",
        "100, 100",
        "1.0, 1",
        "1.5e2, 150",
        "9007199254740993, 9007199254740992",
        "123456789012345678901234567890, 1.2345678901234568e+29",
        "0.1, 0.1",
        "-12.50, -12.5",
        "1e400000000000000000000, ''"
    })
    void serialisesParsedNumbersAsEcmaScriptWould(String json, String expected) {
        if (expected.isEmpty()) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(json)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(CanonicalJson.canonicalize(json)).isEqualTo(expected);
        }
    }

    @Verifies({"URS-AUD-004", "URS-DI-004"})
    @Test
    void refusesNumbersJsonCannotHold() {
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(JsonNodeFactory.instance.numberNode(value)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Verifies("URS-AUD-004")
    @Test
    void canonicalizesNestedArraysAndObjectsKeepingArrayOrder() {
        String json = "[ [], [[1, {\"b\": 2, \"a\": [3, {\"d\": null, \"c\": true}]}]], {}, \"x\" ]";

        assertThat(CanonicalJson.canonicalize(json))
                .isEqualTo("[[],[[1,{\"a\":[3,{\"c\":true,\"d\":null}],\"b\":2}]],{},\"x\"]");
    }

    @Verifies("URS-AUD-004")
    @Test
    void escapesOnlyQuoteBackslashAndControlCharacters() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("s", controls + "\"\\/\u007f\u2028\u00e9\ud83d\ude02");

        assertThat(CanonicalJson.canonicalize(node))
                .isEqualTo("{\"s\":\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                        + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
                        + "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/\u007f\u2028\u00e9\ud83d\ude02\"}");
    }

    @Verifies("URS-AUD-004")
    @Test
    void givesTheSameFormAndHashWhateverTheLayoutOrMemberOrder() {
        String compact = "{\"b\":[1,2],\"a\":{\"y\":\"\\u00e9\",\"x\":1.10}}";
        String spread = "{\n  \"a\" : { \"x\" : 11e-1, \"y\" : \"\u00e9\" },\n  \"b\" : [ 1.0, 2 ]\n}";

        assertThat(CanonicalJson.canonicalize(compact)).isEqualTo(CanonicalJson.canonicalize(spread));
        assertThat(CanonicalJson.sha256Hex(CanonicalJson.canonicalize(compact)))
                .isEqualTo(CanonicalJson.sha256Hex(CanonicalJson.canonicalize(spread)));
    }

    @Verifies("URS-AUD-004")
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":1,\"a\":2}",
                "{\"x\":{\"\\u0061\":1,\"a\":2}}",
                "{\"a\":1",
                "[1,]",
                "{'a':1}",
                "NaN",
                "{} {}",
                "",
                "\"\\ud800\"",
                "{\"\\udc00x\":1}"
            })
    void refusesDuplicateNamesInvalidJsonAndLoneSurrogates(String json) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Verifies({"URS-AUD-003", "URS-AUD-004"})
    @Test
    void hashesTheUtf8BytesWithSha256() {
        assertThat(CanonicalJson.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(CanonicalJson.sha256Hex("\u20ac"))
                .isEqualTo("c4cc90ed3d26f12d4b08a75140970a7904035c31cbb4515a83f19b9003c00d1d")
                .isEqualTo(HexFormat.of().formatHex(CanonicalJson.sha256("\u20ac")));
        assertThat(CanonicalJson.sha256Hex(CanonicalJson.canonicalize("{ \"a\" : 1.0 }")))
                .isEqualTo("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
    }

    @Verifies("URS-AUD-004")
    @Test
    void canonicalizesScalarsAtTheTop() {
        assertThat(CanonicalJson.canonicalize("  true ")).isEqualTo("true");
        assertThat(CanonicalJson.canonicalize("null")).isEqualTo("null");
        assertThat(CanonicalJson.canonicalize("\"\\u0041\"")).isEqualTo("\"A\"");
        assertThat(CanonicalJson.canonicalize("4.50")).isEqualTo("4.5");
    }
}
