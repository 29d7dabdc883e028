package org.qualigate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.policy.RoleName;
import org.qualigate.validation.Verifies;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The connectors' settings as an operator writes them: environment variables, group mappings, directory choice. */
class ConnectorConfigurationTest {

    private static final Plant PLANT = PlantDefinition.read(new ClassPathResource("plant/demo-plant.yaml"));
    private static final Set<RoleName> ROLES =
            PLANT.rules().allRoles(PLANT.sites().keySet());

    @Verifies("URS-INT-058")
    @Test
    void groupMappingsAndTheTargetsAuthenticationBindFromEnvironmentVariables() {
        TargetSettings settings = bind(
                Map.of(
                        "QUALIGATE_TARGETS_MES_BASEURL", "https://mes.example/scim/v2",
                        "QUALIGATE_TARGETS_MES_GROUPMAPPINGS_0_ROLE", "BSL.FILL-1.OPERATOR",
                        "QUALIGATE_TARGETS_MES_GROUPMAPPINGS_0_GROUP", "MES Filling-1 Operators",
                        "QUALIGATE_TARGETS_MES_GROUPMAPPINGS_1_ROLE", "BSL.QA.BATCH_REVIEWER",
                        "QUALIGATE_TARGETS_MES_GROUPMAPPINGS_1_GROUP", "MES QA Reviewers",
                        "QUALIGATE_TARGETS_MES_AUTHENTICATION_TYPE", "oauth-client-credentials",
                        "QUALIGATE_TARGETS_MES_AUTHENTICATION_TOKENURL", "https://idp.example/oauth2/token",
                        "QUALIGATE_TARGETS_MES_AUTHENTICATION_CLIENTID", "qualigate",
                        "QUALIGATE_TARGETS_MES_CONNECTTIMEOUT", "PT2S",
                        "QUALIGATE_TARGETS_MES_REQUESTTIMEOUT", "PT7S"),
                "qualigate",
                TargetSettings.class);

        TargetSettings.Target mes = settings.targets().get("mes");
        Map<RoleName, String> groups = ServiceConfiguration.groups("mes", mes, ROLES);

        assertThat(groups)
                .containsEntry(RoleName.of("BSL.FILL-1.OPERATOR"), "MES Filling-1 Operators")
                .containsEntry(RoleName.of("BSL.QA.BATCH_REVIEWER"), "MES QA Reviewers")
                .containsEntry(RoleName.of("IND.QA.BATCH_REVIEWER"), "IND.QA.BATCH_REVIEWER");
        assertThat(mes.authentication().type()).isEqualTo("oauth-client-credentials");
        assertThat(mes.authentication().tokenUrl()).isEqualTo("https://idp.example/oauth2/token");
        assertThat(mes.connectTimeout()).hasSeconds(2);
        assertThat(mes.requestTimeout()).hasSeconds(7);
    }

    @Verifies("URS-INT-058")
    @Test
    void aMappingThatNamesARoleThePlantDoesNotHaveRefusesToStart() {
        TargetSettings.Target mes =
                mes(Map.of(), List.of(new TargetSettings.GroupMapping("BSL.FILL-9.OPERATOR", "Nobody")));

        assertThatThrownBy(() -> ServiceConfiguration.groups("mes", mes, ROLES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qualigate.targets.mes")
                .hasMessageContaining("BSL.FILL-9.OPERATOR");
    }

    @Verifies("URS-INT-058")
    @Test
    void aRoleMappedToTwoGroupsByTheMapAndTheListRefusesToStart() {
        TargetSettings.Target mes = mes(
                Map.of("BSL.FILL-1.OPERATOR", "One group"),
                List.of(new TargetSettings.GroupMapping("BSL.FILL-1.OPERATOR", "Another group")));

        assertThatThrownBy(() -> ServiceConfiguration.groups("mes", mes, ROLES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("both group");
    }

    @Verifies("URS-INT-050")
    @Test
    void theDirectoryAndItsSiteMapBindFromEnvironmentVariables() {
        DirectorySettings settings = bind(
                Map.of(
                        "QUALIGATE_HRISDIRECTORY_TYPE", "workday",
                        "QUALIGATE_HRISDIRECTORY_SITES_0_LOCATION", "LOC_BSL",
                        "QUALIGATE_HRISDIRECTORY_SITES_0_SITE", "BSL",
                        "QUALIGATE_HRISDIRECTORY_SITES_1_LOCATION", "LOC_IND",
                        "QUALIGATE_HRISDIRECTORY_SITES_1_SITE", "IND"),
                "qualigate.hris-directory",
                DirectorySettings.class);

        assertThat(settings.effectiveType(false)).isEqualTo("workday");
        assertThat(settings.siteMap()).containsExactly(Map.entry("LOC_BSL", "BSL"), Map.entry("LOC_IND", "IND"));
    }

    @Verifies("URS-INT-050")
    @Test
    void withoutATypeTheJsonDirectoryWinsThenSuccessFactorsAndAnUnknownTypeIsRefused() {
        DirectorySettings json = new DirectorySettings("http://hris.example", null, null, null, null, null);
        DirectorySettings none = new DirectorySettings(null, null, null, null, null, null);

        assertThat(json.effectiveType(true)).isEqualTo("json");
        assertThat(none.effectiveType(true)).isEqualTo("successfactors");
        assertThat(none.effectiveType(false)).isEmpty();
        assertThatThrownBy(() -> new DirectorySettings(null, null, null, "ldap", null, null))
                .hasMessageContaining("json, workday or successfactors");
    }

    private static <T> T bind(Map<String, Object> environment, String prefix, Class<T> type) {
        // bound as Spring Boot binds the real environment: the source's name selects the environment-variable rules
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind(prefix, type)
                .get();
    }

    /** A SCIM target with a static token and these group mappings, nothing else set. */
    private static TargetSettings.Target mes(Map<String, String> groups, List<TargetSettings.GroupMapping> mappings) {
        return new TargetSettings.Target(
                "scim",
                "https://mes.example/scim/v2",
                "token",
                null,
                groups,
                mappings,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
