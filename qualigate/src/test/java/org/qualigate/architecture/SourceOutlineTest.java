package org.qualigate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.architecture.SourceOutline.Method;

class SourceOutlineTest {

    private static final Path FIXTURE = Path.of("src/test/resources/size-limits/OutlineFixture.java.txt");

    @Test
    void measuresEachMethodFromItsNameToItsClosingBraceCountingLambdasAndAnonymousClassesOnceInTheirMethod()
            throws IOException {
        List<Method> methods = SourceOutline.methodsOf(Files.readString(FIXTURE, StandardCharsets.UTF_8));

        assertThat(methods)
                .containsExactly(
                        new Method("lambda in inField", 13, 15),
                        new Method("anonymous$.get", 18, 20),
                        new Method("static{}", 23, 25),
                        new Method("OutlineFixture", 27, 29),
                        new Method("withLambda", 32, 45),
                        new Method("generic", 47, 53),
                        new Method("Colour.RED.paint", 58, 60),
                        new Method("Colour.paint", 64, 66),
                        new Method("Range.Range", 70, 72),
                        new Method("Shape.describe", 78, 80));
        assertThat(methods.get(4).lines()).isEqualTo(14);
    }

    @Test
    void bracesInsideTextBlocksStringsCharactersAndCommentsDoNotOpenOrCloseAnything() {
        String source = """
                class A {
                    /* } */ String s = "}"; char c = '}'; // }
                    String t = \"""
                        }
                        \""";
                    void m() {
                        String u = "\\"}";
                    }
                }
                """;

        assertThat(SourceOutline.methodsOf(source)).containsExactly(new Method("m", 6, 8));
    }
}
