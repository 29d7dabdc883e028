package org.qualigate.intake;

/** Why an authentic event cannot be used: the offending field and the reason, and whether it is parked for review. */
record InvalidEvent(String field, String reason, boolean parked) {

    static InvalidEvent malformed(String field, String reason) {
        return new InvalidEvent(field, reason, false);
    }

    static InvalidEvent unprocessable(String field, String reason) {
        return new InvalidEvent(field, reason, true);
    }
}
