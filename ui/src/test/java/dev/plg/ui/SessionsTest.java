package dev.plg.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import dev.plg.ui.http.Sessions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-02-27T12:00:00Z"));
    private final InstantSource clock = () -> now.get();

    @Test
    void loginChecksUserAndPassword() {
        Sessions sessions = new Sessions("admin", "admin", clock);
        assertThat(sessions.login("admin", "admin")).isPresent();
        assertThat(sessions.login("admin", "Admin")).isEmpty();
        assertThat(sessions.login("root", "admin")).isEmpty();
        assertThat(sessions.login("admin", null)).isEmpty();
    }

    @Test
    void sessionsExpireAfterADayWithoutUse() {
        Sessions sessions = new Sessions("admin", "pw", clock);
        String id = sessions.login("admin", "pw").orElseThrow().id();
        now.set(now.get().plus(Duration.ofHours(23)));
        assertThat(sessions.find(id)).isPresent(); // use refreshes the idle timer
        now.set(now.get().plus(Duration.ofHours(23)));
        assertThat(sessions.find(id)).isPresent();
        now.set(now.get().plus(Duration.ofHours(25)));
        assertThat(sessions.find(id)).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void sessionIdAndCsrfTokenAreDistinctAndUnguessable() {
        Sessions sessions = new Sessions("admin", "pw", clock);
        Sessions.Session a = sessions.login("admin", "pw").orElseThrow();
        Sessions.Session b = sessions.login("admin", "pw").orElseThrow();
        assertThat(a.id()).isNotEqualTo(b.id()).isNotEqualTo(a.csrfToken()).hasSize(43);
    }

    @Test
    void changingThePasswordEndsOtherSessionsAndClearsThePrompt() {
        Sessions sessions = new Sessions("admin", "admin", clock);
        String mine = sessions.login("admin", "admin").orElseThrow().id();
        String other = sessions.login("admin", "admin").orElseThrow().id();
        assertThat(sessions.mustChangePassword()).isTrue();
        assertThat(sessions.changePassword(mine, "wrong", "new-password")).isFalse();
        assertThat(sessions.changePassword(mine, "admin", "new-password")).isTrue();
        assertThat(sessions.mustChangePassword()).isFalse();
        assertThat(sessions.find(mine)).isPresent();
        assertThat(sessions.find(other)).isEmpty();
        assertThat(sessions.login("admin", "admin")).isEmpty();
        assertThat(sessions.login("admin", "new-password")).isPresent();
    }

    @Test
    void fiveFailedLoginsLockTheUserOutForFiveMinutes() {
        Sessions sessions = new Sessions("admin", "pw", clock);
        for (int i = 0; i < 5; i++) {
            assertThat(sessions.login("admin", "guess" + i)).isEmpty();
        }
        assertThat(sessions.lockedOut("admin")).isTrue();
        assertThat(sessions.login("admin", "pw")).as("right password while locked out").isEmpty();
        assertThat(sessions.lockedOut("someone-else")).isFalse();
        now.set(now.get().plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(sessions.lockedOut("admin")).isFalse();
        assertThat(sessions.login("admin", "pw")).isPresent();
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        Sessions sessions = new Sessions("admin", "pw", clock);
        for (int i = 0; i < 4; i++) {
            assertThat(sessions.login("admin", "guess")).isEmpty();
        }
        assertThat(sessions.login("admin", "pw")).isPresent();
        assertThat(sessions.login("admin", "guess")).isEmpty();
        assertThat(sessions.lockedOut("admin")).isFalse();
    }

    @Test
    void logoutForgetsTheSession() {
        Sessions sessions = new Sessions("admin", "pw", clock);
        String id = sessions.login("admin", "pw").orElseThrow().id();
        sessions.logout(id);
        sessions.logout(null);
        assertThat(sessions.find(id)).isEmpty();
    }
}
