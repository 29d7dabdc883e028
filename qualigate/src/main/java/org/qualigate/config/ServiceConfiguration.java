package org.qualigate.config;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.AccessSettings;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.PlantDefinitionFile;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.ShiftSchedule;
import org.qualigate.connector.factorytalk.FactoryTalkSchedule;
import org.qualigate.connector.hris.JsonHrisDirectory;
import org.qualigate.connector.scim.ScimAccessTarget;
import org.qualigate.connector.scim.ScimTargetSettings;
import org.qualigate.delivery.AccessTargets;
import org.qualigate.delivery.DeliverySettings;
import org.qualigate.delivery.TargetGuards;
import org.qualigate.delivery.TargetReconciliation;
import org.qualigate.intake.DirectorySync;
import org.qualigate.intake.SourceSettings;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.RoleName;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
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
        return new PlantDefinition(PlantDefinitionFile.read(location));
    }

    @Bean
    AccessTargets accessTargets(TargetSettings settings, PlantDefinition plant, Clock clock, TargetGuards guards) {
        Plant p = plant.current();
        List<AccessTarget> targets = new ArrayList<>();
        settings.targets().forEach((name, t) -> {
            if (!t.configured()) {
                return;
            }
            if (!t.type().equals("scim")) {
                throw new IllegalStateException("qualigate.targets." + name + ".type: only 'scim' is supported");
            }
            Map<RoleName, String> groups = new LinkedHashMap<>();
            for (RoleName role : p.rules().allRoles(p.sites().keySet())) {
                groups.put(role, t.groups().getOrDefault(role.value(), role.value()));
            }
            ScimTargetSettings scim = new ScimTargetSettings(
                    name,
                    URI.create(t.baseUrl()),
                    t.bearerToken() == null ? "" : t.bearerToken(),
                    t.matchAttribute(),
                    groups,
                    false,
                    ScimTargetSettings.DEFAULT_CONNECT_TIMEOUT,
                    Duration.ofSeconds(10));
            targets.add(guards.guard(
                    new ScimAccessTarget(
                            scim, ScimAccessTarget.defaultClient(scim), clock, Boolean.TRUE.equals(t.ifMatch())),
                    t.resilience()));
        });
        return new AccessTargets(targets);
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
    ShiftSchedule shiftSchedule(SchedulingSettings settings) {
        if (!settings.configured()) {
            return ShiftSchedule.none();
        }
        return new FactoryTalkSchedule(
                URI.create(settings.baseUrl()),
                settings.bearerToken() == null ? "" : settings.bearerToken(),
                settings.requestTimeout());
    }

    @Bean
    TransactionTemplate transactionTemplate(org.springframework.transaction.PlatformTransactionManager tm) {
        return new TransactionTemplate(tm);
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
            "!'${qualigate.hris-directory.url:}'.isBlank()")
    DirectorySync directorySync(
            DirectorySettings settings,
            Persons persons,
            AccessPlanner planner,
            PlantDefinition plant,
            TransactionTemplate tx,
            Clock clock) {
        return new DirectorySync(
                new JsonHrisDirectory(settings.source(), URI.create(settings.url()), Duration.ofSeconds(30)),
                persons,
                planner,
                plant,
                tx,
                clock);
    }
}
