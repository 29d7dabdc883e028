package org.qualigate.environment;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rooms and limits, always: the excursions' pages and API answer whether a consumer runs or not. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmsSettings.class)
class EnvironmentConfiguration {

    @Bean
    RoomLimits roomLimits(EmsSettings settings) {
        return RoomLimits.of(settings);
    }
}
