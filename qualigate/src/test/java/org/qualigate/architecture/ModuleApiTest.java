package org.qualigate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A module's internals are package-private (decision 0044): a top-level type of the service is {@code public} only
 * when another package uses it, so the compiler, not only the module check, keeps the other modules out of it. A
 * package uses a type when one of its source files (main or test) imports it or something inside it, writes its
 * qualified name, or names it under a wildcard import of its package; or when a resource names it by its qualified
 * name (a template's {@code T(…)}, {@code spring.factories}). Comments and string literals do not count. A public
 * type no other package uses fails the test unless {@code public-types.txt} lists it with the reason the framework
 * needs it public; a listed entry that is no longer such a type fails it too, so the list only shrinks. The other
 * Maven modules ({@code sandbox}, {@code bench}) do not depend on the service and are not read.
 */
class ModuleApiTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final List<Path> SOURCES = List.of(MAIN, Path.of("src/test/java"));
    private static final List<Path> RESOURCES = List.of(Path.of("src/main/resources"), Path.of("src/test/resources"));
    private static final Path EXCEPTIONS = Path.of("src/test/resources/public-types.txt");

    /** A top-level declaration starts at the first column in the formatted sources; nested ones are indented. */
    private static final Pattern PUBLIC_TOP_LEVEL = Pattern.compile(
            "^public (?:(?:final|abstract|sealed|non-sealed|strictfp) )*(?:class|interface|record|enum|@interface) "
                    + "(\\w+)",
            Pattern.MULTILINE);

    private static final Pattern PACKAGE = Pattern.compile("\\bpackage ([\\w.]+) ;");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])org\\.qualigate(?:\\.\\w+)+");
    private static final Pattern WILDCARD = Pattern.compile("import (org\\.qualigate[\\w.]*)\\.\\* ;");

    @Test
    void everyPublicTypeIsUsedByAnotherPackageOrListedWithWhyItStaysPublic() {
        Set<String> publicTypes = publicTypes();
        Map<String, String> sources = new TreeMap<>();
        SOURCES.forEach(root -> files(root, ".java").forEach(file -> sources.put(file.toString(), read(file))));
        List<String> resources = RESOURCES.stream()
                .flatMap(root -> files(root, "").stream())
                .filter(file -> !file.equals(EXCEPTIONS)) // names the types it lists, uses none
                .map(ModuleApiTest::read)
                .toList();
        Set<String> unused = new TreeSet<>(publicTypes);
        unused.removeAll(usedOutsideTheirPackage(publicTypes, sources.values(), resources));
        Map<String, String> listed = SizeLimitsTest.exceptions("public-types.txt", read(EXCEPTIONS));

        assertThat(unused.stream().filter(type -> !listed.containsKey(type)).toList())
                .as("public types no other package uses (make them package-private: they are the module's internals)")
                .isEmpty();
        assertThat(listed.keySet().stream()
                        .filter(type -> !unused.contains(type))
                        .toList())
                .as("entries of public-types.txt that are not public or are used by another package now (remove them)")
                .isEmpty();
    }

    @Test
    void aTypeIsUsedThroughAnImportAQualifiedNameOrAWildcardImportButNotFromItsOwnPackageOrAComment() {
        Set<String> types = Set.of(
                "org.qualigate.a.Imported",
                "org.qualigate.a.Nested",
                "org.qualigate.a.Qualified",
                "org.qualigate.a.Wildcard",
                "org.qualigate.a.SamePackage",
                "org.qualigate.a.InAComment",
                "org.qualigate.a.InAString",
                "org.qualigate.a.InATemplate",
                "org.qualigate.a.NotUsed");
        String other = """
                package org.qualigate.b;

                import org.qualigate.a.Imported;
                import static org.qualigate.a.Nested.Inner.VALUE;
                import org.qualigate.a.*;

                // InAComment, org.qualigate.a.InAComment
                class User {
                    org.qualigate.a.Qualified q;
                    Wildcard w;
                    String s = "org.qualigate.a.InAString";
                }
                """;
        String same = """
                package org.qualigate.a;

                class Neighbour {
                    SamePackage p;
                }
                """;
        String template = "<span th:text=\"${T(org.qualigate.a.InATemplate.Kind).ONE}\"></span>";

        assertThat(usedOutsideTheirPackage(types, List.of(other, same), List.of(template)))
                .containsExactlyInAnyOrder(
                        "org.qualigate.a.Imported",
                        "org.qualigate.a.Nested",
                        "org.qualigate.a.Qualified",
                        "org.qualigate.a.Wildcard",
                        "org.qualigate.a.InATemplate");
    }

    /** The types (qualified names) that a source of another package or a resource uses. */
    static Set<String> usedOutsideTheirPackage(
            Set<String> types, Iterable<String> sources, Iterable<String> resources) {
        Set<String> used = new HashSet<>();
        for (String source : sources) {
            List<String> tokens = SourceOutline.tokensOf(source);
            String code = String.join(" ", tokens).replace(" . ", ".");
            Matcher declared = PACKAGE.matcher(code);
            String own = declared.find() ? declared.group(1) : "";
            used.addAll(named(types, code, own));
            Matcher wildcard = WILDCARD.matcher(code);
            Set<String> names = new HashSet<>(tokens);
            while (wildcard.find()) {
                String imported = wildcard.group(1);
                if (!imported.equals(own)) {
                    types.stream()
                            .filter(type -> packageOf(type).equals(imported) && names.contains(simpleName(type)))
                            .forEach(used::add);
                }
            }
        }
        for (String resource : resources) {
            used.addAll(named(types, resource, ""));
        }
        return used;
    }

    /** The types that a qualified name in the text starts with, other than those of the package {@code own}. */
    private static Set<String> named(Set<String> types, String text, String own) {
        Set<String> named = new HashSet<>();
        Matcher qualified = QUALIFIED.matcher(text);
        while (qualified.find()) {
            String name = qualified.group();
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                String prefix = name.substring(0, dot);
                if (types.contains(prefix) && !packageOf(prefix).equals(own)) {
                    named.add(prefix);
                }
            }
            if (types.contains(name) && !packageOf(name).equals(own)) {
                named.add(name);
            }
        }
        return named;
    }

    /** The service's public top-level types, by qualified name. */
    private static Set<String> publicTypes() {
        Set<String> types = new TreeSet<>();
        for (Path file : files(MAIN, ".java")) {
            Matcher declared = PUBLIC_TOP_LEVEL.matcher(read(file));
            String path = MAIN.relativize(file).toString().replace('\\', '/');
            String pkg = path.substring(0, path.lastIndexOf('/')).replace('/', '.');
            while (declared.find()) {
                types.add(pkg + "." + declared.group(1));
            }
        }
        return types;
    }

    private static String packageOf(String type) {
        return type.substring(0, type.lastIndexOf('.'));
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static List<Path> files(Path root, String suffix) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read as ISO-8859-1, which decodes any byte: resources include binary files, and names are ASCII. */
    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
