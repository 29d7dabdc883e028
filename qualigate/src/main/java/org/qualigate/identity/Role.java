package org.qualigate.identity;

/** The roles a user may hold; {@code SERVICE} marks a named integration account, never a person. */
public enum Role {
    ADMINISTRATOR,
    QA_APPROVER,
    HR_MAPPING_EDITOR,
    PLANT_MANAGER,
    AUDITOR,
    SERVICE;

    /** The role named by text (case-insensitive, with or without Spring's {@code ROLE_} prefix). */
    public static Role of(String text) {
        String name = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (name.startsWith("ROLE_")) {
            name = name.substring(5);
        }
        return Role.valueOf(name);
    }
}
