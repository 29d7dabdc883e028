package org.qualigate.monitoring;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code qualigate.monitoring.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitoringSettings.class)
class MonitoringConfiguration {}
