package org.qualigate.access;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an override's signatures are bound to: for the grant (what, for whom, when, by whom, why), and for an early
 * end the grant with its end. The content is fixed once signed, so a later reading of the override shows the same.
 */
final class OverrideRecords {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private OverrideRecords() {}

    static SignedRecord grant(AccessOverride o) {
        return new SignedRecord(Overrides.RECORD_TYPE, o.id().toString(), JSON.writeValueAsString(grantContent(o)));
    }

    static SignedRecord end(AccessOverride o) {
        Map<String, Object> m = grantContent(o);
        m.put("status", o.status().name());
        m.put("endedAt", o.endedAt() == null ? null : o.endedAt().toString());
        m.put("endedBy", o.endedBy());
        m.put("endReason", o.endReason());
        return new SignedRecord(Overrides.RECORD_TYPE, o.id().toString(), JSON.writeValueAsString(m));
    }

    /** A map on purpose: it is the override's signed content, whose bytes are hashed. */
    private static Map<String, Object> grantContent(AccessOverride o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id().toString());
        m.put("employeeId", o.employeeId().value());
        m.put("role", o.role().value());
        m.put("target", o.target());
        m.put("startsAt", o.startsAt().toString());
        m.put("endsAt", o.endsAt().toString());
        m.put("grantedBy", o.grantedBy());
        m.put("reason", o.reason());
        return m;
    }

    static SignatureRequest withMeaning(SignatureRequest r, Meaning meaning) {
        return new SignatureRequest(r.caller(), r.userId(), r.password(), meaning, r.reason(), r.continuingSession());
    }
}
