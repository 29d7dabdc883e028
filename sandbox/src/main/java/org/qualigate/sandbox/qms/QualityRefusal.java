package org.qualigate.sandbox.qms;

import java.util.List;

/** A write the QMS refuses, with Salesforce's error code and the fields concerned. */
public final class QualityRefusal extends Exception {

    private final int status;
    private final String code;
    private final List<String> fields;

    QualityRefusal(int status, String code, String message, List<String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    QualityRefusal(String code, String message, String... fields) {
        this(400, code, message, List.of(fields));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> fields() {
        return fields;
    }
}
