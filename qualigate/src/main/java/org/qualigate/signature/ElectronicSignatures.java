package org.qualigate.signature;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.identity.AccountUserDetailsService;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.identity.Via;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies, lists and verifies electronic signatures. Signing re-authenticates the signer through the same
 * path as sign-in (a wrong password is refused and counts toward lockout), binds the signature to the
 * SHA-256 of the record's canonical content and audits it in the caller's transaction.
 */
@Service
public class ElectronicSignatures {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Users users;
    private final Clock clock;
    private final ProviderManager authentication;

    public ElectronicSignatures(
            JdbcClient jdbc,
            AuditTrail audit,
            Users users,
            AccountUserDetailsService details,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> events,
            ApplicationEventPublisher publisher,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
        this.clock = clock;
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(details.forSigning());
        provider.setPasswordEncoder(encoder);
        this.authentication = new ProviderManager(provider);
        // the same events as a sign-in, so a wrong signature password counts toward lockout
        this.authentication.setAuthenticationEventPublisher(
                events.getIfAvailable(() -> new DefaultAuthenticationEventPublisher(publisher)));
    }

    /** Signs the record as the caller; a refusal names the field (userId, password, meaning) and why. */
    @Transactional
    public SignatureOutcome sign(SignedRecord record, SignatureRequest request) {
        List<SignatureOutcome> outcomes = signAll(List.of(record), request);
        return outcomes.getFirst();
    }

    /**
     * Signs several records in one act (one re-authentication, one signature per record, each bound to its own
     * content, as a reviewer signs the decisions of one page): all are signed, or the one refusal is answered
     * (for the first record) and none is signed. A wrong password counts once toward lockout.
     */
    @Transactional
    public List<SignatureOutcome> signAll(List<SignedRecord> records, SignatureRequest request) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("nothing to sign");
        }
        // a user id given is checked first: a missing one cannot be another user's
        if (request.userId() != null
                && !request.userId().isBlank()
                && !request.userId().equals(request.caller())) {
            return refusedAll(Refusal.of(
                    "userId",
                    "must be your own user id: a signature cannot be made for another user",
                    "refusal.sign.own-user-id"));
        }
        List<Refusal> missing = request.missingFields();
        if (!missing.isEmpty()) {
            return refusedAll(missing.getFirst());
        }
        try {
            var token = UsernamePasswordAuthenticationToken.unauthenticated(request.caller(), request.password());
            // names the way in on the audit entry of a failure
            token.setDetails(Via.SIGNATURE);
            authentication.authenticate(token);
        } catch (AuthenticationException e) {
            return refusedAll(notConfirmed(e));
        }
        Optional<UserAccount> signer = users.find(request.caller());
        if (signer.isEmpty() || signer.get().kind() != UserAccount.Kind.PERSON) {
            return refusedAll(Refusal.of("userId", "only a person's account can sign", "refusal.sign.person-only"));
        }
        UserAccount who = signer.get();
        List<SignatureOutcome> signed = new java.util.ArrayList<>();
        for (SignedRecord record : records) {
            signed.add(SignatureOutcome.signed(apply(record, request, who)));
        }
        return signed;
    }

    private static List<SignatureOutcome> refusedAll(Refusal why) {
        return List.of(SignatureOutcome.refused(why));
    }

    private Signature apply(SignedRecord record, SignatureRequest request, UserAccount who) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        String recordSha = record.sha256();
        Signature unsigned = new Signature(
                id,
                record.type(),
                record.id(),
                recordSha,
                request.meaning(),
                who.id(),
                who.username(),
                who.displayName(),
                at,
                who.timeZone(),
                request.reason(),
                "");
        Signature signature = withHash(unsigned, hash(unsigned));
        jdbc.sql("""
                        INSERT INTO e_signature (id, record_type, record_id, record_sha256, meaning, signer_id,
                            signer_username, printed_name, signed_at, signer_zone, reason, signature_sha256)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        record.type(),
                        record.id(),
                        recordSha,
                        request.meaning().name(),
                        who.id(),
                        who.username(),
                        who.displayName(),
                        Timestamp.from(at),
                        who.timeZone().getId(),
                        request.reason(),
                        signature.signatureSha256())
                .update();
        audit.append(new AuditRecord(
                who.username(),
                "signature.applied",
                record.type(),
                record.id(),
                null,
                null,
                view(signature),
                request.reason() == null ? "signed as " + request.meaning() : request.reason(),
                null));
        return signature;
    }

    /** The record's signatures, oldest first. */
    public List<Signature> signaturesOf(String recordType, String recordId) {
        return jdbc.sql("SELECT * FROM e_signature WHERE record_type = ? AND record_id = ? ORDER BY seq")
                .params(recordType, recordId)
                .query(ElectronicSignatures::row)
                .list();
    }

    /** A stored signature and whether it still holds for its record as the record is now. */
    public record Checked(Signature signature, boolean valid) {}

    /** The record's signatures, oldest first, each checked against the record's content now. */
    public List<Checked> checked(SignedRecord record) {
        return signaturesOf(record.type(), record.id()).stream()
                .map(s -> new Checked(s, verify(s.id(), record).valid()))
                .toList();
    }

    /** Checked signatures as JSON-ready values ({@link #view}), each with {@code valid}; a map as {@link #view} is. */
    public static List<Map<String, Object>> views(List<Checked> checked) {
        return checked.stream()
                .map(c -> {
                    Map<String, Object> v = view(c.signature());
                    v.put("valid", c.valid());
                    return v;
                })
                .toList();
    }

    public Optional<Signature> find(UUID id) {
        return jdbc.sql("SELECT * FROM e_signature WHERE id = ?")
                .param(id)
                .query(ElectronicSignatures::row)
                .optional();
    }

    /**
     * Whether the stored signature still holds for the record: its own fields are unchanged and it was made
     * for this record type, id and content. A signature copied onto another record, or a record changed
     * after signing, fails with the reason.
     */
    public Verification verify(UUID signatureId, SignedRecord record) {
        Optional<Signature> stored = find(signatureId);
        if (stored.isEmpty()) {
            return new Verification(signatureId, false, "no such signature");
        }
        Signature s = stored.get();
        if (!hash(s).equals(s.signatureSha256())) {
            return new Verification(signatureId, false, "the signature's fields were changed after signing");
        }
        if (!s.recordType().equals(record.type()) || !s.recordId().equals(record.id())) {
            return new Verification(
                    signatureId,
                    false,
                    "the signature belongs to " + s.recordType() + " " + s.recordId() + ", not to " + record.type()
                            + " " + record.id());
        }
        if (!s.recordSha256().equals(record.sha256())) {
            return new Verification(
                    signatureId, false, "the record's content differs from the content that was signed");
        }
        return new Verification(signatureId, true, "signature matches the record's content");
    }

    /**
     * The signature as JSON-ready values, the same everywhere it is shown; a map on purpose: it is the signing's
     * audit value, and what the signature's own hash is computed over (without the hash and the local time).
     */
    public static Map<String, Object> view(Signature s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().toString());
        m.put("recordType", s.recordType());
        m.put("recordId", s.recordId());
        m.put("recordSha256", s.recordSha256());
        m.put("meaning", s.meaning().name());
        m.put("signerId", s.signerId());
        m.put("signer", s.signerUsername());
        m.put("printedName", s.printedName());
        m.put("signedAt", s.signedAt().toString());
        m.put("signerZone", s.signerZone().getId());
        m.put("signedAtLocal", s.localTime());
        if (s.reason() != null) {
            m.put("reason", s.reason());
        }
        m.put("signatureSha256", s.signatureSha256());
        return m;
    }

    private static String hash(Signature s) {
        Map<String, Object> m = view(s);
        m.remove("signatureSha256");
        m.remove("signedAtLocal");
        return CanonicalJson.sha256Hex(CanonicalJson.canonicalize(JSON.writeValueAsString(m)));
    }

    private static Signature withHash(Signature s, String hash) {
        return new Signature(
                s.id(),
                s.recordType(),
                s.recordId(),
                s.recordSha256(),
                s.meaning(),
                s.signerId(),
                s.signerUsername(),
                s.printedName(),
                s.signedAt(),
                s.signerZone(),
                s.reason(),
                hash);
    }

    /** Why the password did not confirm the signer: the API's words and the key that says them. */
    private static Refusal notConfirmed(AuthenticationException e) {
        String[] why = switch (e) {
            case org.springframework.security.authentication.LockedException l ->
                new String[] {"the account is locked", "refusal.sign.identity.locked"};
            case org.springframework.security.authentication.DisabledException d ->
                new String[] {"the account is disabled", "refusal.sign.identity.disabled"};
            case org.springframework.security.authentication.CredentialsExpiredException c ->
                new String[] {"the password has expired", "refusal.sign.identity.expired"};
            default -> new String[] {"wrong password", "refusal.sign.identity.wrong-password"};
        };
        return Refusal.of(
                "password",
                "does not confirm your identity (" + why[0] + ")",
                "refusal.sign.identity",
                Sentence.of(why[1]));
    }

    private static Signature row(ResultSet rs, int n) throws SQLException {
        return new Signature(
                rs.getObject("id", UUID.class),
                rs.getString("record_type"),
                rs.getString("record_id"),
                rs.getString("record_sha256"),
                Meaning.valueOf(rs.getString("meaning")),
                rs.getLong("signer_id"),
                rs.getString("signer_username"),
                rs.getString("printed_name"),
                rs.getTimestamp("signed_at").toInstant(),
                ZoneId.of(rs.getString("signer_zone")),
                rs.getString("reason"),
                rs.getString("signature_sha256"));
    }
}
