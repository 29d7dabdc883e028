package org.qualigate.report;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditEntry;
import org.qualigate.change.ChangeSet;
import org.qualigate.change.ChangeSets;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Signature;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The electronic signatures on the records an export or report shows (21 CFR 11.50, 11.70): the change sets
 * its audit entries concern or were caused by, or the change sets approved in its period, each signature
 * with printed name, date and time with the signer's zone, and meaning.
 */
@Component
public class RecordSignatures {

    private static final Pattern CAUSED_BY = Pattern.compile("change set (\\d+) v\\d+ approved");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private final ChangeSets changeSets;

    RecordSignatures(ChangeSets changeSets) {
        this.changeSets = changeSets;
    }

    /** One signature with the change set it signs. */
    public record Signed(long changeSet, String title, Signature signature) {

        /** "Change set 12 “title”: APPROVED by Quinn Approver (qa-approver), 2026-11-26 15:05:03 +01:00 Europe/Zurich". */
        public String line() {
            return "Change set " + changeSet + " “" + title + "”: " + phrase(signature);
        }

        /** A map on purpose: it flattens the signature's own view, which stays a map (its bytes are hashed). */
        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("changeSet", changeSet);
            m.put("title", title);
            m.putAll(ElectronicSignatures.view(signature));
            return m;
        }
    }

    /** "APPROVED by Quinn Approver (qa-approver), 2026-11-26 15:05:03 +01:00 Europe/Zurich". */
    public static String phrase(Signature s) {
        return s.meaning() + " by " + s.printedName() + " (" + s.signerUsername() + "), "
                + WHEN.format(s.signedAt().atZone(s.signerZone())) + " "
                + s.signerZone().getId()
                + (s.reason() == null || s.reason().isBlank() ? "" : ": " + s.reason());
    }

    /** The change set an audit entry concerns or was caused by, if any. */
    public static @Nullable Long changeSetOf(AuditEntry e) {
        if (e.entityType().equals("change-set")) {
            try {
                return Long.parseLong(e.entityId());
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        JsonNode v = e.newValue();
        if (v != null && v.path("changeSet").isNumber()) {
            return v.path("changeSet").asLong();
        }
        Matcher m = CAUSED_BY.matcher(e.reason() == null ? "" : e.reason());
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    /** The signatures of every change set the entries concern or were caused by, in the entries' order. */
    public List<Signed> of(List<AuditEntry> entries) {
        Set<Long> ids = new LinkedHashSet<>();
        for (AuditEntry e : entries) {
            Long id = changeSetOf(e);
            if (id != null) {
                ids.add(id);
            }
        }
        return signaturesOf(ids);
    }

    /** The signatures of the change sets approved in [from, to). */
    public List<Signed> approvedBetween(Instant from, Instant to) {
        Set<Long> ids = new LinkedHashSet<>();
        for (ChangeSet c : changeSets.list(ChangeSet.State.APPROVED, null).reversed()) {
            if (c.decidedAt() != null
                    && !c.decidedAt().isBefore(from)
                    && c.decidedAt().isBefore(to)) {
                ids.add(c.id());
            }
        }
        return signaturesOf(ids);
    }

    /** The signatures on one change set. */
    public List<Signed> ofChangeSet(long id) {
        return signaturesOf(Set.of(id));
    }

    private List<Signed> signaturesOf(Set<Long> ids) {
        List<Signed> out = new ArrayList<>();
        for (long id : ids) {
            String title = changeSets.find(id).map(ChangeSet::title).orElse("");
            changeSets.signaturesOf(id).forEach(s -> out.add(new Signed(id, title, s)));
        }
        return out;
    }
}
