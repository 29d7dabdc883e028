package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;
import org.qualigate.text.SentenceWriter;
import org.qualigate.validation.Verifies;

/**
 * Every refusal a service can hand to a page is said in the reader's words (decision 0054): each {@link Refusal}
 * made in the code names its message key as written text, and the key is in the English and the German bundle; a
 * page's field errors take sentences only, so a service's English cannot reach a form; and no page shows an
 * exception's message, but for the one place that quotes an outside system's own failure, marked as English.
 */
class RefusalsInTheReadersWordsTest {

    private static final Path JAVA = Path.of("src/main/java");
    private static final Path RESOURCES = Path.of("src/main/resources");
    /** The start of a refusal made in the code, and the place (0-based) of its message key among the arguments. */
    private static final Map<String, Integer> MAKERS = Map.of("Refusal.of(", 2, "Refusal.whole(", 1);
    /** The files whose helpers take the key their callers write out ({@code Refusal.of(…, key, …)}), two each. */
    private static final List<String> FORWARDING = List.of("org/qualigate/change/ChangeSetWorkflow.java");
    /**
     * The pages that show an exception's message, and why: only an outside system's own words, marked
     * {@code lang="en"} in the template as a quotation.
     */
    private static final Map<String, String> QUOTING_AN_OUTSIDE_SYSTEM = Map.of(
            "org/qualigate/ui/ForecastPage.java",
            "the scheduling system's failure, quoted in forecast.html's roster-unreadable line with lang=\"en\"");

    @Verifies("URS-UI-211")
    @Test
    void everyRefusalMadeInTheCodeNamesAKeyOfBothBundles() {
        Properties english = bundle("messages.properties");
        Properties german = bundle("messages_de.properties");
        Map<String, String> unsaid = new TreeMap<>();
        int made = 0;
        int forwarded = 0;
        for (Path file : javaFiles()) {
            String text = read(file);
            for (var maker : MAKERS.entrySet()) {
                for (List<String> args : calls(text, maker.getKey())) {
                    made++;
                    String where = JAVA.relativize(file) + ": " + maker.getKey() + String.join(", ", args) + ")";
                    String key = args.size() > maker.getValue() ? args.get(maker.getValue()) : "";
                    if (key.equals("key")
                            && FORWARDING.contains(
                                    JAVA.relativize(file).toString().replace('\\', '/'))) {
                        // a helper that forwards the key its callers write out: those literals are checked below
                        forwarded++;
                    } else if (!key.matches("\"[a-z0-9][a-z0-9.-]*\"")) {
                        unsaid.put(where, "the message key is not written out");
                    } else if (!english.containsKey(unquoted(key)) || !german.containsKey(unquoted(key))) {
                        unsaid.put(where, "the key " + key + " is missing in a bundle");
                    }
                }
            }
        }
        assertThat(made).as("refusals made in the code").isGreaterThan(100);
        assertThat(unsaid).as("refusals a page could not say").isEmpty();
        assertThat(forwarded).as("helpers forwarding a key").isEqualTo(FORWARDING.size() * 2);
        for (String name : FORWARDING) {
            Matcher literal = Pattern.compile("\"(refusal\\.[a-z0-9.-]+)\"").matcher(read(JAVA.resolve(name)));
            int keys = 0;
            while (literal.find()) {
                keys++;
                assertThat(english).as(name).containsKey(literal.group(1));
                assertThat(german).as(name).containsKey(literal.group(1));
            }
            assertThat(keys).as("keys written out in " + name).isGreaterThan(4);
        }
    }

    @Verifies("URS-UI-211")
    @Test
    void aPagesFieldErrorsTakeSentencesOnly() {
        List<String> rejects = Arrays.stream(FieldErrors.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("reject"))
                .map(RefusalsInTheReadersWordsTest::signature)
                .sorted()
                .toList();
        assertThat(rejects)
                .as("the ways a form's field is refused")
                .containsExactly("reject(Refusal, String)", "reject(String, Sentence)");
    }

    @Verifies("URS-UI-211")
    @Test
    void noPageShowsAnExceptionsMessage() {
        Pattern message = Pattern.compile("\\.getMessage\\(\\)|\\.getLocalizedMessage\\(\\)|\\.getReason\\(\\)");
        List<String> shown = new ArrayList<>();
        for (Path file : javaFiles()) {
            String name = JAVA.relativize(file).toString().replace('\\', '/');
            if (!name.startsWith("org/qualigate/ui/") || QUOTING_AN_OUTSIDE_SYSTEM.containsKey(name)) {
                continue;
            }
            Matcher m = message.matcher(read(file));
            while (m.find()) {
                shown.add(name + ": " + m.group());
            }
        }
        assertThat(shown).as("exception messages shown by a page").isEmpty();
        QUOTING_AN_OUTSIDE_SYSTEM
                .keySet()
                .forEach(name -> assertThat(JAVA.resolve(name)).exists());
        assertThat(read(RESOURCES.resolve("templates/forecast.html")))
                .as("the scheduling system's words, marked as English")
                .contains("<span lang=\"en\" th:text=\"${unreadable}\">");
    }

    @Verifies("URS-UI-211")
    @Test
    void aRefusalKeepsTheApisEnglishAndSaysItselfByItsKey() {
        Refusal refusal = Refusal.atMost("title", 200);

        assertThat(refusal.field()).isEqualTo("title");
        assertThat(refusal.reason()).isEqualTo("must be at most 200 characters");
        assertThat(refusal.said()).isEqualTo(Sentence.of("refusal.at-most", 200));
        assertThat(Refusal.required("reason").about("conclusion"))
                .isEqualTo(Refusal.of("conclusion", "is required", "refusal.required"));
    }

    @Verifies("URS-UI-212")
    @Test
    void everyRefusalOfThePlantDefinitionsReaderNamesAKeyOfBothBundles() {
        Properties english = bundle("messages.properties");
        Properties german = bundle("messages_de.properties");
        Map<String, String> unsaid = new TreeMap<>();
        int made = 0;
        for (String name : List.of("PlantDefinitionFile", "StaffingFile", "TrainingMatrixFile")) {
            Path file = JAVA.resolve("org/qualigate/access/internal/" + name + ".java");
            String text = read(file);
            assertThat(text).as(name + " refuses only with a sentence").doesNotContain("new IllegalArgumentException(");
            List<String> keys = new ArrayList<>();
            calls(text, "refused(").forEach(args -> keys.add(args.size() > 1 ? args.get(1) : ""));
            calls(text, "malformed(").forEach(args -> keys.add(args.size() > 2 ? args.get(2) : ""));
            for (String written : keys) {
                if (written.equals("String key")) {
                    continue; // a helper's own declaration
                }
                made++;
                String key = written.matches("\"[a-z0-9-]+\"") ? "refusal.definition." + unquoted(written) : "";
                if (!english.containsKey(key) || !german.containsKey(key)) {
                    unsaid.put(name + ": " + written, "no key in both bundles");
                } else if (english.getProperty(key).equals(german.getProperty(key))
                        && !key.equals("refusal.definition.nested")) {
                    unsaid.put(name + ": " + key, "the German says the English");
                }
            }
        }
        assertThat(made).as("refusals of the plant definition's reader").isGreaterThan(25);
        assertThat(unsaid).as("refusals a page could not say").isEmpty();
    }

    @Verifies("URS-UI-212")
    @Test
    void aDefinitionRefusalIsSaidInGermanWithItsPositionKept() {
        var messages = new org.springframework.context.support.ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        var german = new org.qualigate.text.SentenceWriter(messages, java.util.Locale.GERMAN, SentenceWriter.UTC);
        var english = org.qualigate.text.SentenceWriter.english(messages);
        Sentence said = Sentence.of(
                "refusal.change.content",
                Sentence.of("refusal.definition.site-undefined", "proposed definition role X", "ZRH"));

        assertThat(german.text(said))
                .isEqualTo("Der Inhalt ist nicht gültig: proposed definition role X: Der Standort ZRH ist unter sites"
                        + " nicht definiert");
        assertThat(english.text(said))
                .isEqualTo("The content is not valid: proposed definition role X: site ZRH is not defined under sites");
    }

    private static String signature(Method m) {
        return m.getName()
                + Arrays.stream(m.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    private static String unquoted(String literal) {
        return literal.substring(1, literal.length() - 1);
    }

    /** The arguments of each call starting with {@code start}, split at the commas of its own level. */
    static List<List<String>> calls(String text, String start) {
        List<List<String>> calls = new ArrayList<>();
        int at = text.indexOf(start);
        while (at >= 0) {
            if (at > 0 && Character.isJavaIdentifierPart(text.charAt(at - 1))) {
                at = text.indexOf(start, at + 1);
                continue;
            }
            List<String> args = new ArrayList<>();
            StringBuilder arg = new StringBuilder();
            int depth = 1;
            int i = at + start.length();
            for (; i < text.length() && depth > 0; i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    int end = i + 1;
                    while (text.charAt(end) != '"') {
                        end += text.charAt(end) == '\\' ? 2 : 1;
                    }
                    arg.append(text, i, end + 1);
                    i = end;
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                }
                if (depth == 0 || (depth == 1 && c == ',')) {
                    args.add(arg.toString().strip().replaceAll("\\s+", " "));
                    arg.setLength(0);
                } else {
                    arg.append(c);
                }
            }
            calls.add(args);
            at = text.indexOf(start, i);
        }
        return calls;
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> s = Files.walk(JAVA)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties bundle(String name) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
