package org.qualigate.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The methods of one Java source file with the lines each spans, from the line holding its name to the line of its
 * closing brace (decision 0052). The file is read as tokens, with comments, string and character literals and text
 * blocks left out, so a brace inside them never counts. A lambda or an anonymous class inside a method is part of
 * that method's lines and is not measured again; one in a field's initialiser is measured on its own (a block
 * lambda as {@code lambda in <field>}, an anonymous class's methods as methods of {@code <field>$}). Constructors,
 * a record's compact constructor and initialiser blocks ({@code static{}}, {@code {}}) count as methods.
 */
final class SourceOutline {

    /** A method, by its name qualified with the nested types it sits in, and the lines it spans. */
    record Method(String name, int firstLine, int lastLine) {
        int lines() {
            return lastLine - firstLine + 1;
        }
    }

    private record Token(String text, int line) {}

    private enum Kind {
        TYPE,
        ENUM_CONSTANTS,
        METHOD,
        FIELD_BLOCK,
        BLOCK
    }

    /** One open brace: what it opened, and for a type the names it gives its members. */
    private record Frame(Kind kind, String prefix, String name, int firstLine) {}

    private final List<Token> tokens;
    private final Deque<Frame> open = new ArrayDeque<>();
    private final List<Method> methods = new ArrayList<>();
    /** Index of the first token of the declaration being read at a type's level (after the last ; { or }). */
    private int headerStart;

    private SourceOutline(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The methods of the source text, in the order their bodies close. */
    static List<Method> methodsOf(String source) {
        SourceOutline outline = new SourceOutline(tokenize(source));
        outline.read();
        return List.copyOf(outline.methods);
    }

    /** The tokens of the source text, comments, string and character literals and text blocks left out. */
    static List<String> tokensOf(String source) {
        return tokenize(source).stream().map(Token::text).toList();
    }

    private void read() {
        for (int i = 0; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            switch (text) {
                case "{" -> opened(i);
                case "}" -> closed(i);
                case ";" -> {
                    if (!insideMethod() && !open.isEmpty() && open.peek().kind() == Kind.ENUM_CONSTANTS) {
                        Frame constants = open.pop();
                        open.push(new Frame(Kind.TYPE, constants.prefix(), constants.name(), constants.firstLine()));
                    }
                    headerStart = i + 1;
                }
                case "," -> {
                    if (!open.isEmpty() && open.peek().kind() == Kind.ENUM_CONSTANTS && depthInHeader(i) == 0) {
                        headerStart = i + 1;
                    }
                }
                default -> {}
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException("unbalanced braces: " + open.size() + " left open");
        }
    }

    private void opened(int at) {
        int line = tokens.get(at).line();
        if (insideMethod()) {
            open.push(new Frame(Kind.BLOCK, "", "", line));
        } else if (open.isEmpty() || open.peek().kind() == Kind.TYPE) {
            openedAtTypeLevel(at, line);
        } else if (open.peek().kind() == Kind.ENUM_CONSTANTS) {
            String constant = tokens.get(headerStart).text();
            open.push(new Frame(Kind.TYPE, open.peek().prefix() + constant + ".", constant, line));
        } else {
            openedInFieldInitialiser(at, line, open.peek().prefix(), open.peek().name());
        }
        if (open.peek().kind() != Kind.FIELD_BLOCK) {
            headerStart = at + 1; // a field's initialiser goes on to its ;
        }
    }

    private void openedAtTypeLevel(int at, int line) {
        List<Token> header = tokens.subList(headerStart, at);
        String prefix = open.isEmpty() ? "" : open.peek().prefix();
        int typeKeyword = typeKeyword(header);
        if (depthInHeader(at) > 0 || (typeKeyword < 0 && hasTopLevel(header, "="))) {
            openedInFieldInitialiser(at, line, prefix, fieldName(header));
        } else if (typeKeyword >= 0) {
            String name = header.get(typeKeyword + 1).text();
            boolean isEnum = header.get(typeKeyword).text().equals("enum");
            String nested = open.isEmpty() ? "" : prefix + name + ".";
            open.push(new Frame(isEnum ? Kind.ENUM_CONSTANTS : Kind.TYPE, nested, name, line));
        } else if (header.isEmpty()
                || (header.size() == 1 && header.get(0).text().equals("static"))) {
            String name = header.isEmpty() ? "{}" : "static{}";
            open.push(new Frame(Kind.METHOD, prefix, name, line));
        } else {
            int nameAt = methodNameIndex(header);
            Token name = header.get(nameAt);
            open.push(new Frame(Kind.METHOD, prefix, name.text(), name.line()));
        }
    }

    /** Inside a field's initialiser, an anonymous class's body or a block lambda holds measured code. */
    private void openedInFieldInitialiser(int at, int line, String prefix, String field) {
        Token before = tokens.get(at - 1);
        if (before.text().equals("->")) {
            open.push(new Frame(Kind.METHOD, prefix, "lambda in " + field, line));
        } else if (before.text().equals(")") && followsNew(at - 1)) {
            open.push(new Frame(Kind.TYPE, prefix + field + "$.", field, line));
        } else {
            open.push(new Frame(Kind.FIELD_BLOCK, prefix, field, line));
        }
    }

    private void closed(int at) {
        Frame frame = open.pop();
        if (frame.kind() == Kind.METHOD) {
            methods.add(new Method(
                    frame.prefix() + frame.name(),
                    frame.firstLine(),
                    tokens.get(at).line()));
        }
        if (frame.kind() != Kind.FIELD_BLOCK) {
            headerStart = at + 1;
        }
    }

    private boolean insideMethod() {
        return open.stream().anyMatch(frame -> frame.kind() == Kind.METHOD);
    }

    /** Parentheses still open at {@code at}, counted from the start of the declaration being read. */
    private int depthInHeader(int at) {
        int depth = 0;
        for (int i = headerStart; i < at; i++) {
            String text = tokens.get(i).text();
            if (text.equals("(")) {
                depth++;
            } else if (text.equals(")")) {
                depth--;
            }
        }
        return depth;
    }

    /** Whether the {@code )} at {@code close} ends the arguments of {@code new Type(…)}. */
    private boolean followsNew(int close) {
        int depth = 0;
        int i = close;
        for (; i >= 0; i--) {
            String text = tokens.get(i).text();
            if (text.equals(")")) {
                depth++;
            } else if (text.equals("(") && --depth == 0) {
                break;
            }
        }
        for (i--; i >= 0; i--) {
            String text = tokens.get(i).text();
            if (text.equals("new")) {
                return true;
            }
            if (!(isIdentifier(text)
                    || text.equals(".")
                    || text.equals("<")
                    || text.equals(">")
                    || text.equals(",")
                    || text.equals("?"))) {
                return false;
            }
        }
        return false;
    }

    /** The index of {@code class}, {@code interface}, {@code enum} or {@code record} declaring a type, or -1. */
    private static int typeKeyword(List<Token> header) {
        for (int i = 0; i + 1 < header.size(); i++) {
            String text = header.get(i).text();
            boolean afterDot = i > 0 && header.get(i - 1).text().equals(".");
            boolean keyword = text.equals("class") || text.equals("interface") || text.equals("enum");
            boolean record =
                    text.equals("record") && isIdentifier(header.get(i + 1).text());
            if (!afterDot
                    && (keyword || record)
                    && isIdentifier(header.get(i + 1).text())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasTopLevel(List<Token> header, String wanted) {
        int depth = 0;
        for (Token token : header) {
            switch (token.text()) {
                case "(" -> depth++;
                case ")" -> depth--;
                default -> {
                    if (depth == 0 && token.text().equals(wanted)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String fieldName(List<Token> header) {
        int depth = 0;
        for (int i = 0; i < header.size(); i++) {
            String text = header.get(i).text();
            if (text.equals("(")) {
                depth++;
            } else if (text.equals(")")) {
                depth--;
            } else if (depth == 0 && text.equals("=") && i > 0) {
                return header.get(i - 1).text();
            }
        }
        return "annotation";
    }

    /** The identifier before the last parenthesis opened at the declaration's own level (its parameters). */
    private static int methodNameIndex(List<Token> header) {
        int depth = 0;
        int nameAt = header.size() - 1;
        for (int i = 0; i < header.size(); i++) {
            String text = header.get(i).text();
            if (text.equals("(")) {
                if (depth == 0 && i > 0) {
                    nameAt = i - 1;
                }
                depth++;
            } else if (text.equals(")")) {
                depth--;
            }
        }
        if (!header.stream().anyMatch(token -> token.text().equals("("))) {
            nameAt = header.size() - 1; // a record's compact constructor: modifiers and its name
        }
        return nameAt;
    }

    private static boolean isIdentifier(String text) {
        return !text.isEmpty() && Character.isJavaIdentifierStart(text.charAt(0));
    }

    /** Words and single punctuation marks with their lines; {@code ->} is one token. */
    private static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += newlines(source, i, end);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = endOfTextBlock(source, i + 3);
                line += newlines(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                i = endOfQuoted(source, i + 1, c);
            } else if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(source.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(source.substring(start, i), line));
            } else if (source.startsWith("->", i)) {
                tokens.add(new Token("->", line));
                i += 2;
            } else {
                tokens.add(new Token(String.valueOf(c), line));
                i++;
            }
        }
        return tokens;
    }

    private static int endOfTextBlock(String source, int from) {
        int i = from;
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith("\"\"\"", i)) {
                return i + 3;
            } else {
                i++;
            }
        }
        return source.length();
    }

    private static int endOfQuoted(String source, int from, char quote) {
        int i = from;
        while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, source.length());
    }

    private static int newlines(String source, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
