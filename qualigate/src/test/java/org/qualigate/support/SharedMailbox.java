package org.qualigate.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

/** One SMTP server (GreenMail, on a free port) per test JVM, where the service sends its alert e-mails. */
public final class SharedMailbox {

    private static GreenMail mail;

    private SharedMailbox() {}

    public static synchronized GreenMail get() {
        if (mail == null) {
            mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            mail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(mail::stop));
        }
        return mail;
    }
}
