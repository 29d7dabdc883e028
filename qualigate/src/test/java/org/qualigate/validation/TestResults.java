package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Last results of test methods, read from Surefire and Failsafe XML reports. */
public final class TestResults {

    /** The outcome of one test method (all its invocations, for parameterised and property tests). */
    public enum Result {
        PASSED,
        FAILED,
        SKIPPED,
        NOT_RUN;

        public String label() {
            return name().toLowerCase().replace('_', ' ');
        }

        Result and(Result other) {
            if (this == FAILED || other == FAILED) {
                return FAILED;
            }
            if (this == PASSED || other == PASSED) {
                return PASSED;
            }
            return this == SKIPPED || other == SKIPPED ? SKIPPED : NOT_RUN;
        }
    }

    private final Map<String, Result> byMethod = new HashMap<>();

    /** Reads every {@code TEST-*.xml} in the given report folders; a missing folder means nothing ran there. */
    public static TestResults read(List<Path> reportFolders) {
        TestResults results = new TestResults();
        for (Path folder : reportFolders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                        .toList()) {
                    results.readReport(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return results;
    }

    /** A result recorded directly, as the OQ runner does from the JUnit launcher. */
    public void record(String className, String method, Result result) {
        byMethod.merge(key(className, method), result, Result::and);
        int nested = className.indexOf('$');
        if (nested > 0) {
            byMethod.merge(key(className.substring(0, nested), method), result, Result::and);
        }
    }

    public Result of(String className, String method) {
        return byMethod.getOrDefault(key(className, method), Result.NOT_RUN);
    }

    private void readReport(Path file) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder().parse(file.toFile());
            NodeList cases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String name = c.getAttribute("name");
                int cut = name.length();
                for (char stop : new char[] {'(', '[', ' '}) {
                    int at = name.indexOf(stop);
                    if (at > 0) {
                        cut = Math.min(cut, at);
                    }
                }
                record(c.getAttribute("classname"), name.substring(0, cut), resultOf(c));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read test report " + file, e);
        }
    }

    private static Result resultOf(Element testcase) {
        if (testcase.getElementsByTagName("failure").getLength() > 0
                || testcase.getElementsByTagName("error").getLength() > 0) {
            return Result.FAILED;
        }
        if (testcase.getElementsByTagName("skipped").getLength() > 0) {
            return Result.SKIPPED;
        }
        return Result.PASSED;
    }

    private static String key(String className, String method) {
        return className + "#" + method;
    }
}
