package org.qualigate.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.notify.MailQueue;
import org.qualigate.notify.MailReader;
import org.qualigate.settings.ApprovedParameters;
import org.qualigate.text.TextInput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in failures and refusals: counted per account, audited with the way in and the source address, and the
 * account locked (with an alert e-mail) when the run of failures reaches the limit.
 */
@Component
class SignInFailures {

    private final JdbcClient jdbc;
    private final AccountStore accounts;
    private final AuditTrail audit;
    private final IdentitySettings settings;
    private final ApprovedParameters parameters;
    private final Clock clock;
    private final MailQueue mail;

    SignInFailures(
            JdbcClient jdbc,
            AccountStore accounts,
            AuditTrail audit,
            IdentitySettings settings,
            ApprovedParameters parameters,
            Clock clock,
            MailQueue mail) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.audit = audit;
        this.settings = settings;
        this.parameters = parameters;
        this.clock = clock;
        this.mail = mail;
    }

    /**
     * Counts a failed sign-in (a wrong password, or a user name no account has) and audits it with the way in
     * and the source address; true when this failure locked the account. The lockout's alert e-mail is queued
     * in the same transaction, which is a transaction of its own: a refused signature counts even when the
     * signer's transaction rolls back, and nothing is sent from inside it.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean failed(String username, Via via, String source) {
        Instant now = clock.instant();
        Optional<Failure> failure = count(username, now);
        if (failure.isEmpty()) {
            unknownName(username, via, source);
            return false;
        }
        int attempts = failure.get().attempts();
        boolean lockedNow = failure.get().lockedNow();
        // the audit entry's new value, hashed into the chain
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("failedAttempts", attempts);
        if (lockedNow) {
            after.put("locked", true);
        }
        after.put("via", via.name());
        after.put("source", source);
        audit.append(new AuditRecord(
                username,
                lockedNow ? "user.locked" : "user.sign-in-failed",
                "user",
                username,
                null,
                Map.of("failedAttempts", attempts - 1),
                after,
                lockedNow
                        ? "locked after " + attempts + " consecutive failed sign-ins or signatures (last: "
                                + via.label() + " from " + source + ")"
                        : "wrong password (" + via.label() + " from " + source + ")",
                null));
        if (lockedNow) {
            queueLockoutAlert(username, attempts, via, source, now);
        }
        return lockedNow;
    }

    private record Failure(int attempts, boolean lockedNow) {}

    /** One more failure on the account, locking it at the limit; empty when no account has the name. */
    private Optional<Failure> count(String username, Instant now) {
        int max = maxFailedAttempts();
        Timestamp at = Timestamp.from(now);
        // locked_now is read from the row itself, so a limit lowered by an approved change set (a count already
        // past it) still locks with its own entry and alert, and a locked account is not locked again
        return jdbc.sql(
                        "UPDATE app_user SET failed_attempts = failed_attempts + 1, "
                                + "locked_at = CASE WHEN locked_at IS NULL AND failed_attempts + 1 >= ? THEN ? ELSE locked_at END "
                                + "WHERE username = ? RETURNING failed_attempts, locked_at IS NOT DISTINCT FROM ? AS locked_now")
                .params(max, at, username, at)
                .query((rs, n) -> new Failure(rs.getInt("failed_attempts"), rs.getBoolean("locked_now")))
                .optional();
    }

    /** Audits a sign-in refused for the account's state (locked, disabled, expired) or by the OIDC rules. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void refused(String username, Via via, String source, String reason) {
        boolean known = accounts.find(username).isPresent();
        String name = known ? username : TextInput.printable(username, 64);
        // the audit entry's new value, hashed into the chain
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("knownUser", known);
        value.put("via", via.name());
        value.put("source", source);
        audit.append(new AuditRecord(
                known ? username : "anonymous",
                "user.sign-in-refused",
                "user",
                name,
                null,
                null,
                value,
                TextInput.printable(reason, 500) + " (" + via.label() + " from " + source + ")",
                null));
    }

    /**
     * A name no account has: audited like any failure, but nothing counts (there is no account to lock). The
     * name is the caller's text, so it is kept printable and short.
     */
    private void unknownName(String username, Via via, String source) {
        // the audit entry's new value, hashed into the chain
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("knownUser", false);
        value.put("via", via.name());
        value.put("source", source);
        audit.append(new AuditRecord(
                "anonymous",
                "user.sign-in-failed",
                "user",
                TextInput.printable(username, 64),
                null,
                null,
                value,
                "unknown user name (" + via.label() + " from " + source + ")",
                null));
    }

    private void queueLockoutAlert(String username, int attempts, Via via, String source, Instant at) {
        List<String> to = settings.lockoutAlertRecipients().isEmpty()
                ? parameters.alertRecipients()
                : settings.lockoutAlertRecipients();
        String how = switch (via) {
            case BASIC -> "mail.lockout.via.basic";
            case FORM -> "mail.lockout.via.form";
            case SIGNATURE -> "mail.lockout.via.signature";
            case OIDC -> "mail.lockout.via.oidc";
        };
        mail.queue(
                "lockout/" + username + "/" + at,
                MailQueue.Kind.LOCKOUT,
                null,
                to,
                ZoneId.of("UTC"),
                r -> new MailReader.Letter(
                        r.text("mail.lockout.subject", username),
                        r.text("mail.lockout.body", username, r.at(at), attempts, r.text(how), source)),
                "no lockout alert recipients configured (qualigate.identity.lockout-alert-recipients or"
                        + " qualigate.monitoring.alert-recipients)");
    }

    /**
     * Failures before lockout: the value approved under change control, else the configured one; read at
     * each failure so an approval holds on every instance at once.
     */
    public int maxFailedAttempts() {
        return parameters.intValue("identity.max-failed-attempts", settings.maxFailedAttempts());
    }

    /** A successful sign-in ends the run of failures. */
    @Transactional
    public void succeeded(String username) {
        jdbc.sql(
                        "UPDATE app_user SET failed_attempts = 0 WHERE username = ? AND failed_attempts > 0 AND locked_at IS NULL")
                .param(username)
                .update();
    }
}
