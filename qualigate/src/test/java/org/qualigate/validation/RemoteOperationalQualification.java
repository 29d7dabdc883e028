package org.qualigate.validation;

import java.net.URI;

/**
 * The OQ's black-box checks against an installed instance, configured by the {@link OqRunner} through
 * system properties. Not a {@code …Test} or {@code …IT}: the build never runs it on its own.
 */
@RunOutsideTheBuild("./qualigate-oq (OqRunner), against an installed instance")
public class RemoteOperationalQualification implements OqChecks {

    static final String BASE_URL = "qualigate.oq.base-url";
    static final String USER = "qualigate.oq.user";
    static final String PASSWORD = "qualigate.oq.password";
    static final String HOOK_SOURCE = "qualigate.oq.hook-source";
    static final String HOOK_SECRET = "qualigate.oq.hook-secret";

    @Override
    public OqTarget target() {
        String secret = System.getProperty(HOOK_SECRET, "");
        return new OqTarget(
                URI.create(System.getProperty(BASE_URL, "http://localhost:8080")),
                System.getProperty(USER, "auditor"),
                System.getProperty(PASSWORD, ""),
                System.getProperty(HOOK_SOURCE, "hris"),
                secret.isBlank() ? null : secret,
                java.time.Clock.systemUTC());
    }
}
