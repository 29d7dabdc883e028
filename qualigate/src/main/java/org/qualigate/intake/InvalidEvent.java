package org.qualigate.intake;

/** Why an authentic event cannot be used: the offending field and the reason, and whether it is parked for review. */
record InvalidEvent(String field, String reason, boolean parked, boolean drifted) {

    static InvalidEvent malformed(String field, String reason) {
        return new InvalidEvent(field, reason, false, false);
    }

    static InvalidEvent drifted(String field, String difference) {
        return new InvalidEvent(field, difference, false, true);
    }

    static InvalidEvent unprocessable(String field, String reason) {
        return new InvalidEvent(field, reason, true, false);
    }
}
