package org.qualigate.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** What a control document may print of the configuration: endpoints without credentials, durations as people say them. */
class ConfiguredTest {

    @Verifies("URS-QEV-285")
    @Test
    void anEndpointIsPrintedWithoutUserInformationOrQuery() {
        assertThat(Configured.withoutSecrets(
                        "https://svc:s3cret@erp.plant.example:8443/sap/opu/odata/sap/?sap-client=100"))
                .isEqualTo("https://erp.plant.example:8443/sap/opu/odata/sap");
        assertThat(Configured.withoutSecrets("not a url")).isEqualTo("(a URL that does not parse)");
    }

    @Test
    void anUnsetEndpointSaysSoAndASetOneCarriesItsPath() {
        Configured c = new Configured(new Binder(new MapConfigurationPropertySource(Map.of(
                "qualigate.quality.jira.base-url", "https://plant.atlassian.net/?token=abc",
                "qualigate.targets.mes.base-url", "https://mes.example/scim/v2",
                "qualigate.targets.lims.base-url", "https://lims.example"))));

        assertThat(c.endpoint("qualigate.quality.jira.base-url", "/rest/api/3"))
                .isEqualTo("https://plant.atlassian.net/rest/api/3");
        assertThat(c.endpoint("qualigate.quality.erp.base-url", "/x")).isEqualTo("not configured");
        assertThat(c.names("qualigate.targets")).containsExactly("lims", "mes");
    }

    @Test
    void durationsAreSaidInTheirLargestWholeUnit() {
        assertThat(Configured.duration(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(Configured.duration(Duration.ofHours(12))).isEqualTo("12 h");
        assertThat(Configured.duration(Duration.ofDays(7))).isEqualTo("7 d");
        assertThat(Configured.duration(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(Configured.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
    }
}
