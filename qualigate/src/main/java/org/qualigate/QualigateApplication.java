package org.qualigate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of the Qualigate service. */
@SpringBootApplication
@EnableScheduling
public class QualigateApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("iq")) {
            System.exit(org.qualigate.validation.InstallationQualificationCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(QualigateApplication.class, args);
    }
}
