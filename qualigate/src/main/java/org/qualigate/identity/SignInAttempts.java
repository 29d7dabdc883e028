package org.qualigate.identity;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.List;
import org.qualigate.settings.ApprovedParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Counts failed password sign-ins from Spring Security's authentication events, whichever filter chain or
 * re-authentication published them, locks the account at the configured number and e-mails an alert at once.
 */
@Component
class SignInAttempts {

    private static final Logger log = LoggerFactory.getLogger(SignInAttempts.class);

    private final Users users;
    private final IdentitySettings settings;
    private final ObjectProvider<JavaMailSender> mail;
    private final List<String> fallbackRecipients;
    private final String from;
    private final ApprovedParameters parameters;
    private final Clock clock;

    SignInAttempts(
            Users users,
            IdentitySettings settings,
            ObjectProvider<JavaMailSender> mail,
            @Value("${qualigate.monitoring.alert-recipients:}") List<String> fallbackRecipients,
            @Value("${qualigate.notices.from:qualigate@plant.example}") String from,
            ApprovedParameters parameters,
            Clock clock) {
        this.parameters = parameters;
        this.users = users;
        this.settings = settings;
        this.mail = mail;
        this.fallbackRecipients =
                fallbackRecipients.stream().filter(s -> !s.isBlank()).toList();
        this.from = from;
        this.clock = clock;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        String username = event.getAuthentication().getName();
        if (users.failed(username)) {
            log.warn("account {} locked after {} failed attempts", username, users.maxFailedAttempts());
            alert(username);
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        users.succeeded(event.getAuthentication().getName());
    }

    private void alert(String username) {
        List<String> to = settings.lockoutAlertRecipients().isEmpty()
                ? parameters.listValue("monitoring.alert-recipients", fallbackRecipients)
                : settings.lockoutAlertRecipients();
        JavaMailSender sender = mail.getIfAvailable();
        if (to.isEmpty() || sender == null) {
            log.warn("no recipient or mail sender for the lockout alert of {}", username);
            return;
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
            helper.setFrom(from);
            helper.setTo(to.toArray(String[]::new));
            helper.setSubject("[Qualigate] account locked: " + username);
            helper.setText("The account " + username + " was locked at " + clock.instant() + " after "
                    + users.maxFailedAttempts() + " consecutive failed sign-ins or signatures.\n"
                    + "An administrator can enable it again (POST /api/v1/users/" + username + "/enable) once the"
                    + " attempts are explained.");
            sender.send(message);
        } catch (jakarta.mail.MessagingException | org.springframework.mail.MailException e) {
            log.error("lockout alert for {} could not be sent: {}", username, e.getMessage());
        }
    }
}
