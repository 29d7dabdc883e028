package org.qualigate.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** One real SMTP server (GreenMail) per test JVM, receiving everything the service sends. */
public final class SharedMailSink {

    private static GreenMail mail;

    private SharedMailSink() {}

    public static synchronized GreenMail get() {
        if (mail == null) {
            mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
        }
        return mail;
    }

    public static int port() {
        return get().getSmtp().getPort();
    }

    /** Subjects of the messages sent to the address so far. */
    public static List<String> subjectsTo(String address) {
        // GreenMail keeps one copy per recipient: count each message (by Message-ID) once
        var seen = new java.util.HashSet<String>();
        return Arrays.stream(get().getReceivedMessages())
                .filter(m -> recipients(m).contains(address))
                .filter(m -> seen.add(messageId(m)))
                .map(SharedMailSink::subject)
                .toList();
    }

    /** Subject and text of each message sent to the address so far, as "subject\n\nbody". */
    public static List<String> lettersTo(String address) {
        var seen = new java.util.HashSet<String>();
        return Arrays.stream(get().getReceivedMessages())
                .filter(m -> recipients(m).contains(address))
                .filter(m -> seen.add(messageId(m)))
                .map(m -> subject(m) + "\n\n" + text(m))
                .toList();
    }

    /** The decoded text of a plain-text message (quoted-printable and charset undone). */
    private static String text(MimeMessage m) {
        try {
            return String.valueOf(m.getContent());
        } catch (MessagingException | IOException e) {
            return "";
        }
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            return List.of();
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
