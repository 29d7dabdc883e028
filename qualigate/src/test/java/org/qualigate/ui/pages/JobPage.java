package org.qualigate.ui.pages;

import org.qualigate.support.Browser;

/** One background job's page: its state and progress bar, which htmx refreshes until the job has ended. */
public final class JobPage {

    private final Browser browser;

    public JobPage(Browser browser) {
        this.browser = browser;
    }

    public JobPage open(String id) {
        browser.open("/jobs/" + id);
        browser.waitFor("#job-progress");
        return this;
    }

    /** Waits, without reloading the page, until the polled progress says the text. */
    public JobPage waitUntil(String text) {
        browser.waitForText("#job-progress", text);
        return this;
    }

    public String state() {
        return browser.text("#job-progress .job-state");
    }

    public String percentShown() {
        return browser.text("#job-progress .job-percent");
    }

    /** The progress bar's value attribute (0 to 100), or empty for a bar without a known amount. */
    public String progressValue() {
        return browser.find("#job-progress progress").getAttribute("value");
    }

    public boolean polling() {
        return browser.find("#job-progress").getAttribute("hx-get") != null;
    }

    public String resultLink() {
        return browser.find("#job-result").getAttribute("href");
    }

    public JobPage openResult() {
        browser.submit("#job-result");
        return this;
    }
}
