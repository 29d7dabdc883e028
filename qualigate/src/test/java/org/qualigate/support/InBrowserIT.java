package org.qualigate.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the browser tests: the whole service as in {@link QualigateIT}, and one headless Debian Chromium for the
 * test class, started before the class's own set-up and closed after its last test. (The older browser tests start
 * their own; they can extend this one.) Without Chromium the class fails, or is skipped only on explicit request
 * ({@link Browser.Required}).
 */
@ExtendWith(Browser.Required.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class InBrowserIT extends QualigateIT {

    protected Browser browser;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
