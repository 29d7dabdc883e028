package org.qualigate.access;

import java.util.List;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.RoleDecision;

/** Why a person had or lacked a role at an instant, with the evidence behind each requirement. */
public record Explanation(
        Person person,
        List<Qualification> qualifications,
        RoleDecision decision,
        boolean active,
        String rulesVersion) {}
