package org.qualigate.identity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

/**
 * The OIDC client registration, from the provider's discovery document, only when
 * {@code qualigate.identity.oidc.issuer} is set (decision 0020).
 */
@Configuration
@ConditionalOnExpression(OidcConfiguration.CONFIGURED)
class OidcConfiguration {

    static final String CONFIGURED = "!'${qualigate.identity.oidc.issuer:}'.isBlank()";
    /** The registration id, and so the login path {@code /oauth2/authorization/oidc}. */
    static final String REGISTRATION = "oidc";

    @Bean
    ClientRegistrationRepository clientRegistrations(OidcSettings settings) {
        if (settings.clientId() == null || settings.clientSecret() == null) {
            throw new IllegalStateException(
                    "qualigate.identity.oidc.client-id and client-secret are required with an issuer");
        }
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(settings.issuer())
                .registrationId(REGISTRATION)
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .scope(settings.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }
}
