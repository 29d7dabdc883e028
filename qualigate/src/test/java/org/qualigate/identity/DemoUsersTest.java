package org.qualigate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The demo's log-ins are configured like every other account: as bcrypt hashes, never in plain text. */
class DemoUsersTest {

    @Verifies("URS-SEC-032")
    @Test
    void everyDemoUsersPasswordIsABcryptHashOfThePasswordTheReadmeGives() throws IOException {
        StandardEnvironment demo = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("demo", new ClassPathResource("application-demo.yml"))
                .forEach(demo.getPropertySources()::addFirst);
        BootstrapUsers users = Binder.get(demo)
                .bind("qualigate.security", BootstrapUsers.class)
                .get();
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

        assertThat(users.users()).hasSize(5);
        assertThat(users.users()).allSatisfy(u -> {
            assertThat(u.password()).startsWith("{bcrypt}$2a$10$");
            assertThat(encoder.matches(u.username() + "-demo-2026", u.password()))
                    .as(u.username())
                    .isTrue();
        });
    }
}
