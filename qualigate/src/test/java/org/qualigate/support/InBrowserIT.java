package org.qualigate.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the browser tests: the whole service as in {@link QualigateIT}, and one headless Debian Chromium for the
 * test class, started before the class's own set-up and closed after its last test. (The older browser tests start
 * their own; they can extend this one.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class InBrowserIT extends QualigateIT {

    protected Browser browser;

    @BeforeAll
    void startBrowser() {
        Assumptions.assumeTrue(Browser.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
        browser = Browser.start(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
