package org.qualigate.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The test clock replaces the system clock everywhere in the service; a scripted pulled source. */
@TestConfiguration
public class TestClockConfiguration {

    @Bean
    ScriptedHrisSource scriptedHrisSource() {
        return new ScriptedHrisSource();
    }

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock(QualigateIT.START);
    }
}
