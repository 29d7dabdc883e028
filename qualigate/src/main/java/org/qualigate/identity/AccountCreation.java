package org.qualigate.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A new account written with its first password in the history and its audit entry, whoever creates it. */
@Component
class AccountCreation {

    private final AccountStore accounts;
    private final AuditTrail audit;
    private final Clock clock;

    AccountCreation(AccountStore accounts, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a configured user if no account has its name; true when it was created. */
    @Transactional
    boolean bootstrap(BootstrapUsers.Entry entry) {
        if (accounts.find(entry.username()).isPresent()) {
            return false;
        }
        // The configured value is already an encoded hash; it never expires by age (configuration owns it).
        return insert(entry.newUser(), entry.password(), "CONFIGURATION", "system", clock.instant(), null, null)
                .isPresent();
    }

    /**
     * Inserts the account and audits it; empty when the name is taken. The unique index decides, so two
     * creations of one name at the same moment give one account and one refusal, never an error.
     */
    Optional<Long> insert(
            Users.NewUser user,
            @Nullable String hash,
            String origin,
            String actor,
            Instant now,
            @Nullable String oidcIssuer,
            @Nullable String oidcSubject) {
        Optional<Long> inserted = accounts.insert(user, hash, origin, actor, now, oidcIssuer, oidcSubject);
        if (inserted.isEmpty()) {
            return inserted;
        }
        long id = inserted.get();
        if (hash != null) {
            accounts.history(id, hash, now);
        }
        // the audit entry's new value, hashed into the chain
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("username", user.username());
        view.put("displayName", user.displayName());
        view.put("kind", user.kind().name());
        view.put("roles", user.roles().stream().map(Role::name).sorted().toList());
        view.put("origin", origin);
        audit.append(new AuditRecord(
                actor, "user.created", "user", user.username(), null, null, view, "account created", null));
        return inserted;
    }
}
