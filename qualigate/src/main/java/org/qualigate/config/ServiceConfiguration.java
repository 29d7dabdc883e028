package org.qualigate.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.AccessSettings;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.ShiftSchedule;
import org.qualigate.connector.factorytalk.FactoryTalkSchedule;
import org.qualigate.connector.hris.JsonHrisDirectory;
import org.qualigate.connector.scim.ScimAccessTarget;
import org.qualigate.connector.scim.ScimAuthentication;
import org.qualigate.connector.scim.ScimClientFactory;
import org.qualigate.connector.scim.ScimTargetSettings;
import org.qualigate.connector.successfactors.SuccessFactorsDirectory;
import org.qualigate.connector.workday.WorkdayDirectory;
import org.qualigate.connector.workday.WorkdaySettings;
import org.qualigate.delivery.AccessTargets;
import org.qualigate.delivery.DeliverySettings;
import org.qualigate.delivery.TargetGuards;
import org.qualigate.delivery.TargetReconciliation;
import org.qualigate.intake.DirectorySync;
import org.qualigate.intake.SourceSettings;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.RoleName;
import org.qualigate.trace.TraceSteps;
import org.qualigate.trace.Traces;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the service: clock, plant definition, targets, the HRIS directory. */
@Configuration
@EnableConfigurationProperties({
    SourceSettings.class,
    org.qualigate.intake.PullSettings.class,
    DeliverySettings.class,
    TargetSettings.class,
    DirectorySettings.class,
    SchedulingSettings.class,
    AccessSettings.class
})
class ServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PlantDefinition plantDefinition(@Value("${qualigate.plant.location}") Resource location) {
        return new PlantDefinition(PlantDefinition.read(location));
    }

    @Bean
    AccessTargets accessTargets(
            TargetSettings settings, PlantDefinition plant, Clock clock, TargetGuards guards, TraceSteps steps) {
        Plant p = plant.current();
        Set<RoleName> roles = p.rules().allRoles(p.sites().keySet());
        List<AccessTarget> targets = new ArrayList<>();
        settings.targets().forEach((name, t) -> {
            if (!t.configured()) {
                return;
            }
            if (!t.type().equals("scim")) {
                throw new IllegalStateException("qualigate.targets." + name + ".type: only 'scim' is supported");
            }
            Map<RoleName, String> groups = groups(name, t, roles);
            Duration connect =
                    t.connectTimeout() == null ? ScimTargetSettings.DEFAULT_CONNECT_TIMEOUT : t.connectTimeout();
            Duration request = t.requestTimeout() == null ? Duration.ofSeconds(10) : t.requestTimeout();
            ScimTargetSettings scim = new ScimTargetSettings(
                    name,
                    URI.create(t.baseUrl()),
                    t.bearerToken() == null ? "" : t.bearerToken(),
                    t.matchAttribute(),
                    groups,
                    false,
                    connect,
                    request);
            TargetSettings.Authentication a = t.authentication();
            HttpClient http = ScimClientFactory.client(
                    connect,
                    a == null || a.keyStore() == null
                            ? null
                            : new ScimClientFactory.Store(a.keyStore(), a.keyStorePassword(), a.keyStoreType()),
                    a == null || a.trustStore() == null
                            ? null
                            : new ScimClientFactory.Store(a.trustStore(), a.trustStorePassword(), a.trustStoreType()));
            targets.add(guards.guard(
                    new ScimAccessTarget(
                            scim,
                            authentication(name, t, http, request, clock, steps.calls()),
                            http,
                            clock,
                            Boolean.TRUE.equals(t.ifMatch()),
                            steps.calls()),
                    t.resilience()));
        });
        return new AccessTargets(targets);
    }

    /**
     * Role → SCIM group of a target: every role of the plant, in the group of its name unless a mapping names another.
     * A mapping that names a role the plant does not have is a mistake that would silently manage nothing: refused.
     */
    static Map<RoleName, String> groups(String name, TargetSettings.Target t, Set<RoleName> roles) {
        Map<String, String> mapped = new LinkedHashMap<>(t.groups());
        for (TargetSettings.GroupMapping m : t.groupMappings()) {
            String earlier = mapped.put(m.role().strip(), m.group().strip());
            if (earlier != null && !earlier.equals(m.group().strip())) {
                throw new IllegalStateException("qualigate.targets." + name + ": role " + m.role()
                        + " is mapped to both group '" + earlier + "' and '" + m.group() + "'");
            }
        }
        Set<String> known = new TreeSet<>();
        roles.forEach(r -> known.add(r.value()));
        for (String role : mapped.keySet()) {
            if (!known.contains(role)) {
                throw new IllegalStateException("qualigate.targets." + name + ": a group mapping names role '" + role
                        + "', which no rule of the plant definition gives (roles: " + known + ")");
            }
        }
        Map<RoleName, String> groups = new LinkedHashMap<>();
        for (RoleName role : roles) {
            groups.put(role, mapped.getOrDefault(role.value(), role.value()));
        }
        return groups;
    }

    private static ScimAuthentication authentication(
            String name,
            TargetSettings.Target t,
            HttpClient http,
            Duration timeout,
            Clock clock,
            Traces.CallRecorder recorder) {
        TargetSettings.Authentication a = t.authentication();
        String bearer = t.bearerToken() == null ? "" : t.bearerToken();
        if (a == null) {
            return ScimAuthentication.bearer(bearer);
        }
        String prefix = "qualigate.targets." + name + ".authentication";
        return switch (a.type()) {
            case "basic" -> {
                if (a.username() == null || a.username().isBlank()) {
                    throw new IllegalStateException(prefix + ".username is required for basic");
                }
                yield new ScimAuthentication.Basic(a.username(), a.password());
            }
            case "oauth-client-credentials" -> {
                if (a.tokenUrl() == null || a.clientId() == null || a.clientSecret() == null) {
                    throw new IllegalStateException(
                            prefix + ": oauth-client-credentials needs token-url, client-id and client-secret");
                }
                yield new ScimAuthentication.ClientCredentials(
                        URI.create(a.tokenUrl()),
                        a.clientId(),
                        a.clientSecret(),
                        a.scope(),
                        http,
                        timeout,
                        clock,
                        recorder);
            }
            case "none" -> new ScimAuthentication.None();
            default -> ScimAuthentication.bearer(bearer);
        };
    }

    /** Each target's reconciliation mode ({@code qualigate.targets.<name>.reconciliation}) and its interval. */
    @Bean
    TargetReconciliation.Settings reconciliationSettings(
            TargetSettings settings,
            @org.springframework.beans.factory.annotation.Value("${qualigate.reconciliation.interval:PT1H}")
                    Duration interval) {
        Map<String, TargetReconciliation.Mode> modes = new LinkedHashMap<>();
        settings.targets()
                .forEach((name, t) -> modes.put(
                        name,
                        "observe".equals(t.reconciliation())
                                ? TargetReconciliation.Mode.OBSERVE
                                : TargetReconciliation.Mode.ENFORCE));
        return new TargetReconciliation.Settings(modes, interval);
    }

    /** The scheduling system that shift protection reads; without one, nothing is deferred. */
    @Bean
    ShiftSchedule shiftSchedule(SchedulingSettings settings, TraceSteps steps) {
        if (!settings.configured()) {
            return ShiftSchedule.none();
        }
        return new FactoryTalkSchedule(
                URI.create(settings.baseUrl()),
                settings.bearerToken() == null ? "" : settings.bearerToken(),
                settings.requestTimeout(),
                steps.calls());
    }

    @Bean
    TransactionTemplate transactionTemplate(org.springframework.transaction.PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }

    /**
     * The persons' directory, when one is configured: the generic JSON directory, Workday's {@code Get_Workers} or
     * SuccessFactors' {@code User} (see {@link DirectorySettings}).
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
            "!'${qualigate.hris-directory.url:}'.isBlank() or !'${qualigate.hris-directory.type:}'.isBlank()"
                    + " or '${qualigate.successfactors.directory:false}' == 'true'")
    DirectorySync directorySync(
            DirectorySettings settings,
            Persons persons,
            AccessPlanner planner,
            PlantDefinition plant,
            TransactionTemplate tx,
            Clock clock,
            WorkdaySettings workday,
            ObjectProvider<SuccessFactorsConfiguration.Properties> successFactors,
            @Value("${qualigate.successfactors.directory:false}") boolean successFactorsDirectory,
            JdbcClient jdbc,
            AuditTrail audit,
            ApplicationEventPublisher events,
            TraceSteps steps) {
        HrisDirectory directory = switch (settings.effectiveType(successFactorsDirectory)) {
            case "json" -> {
                if (settings.url() == null || settings.url().isBlank()) {
                    throw new IllegalStateException(
                            "qualigate.hris-directory.type is json: set qualigate.hris-directory.url");
                }
                yield new JsonHrisDirectory(
                        settings.source(),
                        URI.create(settings.url()),
                        Duration.ofSeconds(30),
                        settings.bearerToken(),
                        steps.calls());
            }
            case "workday" -> {
                if (workday.baseUrl() == null || workday.baseUrl().isBlank()) {
                    throw new IllegalStateException(
                            "qualigate.hris-directory.type is workday: set qualigate.workday.base-url");
                }
                yield new WorkdayDirectory("workday", workday, steps.calls());
            }
            case "successfactors" -> {
                SuccessFactorsConfiguration.Properties p = successFactors.getIfAvailable();
                if (p == null) {
                    throw new IllegalStateException(
                            "qualigate.hris-directory.type is successfactors: set qualigate.successfactors.base-url");
                }
                yield new SuccessFactorsDirectory(p.settings(), clock, steps.calls());
            }
            default -> throw new IllegalStateException("no HRIS directory configured");
        };
        return new DirectorySync(
                directory, persons, planner, plant, tx, clock, settings.siteMap(), jdbc, audit, events);
    }
}
