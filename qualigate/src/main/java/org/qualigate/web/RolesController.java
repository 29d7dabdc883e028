package org.qualigate.web;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.policy.RoleName;
import org.qualigate.report.InspectionPack;
import org.qualigate.report.RoleHolders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/roles/{role}/holders?at=&knownAt=}: who held a role at an instant and why — each holder with
 * the set and evidence that justified it, overrides and deferrals marked, what the targets held, and people held
 * without a basis. {@code POST …/inspection-packs} exports it as an inspection pack (a zip), recorded in the audit
 * trail with the SHA-256 of each part.
 */
@RestController
class RolesController {

    private final RoleHolders holders;
    private final InspectionPack packs;
    private final Clock clock;

    RolesController(RoleHolders holders, InspectionPack packs, Clock clock) {
        this.holders = holders;
        this.packs = packs;
        this.clock = clock;
    }

    @GetMapping("/api/v1/roles/{role}/holders")
    Map<String, Object> holders(
            @PathVariable String role,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt) {
        return view(answer(role, at, knownAt));
    }

    @PostMapping("/api/v1/roles/{role}/inspection-packs")
    ResponseEntity<byte[]> pack(
            @PathVariable String role,
            @RequestParam(required = false) @Nullable String at,
            @RequestParam(required = false) @Nullable String knownAt,
            Authentication user) {
        InspectionPack.Pack pack = packs.export(answer(role, at, knownAt), "user:" + user.getName());
        return pack.download();
    }

    private RoleHolders.Answer answer(String role, @Nullable String at, @Nullable String knownAt) {
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
        return holders.at(name, scope, instant, Instants.knownAt(knownAt, instant, now));
    }

    static Map<String, Object> view(RoleHolders.Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", a.role().value());
        m.put("site", a.site());
        m.put("line", a.line());
        m.put("at", a.at());
        m.put("knownAt", a.knownAt());
        m.put("rulesVersion", a.rulesVersion());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("holders", a.holders().size());
        counts.put("justifiedByRules", a.count(RoleHolders.Why.RULES));
        counts.put("override", a.count(RoleHolders.Why.OVERRIDE));
        counts.put("deferral", a.count(RoleHolders.Why.DEFERRAL));
        counts.put("withoutBasis", a.count(RoleHolders.Why.NONE));
        counts.put("heldInTargets", a.heldInTargets());
        m.put("counts", counts);
        List<Map<String, Object>> out = new ArrayList<>(a.holders().size());
        for (RoleHolders.Holder h : a.holders()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("employeeId", h.employeeId());
            x.put("name", h.name());
            x.put("status", h.status());
            x.put("why", h.why().name().toLowerCase());
            x.put("withoutBasis", h.withoutBasis());
            EntitlementInterval j = h.justification();
            if (j != null) {
                Map<String, Object> basis = new LinkedHashMap<>();
                basis.put("set", j.set());
                basis.put("inGrace", j.inGrace());
                basis.put("justifiedFrom", j.validFrom());
                basis.put("justifiedUntil", j.validTo());
                basis.put("knownFrom", j.knownFrom());
                basis.put("rulesVersion", j.rulesVersion());
                basis.put("evidence", j.basis());
                x.put("basis", basis);
            }
            AccessOverride o = h.override();
            if (o != null) {
                x.put("override", o.view());
            }
            Deferral d = h.deferral();
            if (d != null) {
                x.put("deferral", d.view());
            }
            x.put(
                    "heldInTargets",
                    h.inTargets().stream()
                            .map(t ->
                                    PeopleController.heldView(t, h.why().name().toLowerCase()))
                            .toList());
            x.put("auditEntries", h.auditEntries());
            out.add(x);
        }
        m.put("holders", out);
        return m;
    }
}
