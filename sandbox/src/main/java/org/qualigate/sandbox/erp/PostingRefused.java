package org.qualigate.sandbox.erp;

/** A posting the ERP refuses, with the message it answers (the error code and text of SAP's message). */
final class PostingRefused extends Exception {

    private final String code;

    PostingRefused(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
