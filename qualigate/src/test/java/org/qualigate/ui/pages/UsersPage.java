package org.qualigate.ui.pages;

import java.util.List;
import org.openqa.selenium.By;
import org.qualigate.support.Browser;

/** The administrator's user pages: the list with its new-account form, and one account with its actions. */
public final class UsersPage {

    private final Browser browser;

    public UsersPage(Browser browser) {
        this.browser = browser;
    }

    public UsersPage open() {
        browser.open("/users");
        browser.waitFor("#create-form");
        return this;
    }

    public UsersPage openAccount(String username) {
        browser.open("/users/" + username);
        browser.waitFor("#account-facts");
        return this;
    }

    /** Fills and sends the new-account form; the browser is then on the account's page or back on the form. */
    public UsersPage create(String username, String printedName, String email, String password, List<String> roles) {
        browser.type("#username", username)
                .type("#displayName", printedName)
                .type("#email", email)
                .type("#password", password);
        for (String role : roles) {
            browser.click("#role-" + role);
        }
        browser.submit("#create-form button[type=submit]");
        return this;
    }

    /** Ticks exactly these roles and sends them with the reason. */
    public UsersPage changeRoles(List<String> roles, String reason) {
        for (var box : browser.driver().findElements(By.cssSelector("#roles-form input[name=roles]"))) {
            boolean wanted = roles.contains(box.getAttribute("value"));
            if (box.isSelected() != wanted) {
                box.click();
            }
        }
        browser.type("#roles-reason", reason);
        browser.submit("#roles-form button[type=submit]");
        return this;
    }

    public UsersPage resetPassword(String temporary, String reason) {
        browser.type("#reset-password", temporary).type("#reset-reason", reason);
        browser.submit("#password-form button[type=submit]");
        return this;
    }

    public UsersPage disable(String reason) {
        browser.type("#disable-reason", reason);
        browser.submit("#disable-form button[type=submit]");
        return this;
    }

    public UsersPage enable(String reason) {
        browser.type("#enable-reason", reason);
        browser.submit("#enable-form button[type=submit]");
        return this;
    }

    /** What the page says was done ({@code #done}). */
    public String done() {
        return browser.text("#done");
    }

    public String error(String form) {
        return browser.text("#" + form + " .error");
    }

    public String heldRoles() {
        return browser.text("#held-roles");
    }

    public String state() {
        return browser.text("#account-state");
    }

    public String history() {
        return browser.text("#history ~ table");
    }
}
