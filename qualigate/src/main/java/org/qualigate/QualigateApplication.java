package org.qualigate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of the Qualigate service. */
@SpringBootApplication
@EnableScheduling
public class QualigateApplication {

    public static void main(String[] args) {
        SpringApplication.run(QualigateApplication.class, args);
    }
}
