package org.qualigate.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/**
 * Whom an alert (a lockout, an unusable parameter) goes to when nobody approved recipients under change
 * control: the configured {@code qualigate.monitoring.alert-recipients}, in every form configuration gives it.
 */
class AlertRecipientsTest {

    @Verifies("URS-SEC-033")
    @Test
    void theDemoProfilesYamlListOfRecipientsIsBound() throws IOException {
        StandardEnvironment demo = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("demo", new ClassPathResource("application-demo.yml"))
                .forEach(demo.getPropertySources()::addFirst);

        assertThat(ApprovedParameters.configuredRecipients(demo)).containsExactly("qa-operations@plant.example");
    }

    @Verifies("URS-SEC-033")
    @Test
    void anIndexedListAndACommaSeparatedValueAreBoundAlike() {
        MockEnvironment indexed = new MockEnvironment()
                .withProperty("qualigate.monitoring.alert-recipients[0]", "qa@plant.example")
                .withProperty("qualigate.monitoring.alert-recipients[1]", "it@plant.example");
        MockEnvironment commas = new MockEnvironment()
                .withProperty("qualigate.monitoring.alert-recipients", "qa@plant.example, it@plant.example");
        MockEnvironment none = new MockEnvironment().withProperty("qualigate.monitoring.alert-recipients", "");

        assertThat(ApprovedParameters.configuredRecipients(indexed))
                .containsExactly("qa@plant.example", "it@plant.example");
        assertThat(ApprovedParameters.configuredRecipients(commas))
                .containsExactly("qa@plant.example", "it@plant.example");
        assertThat(ApprovedParameters.configuredRecipients(none)).isEmpty();
    }
}
