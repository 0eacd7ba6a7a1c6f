package dev.plg.ui.http;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Logged-in sessions and the single admin account (PLG, like the seed's Grafana, has no sign-up).
 *
 * <p>Thread-safe: sessions live in a concurrent map; the password is a volatile field changed only
 * through {@link #changePassword}. Nothing is persisted: a restart logs everyone out and restores the
 * password from the environment.
 */
public final class Sessions {
    /** Grafana's default {@code login_maximum_lifetime_duration} is 30 days; a day of inactivity is enough here. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(24);
    /** Grafana's brute-force protection: 5 failed logins for a user within 5 minutes lock that user out. */
    static final int MAX_FAILED_LOGINS = 5;
    static final Duration FAILED_LOGIN_WINDOW = Duration.ofMinutes(5);
    /** 32 random bytes: the session id and the CSRF token are unguessable. */
    private static final int TOKEN_BYTES = 32;

    public record Session(String id, String user, String csrfToken, Instant lastSeen) {
        public Session {
            requireNonNull(id, "id is null");
            requireNonNull(user, "user is null");
            requireNonNull(csrfToken, "csrfToken is null");
            requireNonNull(lastSeen, "lastSeen is null");
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, java.util.List<Instant>> failures = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final String adminUser;
    private volatile String password;

    public Sessions(String adminUser, String password, InstantSource clock) {
        this.adminUser = requireNonNull(adminUser, "adminUser is null");
        this.password = requireNonNull(password, "password is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** True while {@code user} has had too many failed logins recently (the attempt is refused unchecked). */
    public boolean lockedOut(String user) {
        java.util.List<Instant> recent = failures.get(String.valueOf(user));
        if (recent == null) {
            return false;
        }
        Instant cutoff = clock.instant().minus(FAILED_LOGIN_WINDOW);
        synchronized (recent) {
            recent.removeIf(t -> t.isBefore(cutoff));
            return recent.size() >= MAX_FAILED_LOGINS;
        }
    }

    /** A new session when user and password match, compared in constant time; failures are counted per user. */
    public Optional<Session> login(String user, String candidate) {
        if (lockedOut(user)) {
            return Optional.empty();
        }
        boolean userOk = constantTimeEquals(adminUser, user);
        boolean passwordOk = constantTimeEquals(password, candidate);
        if (!(userOk & passwordOk)) {
            java.util.List<Instant> list = failures.computeIfAbsent(String.valueOf(user), k -> new java.util.ArrayList<>());
            synchronized (list) {
                list.add(clock.instant());
            }
            return Optional.empty();
        }
        failures.remove(user);
        Session session = new Session(token(), adminUser, token(), clock.instant());
        sessions.put(session.id(), session);
        return Optional.of(session);
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (session.lastSeen().plus(IDLE_TIMEOUT).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(session.id(), session.user(), session.csrfToken(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    public void logout(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** True while the password is still Grafana's well-known default {@code admin}. */
    public boolean mustChangePassword() {
        return "admin".equals(password);
    }

    /** Changes the admin password; other sessions are logged out, as Grafana does. */
    public boolean changePassword(String keepSessionId, String oldPassword, String newPassword) {
        if (!constantTimeEquals(password, oldPassword)) {
            return false;
        }
        password = newPassword;
        sessions.keySet().removeIf(id -> !id.equals(keepSessionId));
        return true;
    }

    private String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean constantTimeEquals(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
