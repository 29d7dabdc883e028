package org.qualigate.change;

/** What a change set edits. */
public enum ChangeKind {
    /** The whole plant definition (sites, qualifications, roles and their requirement sets), as YAML. */
    RULES,
    /** Run-time dictionary mappings to add: {@code {"mappings": [{"system", "sourceCode", "code"}]}}. */
    DICTIONARY,
    /** Run-time parameters: {@code {"parameters": {"name": "value"}}}, names from {@link Parameters}. */
    PARAMETERS
}
