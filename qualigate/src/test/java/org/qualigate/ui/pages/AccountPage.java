package org.qualigate.ui.pages;

import org.qualigate.support.Browser;

/**
 * One's own account ({@code /account}), and the page that replaces an expired or reset password before
 * sign-in ({@code /password/expired}).
 */
public final class AccountPage {

    private final Browser browser;

    public AccountPage(Browser browser) {
        this.browser = browser;
    }

    public AccountPage open() {
        browser.open("/account");
        browser.waitFor("#profile-form");
        return this;
    }

    public AccountPage changePassword(String current, String next) {
        browser.type("#current", current).type("#new-password", next).type("#repeat", next);
        browser.submit("#password-form button[type=submit]");
        return this;
    }

    public AccountPage savePreferences(String timeZone, String language) {
        browser.type("#timeZone", timeZone);
        new org.openqa.selenium.support.ui.Select(browser.find("#language")).selectByValue(language);
        browser.submit("#profile-form button[type=submit]");
        return this;
    }

    /** On the expired-password page, reached from a sign-in with an expired or reset password. */
    public AccountPage replaceExpired(String current, String next) {
        browser.waitFor("#expired-form");
        browser.type("#current", current).type("#new-password", next).type("#repeat", next);
        browser.submit("#expired-form button[type=submit]");
        return this;
    }

    public String done() {
        return browser.text("#done");
    }
}
