package org.qualigate.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The user requirements as read from their single source, {@code docs/validation/requirements.md}. */
public final class Requirements {

    /** One requirement row: its ID, text, risk and the area heading it stands under. */
    public record Requirement(String id, String text, String risk, String rationale, String source, String area) {}

    static final Pattern ID = Pattern.compile("URS-[A-Z]{2,4}-\\d{3}");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(URS-[A-Z]{2,4}-\\d{3})\\s*\\|(.*)\\|\\s*$");
    private static final List<String> RISKS = List.of("high", "medium", "low", "withdrawn");

    private final Map<String, Requirement> byId;

    private Requirements(Map<String, Requirement> byId) {
        this.byId = byId;
    }

    /** Reads the catalogue; a malformed row or a repeated ID is an error in the catalogue itself. */
    public static Requirements read(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the requirements catalogue " + markdown, e);
        }
        Map<String, Requirement> byId = new LinkedHashMap<>();
        String area = "";
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("## ")) {
                area = line.substring(3).trim();
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String[] cells = m.group(2).split("\\|", -1);
            String where = markdown.getFileName() + " line " + (n + 1);
            if (cells.length != 4) {
                throw new IllegalStateException(where + ": a requirement row has 5 cells, found " + (cells.length + 1));
            }
            String risk = cells[1].trim();
            if (!RISKS.contains(risk)) {
                throw new IllegalStateException(where + ": risk must be one of " + RISKS + ", found '" + risk + "'");
            }
            Requirement r = new Requirement(m.group(1), cells[0].trim(), risk, cells[2].trim(), cells[3].trim(), area);
            if (byId.putIfAbsent(r.id(), r) != null) {
                throw new IllegalStateException(where + ": " + r.id() + " appears twice");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalStateException(markdown + " holds no requirement rows");
        }
        return new Requirements(byId);
    }

    public List<Requirement> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Requirement> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }
}
