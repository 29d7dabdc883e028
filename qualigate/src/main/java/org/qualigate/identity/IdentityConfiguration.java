package org.qualigate.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the configured users in the database before the service accepts requests, when no account has
 * their name yet (an existing account is left as it is: the database is the source after bootstrap).
 */
@Configuration
@EnableConfigurationProperties({IdentitySettings.class, BootstrapUsers.class, OidcSettings.class})
class IdentityConfiguration implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);

    private final AccountCreation creation;
    private final BootstrapUsers bootstrap;

    IdentityConfiguration(AccountCreation creation, BootstrapUsers bootstrap) {
        this.creation = creation;
        this.bootstrap = bootstrap;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (BootstrapUsers.Entry entry : bootstrap.users()) {
            if (entry.password() != null && !entry.password().startsWith("{bcrypt}")) {
                log.warn(
                        "the configured user {} has a password that is not a bcrypt hash; configure {bcrypt}… as"
                                + " for every other account (plain text belongs in tests only)",
                        entry.username());
            }
            try {
                if (creation.bootstrap(entry)) {
                    log.info("user {} created from configuration", entry.username());
                }
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // another instance created it at the same moment
            }
        }
    }
}
