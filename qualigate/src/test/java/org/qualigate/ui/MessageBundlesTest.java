package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The message bundles and their users agree (decision 0041): every key a template ({@code #{key}}) or Java code
 * ({@code getMessage("key"}) uses is defined in English and German, a key built from a prefix
 * ({@code #{${'role.' + …}}}) has its prefix's keys, no key is defined that nothing uses, every pattern with
 * arguments is a valid {@link MessageFormat}, and the pages hold no text of their own outside the bundles except
 * in the templates listed as not yet translated.
 */
class MessageBundlesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path TEMPLATES = RESOURCES.resolve("templates");
    private static final Path JAVA = Path.of("src/main/java");
    /** The first parts of the keys of sentences Java code makes. */
    private static final String SENTENCES =
            "format|problem|mail|trace|refusal|health|rh|sign|ar|as-of|people|dashboard|form|reports";

    /** The templates whose words are still written in the template, in English only (README, not built yet). */
    static final Set<String> NOT_YET_TRANSLATED = Set.of();

    private static final Pattern KEY_IN_TEMPLATE = Pattern.compile("#\\{([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern PREFIX_IN_TEMPLATE = Pattern.compile("#\\{\\$\\{'([A-Za-z0-9._-]+\\.)'");
    /**
     * A key Java code resolves: given to getMessage, or a string naming a key of the formats, problem pages, e-mails
     * or the sentences made in Java (decision 0047: {@code Sentence.of("trace.story.granted", …)}, a refusal's or a
     * health reason's key).
     */
    private static final Pattern KEY_IN_JAVA = Pattern.compile(
            "getMessage\\(\\s*\"([A-Za-z0-9._-]+)\"|\"((?:" + SENTENCES + ")\\.[A-Za-z0-9._-]*[A-Za-z0-9_-])\"");
    /** A key Java code builds from a prefix and a value ({@code Sentence.of("rh.cause." + cause)}). */
    private static final Pattern PREFIX_IN_JAVA =
            Pattern.compile("\"((?:" + SENTENCES + ")\\.[A-Za-z0-9._-]*\\.)\"\\s*\\+");

    @Verifies("URS-UI-131")
    @Test
    void everyKeyUsedIsDefinedInEnglishAndGermanAndEveryKeyDefinedIsUsed() {
        Properties english = bundle("messages.properties");
        Properties german = bundle("messages_de.properties");
        Set<String> used = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        for (Path file : files(TEMPLATES)) {
            String text = read(file);
            KEY_IN_TEMPLATE.matcher(text).results().forEach(m -> used.add(m.group(1)));
            PREFIX_IN_TEMPLATE.matcher(text).results().forEach(m -> prefixes.add(m.group(1)));
        }
        for (Path file : files(JAVA)) {
            String text = read(file);
            KEY_IN_JAVA.matcher(text).results().forEach(m -> used.add(m.group(1) != null ? m.group(1) : m.group(2)));
            PREFIX_IN_JAVA.matcher(text).results().forEach(m -> prefixes.add(m.group(1)));
        }
        assertThat(used).as("keys used by templates and Java code").hasSizeGreaterThan(100);

        assertThat(used.stream().filter(k -> !english.containsKey(k)))
                .as("keys used but missing in messages.properties")
                .isEmpty();
        assertThat(used.stream().filter(k -> !german.containsKey(k)))
                .as("keys used but missing in messages_de.properties")
                .isEmpty();
        assertThat(german.stringPropertyNames())
                .as("German keys equal the English keys")
                .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        for (String prefix : prefixes) {
            assertThat(english.stringPropertyNames())
                    .as("keys under the prefix " + prefix)
                    .anyMatch(k -> k.startsWith(prefix));
        }
        assertThat(new TreeSet<>(english.stringPropertyNames())
                        .stream()
                                .filter(k ->
                                        !used.contains(k) && prefixes.stream().noneMatch(k::startsWith)))
                .as("keys defined but used by no template or Java code")
                .isEmpty();
    }

    @Verifies("URS-UI-131")
    @Test
    void everyMessageWithArgumentsIsAValidPatternInBothLanguages() {
        for (String name : new String[] {"messages.properties", "messages_de.properties"}) {
            Locale locale = name.contains("_de") ? Locale.GERMAN : Locale.ENGLISH;
            Properties bundle = bundle(name);
            for (String key : bundle.stringPropertyNames()) {
                String pattern = bundle.getProperty(key);
                if (pattern.contains("{0")) {
                    String formatted;
                    try {
                        MessageFormat format = new MessageFormat(pattern, locale);
                        java.text.Format[] byIndex = format.getFormatsByArgumentIndex();
                        Object[] arguments = new Object[byIndex.length];
                        for (int i = 0; i < byIndex.length; i++) {
                            arguments[i] = byIndex[i] instanceof java.text.NumberFormat ? (Object) (i + 1) : "x";
                        }
                        formatted = format.format(arguments);
                    } catch (IllegalArgumentException e) {
                        throw new AssertionError(name + " " + key + ": " + e.getMessage(), e);
                    }
                    assertThat(formatted)
                            .as(name + " " + key)
                            .doesNotContain("{0")
                            .doesNotContain("{1");
                }
            }
        }
    }

    @Verifies("URS-UI-131")
    @Test
    void thePagesHoldNoWordsOutsideTheBundlesButInTheTemplatesListedAsNotYetTranslated() {
        Map<String, String> withWords = new TreeMap<>();
        for (Path file : files(TEMPLATES)) {
            String name = TEMPLATES.relativize(file).toString();
            literalText(read(file)).ifPresent(words -> withWords.put(name, words));
        }
        Map<String, String> unexpected = new LinkedHashMap<>(withWords);
        unexpected.keySet().removeAll(NOT_YET_TRANSLATED);
        assertThat(unexpected).as("templates with words of their own").isEmpty();
        assertThat(new TreeSet<>(NOT_YET_TRANSLATED).stream().filter(t -> !withWords.containsKey(t)))
                .as("templates listed as not yet translated that no longer hold words of their own")
                .isEmpty();
    }

    /**
     * A form's refusal may be a sentence (a key and its arguments) rather than text: shown without the reader's
     * words it would print as {@code Sentence[key=…]}, so every element showing an error goes through them.
     */
    @Test
    void everyRefusalShownOnAPageIsSaidInTheReadersWords() {
        java.util.regex.Pattern errorText =
                java.util.regex.Pattern.compile("class=\"error\"[^>]*th:(?:u)?text=\"([^\"]*)\"");
        java.util.List<String> raw = new java.util.ArrayList<>();
        for (Path file : files(TEMPLATES)) {
            java.util.regex.Matcher m = errorText.matcher(read(file));
            while (m.find()) {
                String shown = m.group(1);
                if (!shown.contains("@readable.say") && !shown.startsWith("#{")) {
                    raw.add(TEMPLATES.relativize(file) + ": " + shown);
                }
            }
        }
        assertThat(raw).as("errors shown without the reader's words").isEmpty();
    }

    private static final Set<String> VOID = Set.of(
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
            "line",
            "circle",
            "rect",
            "polyline",
            "path",
            "polygon",
            "use",
            "ellipse");
    private static final Pattern TOKEN = Pattern.compile(
            "<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>|([^<]+)",
            Pattern.DOTALL);

    /**
     * The first words of a template shown as they are written: text (with a letter in it) not inside an element
     * whose content a {@code th:text}, {@code th:utext}, {@code th:replace} or {@code th:insert} replaces.
     * Thymeleaf's text-mode templates (mails) count as words when they have any letter outside {@code [(…)]}.
     */
    static java.util.Optional<String> literalText(String template) {
        if (!template.contains("<html") && !template.contains("<!DOCTYPE")) {
            String outside = template.replaceAll("\\[\\(.*?\\)\\]|\\[#[^\\]]*\\]|\\[/\\]", "");
            return outside.matches("(?s).*\\p{L}{2,}.*")
                    ? java.util.Optional.of(outside.strip())
                    : java.util.Optional.empty();
        }
        Deque<Boolean> replaced = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        Matcher m = TOKEN.matcher(template);
        while (m.find()) {
            if (m.group(5) != null) {
                String text = m.group(5).strip();
                boolean inside = replaced.stream().anyMatch(b -> b);
                // code, field and parameter names are the same in every language
                boolean code = names.contains("script") || names.contains("style") || names.contains("code");
                // a word has a lower-case letter: JSON, CSV, PDF and SHA-256 are the same in every language
                if (!inside
                        && !code
                        && text.matches("(?s).*\\p{L}*\\p{Ll}\\p{L}*.*")
                        && !text.matches("(?s)Qualigate")) {
                    return java.util.Optional.of(text);
                }
            } else if (m.group(2) != null) {
                String name = m.group(2).toLowerCase(Locale.ROOT);
                boolean closing = !m.group(1).isEmpty();
                boolean selfClosing = !m.group(4).isEmpty() || VOID.contains(name);
                if (closing) {
                    while (!names.isEmpty()) {
                        replaced.pop();
                        if (names.pop().equals(name)) {
                            break;
                        }
                    }
                } else if (!selfClosing) {
                    names.push(name);
                    // a page's <html th:replace="~{layout :: page(…, ~{::section})}"> shows its own section
                    replaced.push(
                            !name.equals("html") && m.group(3).matches("(?s).*\\sth:(text|utext|replace|insert)=.*"));
                }
            }
        }
        return java.util.Optional.empty();
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

    private static java.util.List<Path> files(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
