package org.qualigate.sandbox.erp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * SAP Gateway's CSRF protection: a GET with {@code x-csrf-token: Fetch} opens a session (a cookie) and returns a
 * token bound to it; a modifying request must bring both, or it is refused. Sessions end after the security
 * session timeout, measured on the simulator's clock.
 */
final class CsrfSessions {

    static final String COOKIE = "SAP_SESSIONID_S4H_100";

    private record Session(String token, Instant expires) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new HashMap<>();
    private Duration timeout = Duration.ofMinutes(30);

    CsrfSessions(Clock clock) {
        this.clock = clock;
    }

    /** The session of the request's cookie (kept) or a new one: its id and its token. */
    String[] fetch(@Nullable String cookieHeader) {
        Optional<String> existing = sessionId(cookieHeader).filter(id -> live(id).isPresent());
        String id = existing.orElseGet(() -> newValue(24));
        Session session = existing.flatMap(this::live)
                .orElseGet(() -> new Session(newValue(18), clock.instant().plus(timeout)));
        sessions.put(id, new Session(session.token(), clock.instant().plus(timeout)));
        return new String[] {id, session.token()};
    }

    /** Whether the token is the one issued for the request's session, and that session is still open. */
    boolean valid(@Nullable String cookieHeader, @Nullable String token) {
        if (token == null || token.isBlank() || token.equalsIgnoreCase("fetch")) {
            return false;
        }
        return sessionId(cookieHeader)
                .flatMap(this::live)
                .map(s -> java.security.MessageDigest.isEqual(
                        s.token().getBytes(), token.trim().getBytes()))
                .orElse(false);
    }

    void expireAll() {
        sessions.clear();
    }

    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    private Optional<Session> live(String id) {
        Session session = sessions.get(id);
        if (session == null || !clock.instant().isBefore(session.expires())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    private static Optional<String> sessionId(@Nullable String cookieHeader) {
        if (cookieHeader == null) {
            return Optional.empty();
        }
        for (String part : cookieHeader.split(";")) {
            String cookie = part.trim();
            if (cookie.startsWith(COOKIE + "=")) {
                return Optional.of(cookie.substring(COOKIE.length() + 1));
            }
        }
        return Optional.empty();
    }

    private String newValue(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
