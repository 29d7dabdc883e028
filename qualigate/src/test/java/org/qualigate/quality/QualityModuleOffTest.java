package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qualigate.connector.BatchStock;
import org.qualigate.validation.Verifies;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Without an ERP the quality module wires nothing that calls out, and its worker never starts. */
class QualityModuleOffTest {

    // durations in @Value convert as in the application, which SpringApplication sets up
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(
                    c -> c.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance()))
            .withUserConfiguration(QualityConfiguration.class);

    @Verifies("URS-QEV-127")
    @Test
    void withoutAnErpNothingIsPulledPostedOrScheduled() {
        context.withPropertyValues("qualigate.qms.base-url=http://qms.example").run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c).doesNotHaveBean(BatchStock.class);
            assertThat(c).doesNotHaveBean(ErpBlocking.class);
            assertThat(c).doesNotHaveBean(NonconformancePull.class);
            assertThat(c).doesNotHaveBean(QualityRecordPull.class);
            assertThat(c.getBean(QualityConfiguration.QualitySchedule.class).isRunning())
                    .isFalse();
            assertThat(c.getBean(QualitySettings.class).configured()).isFalse();
        });
    }
}
