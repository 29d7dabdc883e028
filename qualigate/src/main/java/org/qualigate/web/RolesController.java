package org.qualigate.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.policy.RoleName;
import org.qualigate.report.ComplianceReportJson;
import org.qualigate.report.InspectionPack;
import org.qualigate.report.RoleHolders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/v1/roles/{role}/holders?at=&knownAt=}: who held a role at an instant and why — each holder with
 * the set and evidence that justified it, overrides and deferrals marked, what the targets held, and people held
 * without a basis; and when Qualigate's records begin, and whether the answer's instant of knowledge lies before them
 * (decision 0095). {@code POST …/inspection-packs} exports it as an inspection pack (a zip), recorded in the audit
 * trail with the SHA-256 of each part.
 */
@RestController
class RolesController {

    private final RoleHolders holders;
    private final InspectionPack packs;
    private final Clock clock;
    private final ObjectMapper json;

    RolesController(RoleHolders holders, InspectionPack packs, Clock clock, ObjectMapper json) {
        this.json = json;
        this.holders = holders;
        this.packs = packs;
        this.clock = clock;
    }

    @GetMapping(value = "/api/v1/roles/{role}/holders", produces = MediaType.APPLICATION_JSON_VALUE)
    void holders(
            @PathVariable String role,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after,
            HttpServletResponse response)
            throws IOException {
        RoleHolders.Answer answer = answer(role, at, knownAt, Paging.of(limit, after));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setBufferSize(ReportsController.STREAMED_BUFFER);
        // written holder by holder, each basis as stored: a role of a large site has tens of thousands of holders
        try (JsonGenerator g = json.createGenerator(response.getOutputStream())) {
            write(answer, g);
        }
    }

    @PostMapping("/api/v1/roles/{role}/inspection-packs")
    ResponseEntity<byte[]> pack(
            @PathVariable String role,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt,
            Authentication user) {
        InspectionPack.Pack pack = packs.export(answer(role, at, knownAt, null), "user:" + user.getName());
        return pack.download();
    }

    private RoleHolders.Answer answer(
            String role, @Nullable String at, @Nullable String knownAt, @Nullable Paging paging) {
        RoleName name;
        try {
            name = RoleName.of(role);
        } catch (IllegalArgumentException e) {
            throw new ApiErrors.InvalidParameter("role", "is not a valid role name");
        }
        RoleHolders.Scope scope =
                holders.scope(name).orElseThrow(() -> new ApiErrors.NotFound("no rule gives the role " + role));
        Instant now = clock.instant();
        Instant instant = Instants.at(at, "at", clock);
        Instant known = Instants.knownAt(knownAt, instant, now);
        return paging == null
                ? holders.at(name, scope, instant, known)
                : holders.page(name, scope, instant, known, paging.after(), paging.limit());
    }

    static void write(RoleHolders.Answer a, JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("role", a.role().value());
        g.writeStringProperty("site", a.site());
        if (a.line() != null) {
            g.writeStringProperty("line", a.line());
        }
        g.writeStringProperty("at", a.at().toString());
        g.writeStringProperty("knownAt", a.knownAt().toString());
        ComplianceReportJson.writeRecordsBegin(a.records(), g);
        g.writeStringProperty("rulesVersion", a.rulesVersion());
        g.writeName("counts");
        g.writeStartObject();
        g.writeNumberProperty("holders", a.counts().holders());
        g.writeNumberProperty("justifiedByRules", a.count(RoleHolders.Why.RULES));
        g.writeNumberProperty("override", a.count(RoleHolders.Why.OVERRIDE));
        g.writeNumberProperty("deferral", a.count(RoleHolders.Why.DEFERRAL));
        g.writeNumberProperty("withoutBasis", a.count(RoleHolders.Why.NONE));
        g.writeNumberProperty("heldInTargets", a.counts().heldInTargets());
        g.writeEndObject();
        if (a.next() != null) {
            g.writeStringProperty("next", a.next());
        }
        g.writeName("holders");
        g.writeStartArray();
        for (RoleHolders.Holder h : a.holders()) {
            holder(h, g);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /** One holder: why they held the role, its basis, override or deferral, what the targets held, the audit. */
    private static void holder(RoleHolders.Holder h, JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("employeeId", h.employeeId());
        g.writeStringProperty("name", h.name());
        g.writeStringProperty("status", h.status());
        g.writeStringProperty("why", h.why().name().toLowerCase(Locale.ROOT));
        g.writeBooleanProperty("withoutBasis", h.withoutBasis());
        EntitlementInterval j = h.justification();
        if (j != null) {
            basis(j, g);
        }
        AccessOverride o = h.override();
        if (o != null) {
            g.writeName("override");
            g.writePOJO(o.view());
        }
        Deferral d = h.deferral();
        if (d != null) {
            g.writeName("deferral");
            g.writePOJO(d.view());
        }
        g.writeName("heldInTargets");
        g.writeStartArray();
        for (var t : h.inTargets()) {
            g.writePOJO(PeopleController.heldView(t, h.why().name().toLowerCase(Locale.ROOT)));
        }
        g.writeEndArray();
        g.writeName("auditEntries");
        g.writeStartArray();
        for (Long seq : h.auditEntries()) {
            g.writeNumber(seq);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The rules' justification of a holder: the set, when it held, as known from when, and its evidence. */
    private static void basis(EntitlementInterval j, JsonGenerator g) {
        g.writeName("basis");
        g.writeStartObject();
        g.writeNumberProperty("set", j.set());
        g.writeBooleanProperty("inGrace", j.inGrace());
        g.writeStringProperty("justifiedFrom", j.validFrom().toString());
        if (j.validTo() != null) {
            g.writeStringProperty("justifiedUntil", j.validTo().toString());
        }
        g.writeStringProperty("knownFrom", j.knownFrom().toString());
        g.writeStringProperty("rulesVersion", j.rulesVersion());
        // per requirement: code, minimumLevel, evidence, sourceRecordId, sourceVersion, level, completedAt,
        // expiresAt, inGrace, authority, approvedBy, approvedAt — as the projection stores it
        g.writeName("evidence");
        g.writeRawValue(j.basisJson());
        g.writeEndObject();
    }
}
