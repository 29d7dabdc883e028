package org.qualigate.connector;

/**
 * The QMS's CAPA records as escalation writes them: a comment written once under a key the service chooses (a
 * repeat changes nothing), and the CAPA's escalation level. Calls throw {@link TargetException} on failure.
 */
public interface CapaRecords {

    /** Writes the comment on the CAPA under {@code key}; the same key again overwrites the same comment. */
    void comment(String capaRecordId, String key, String text);

    /** Sets the CAPA's escalation level (0 none, 1 the owner's manager, 2 QA leadership). */
    void escalationLevel(String capaRecordId, int level);
}
