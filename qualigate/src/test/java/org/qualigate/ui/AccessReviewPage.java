package org.qualigate.ui;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.qualigate.support.Browser;

/** An access review campaign's pages as a QA approver uses them: start, decide, sign, complete, lift. */
final class AccessReviewPage {

    private final Browser browser;

    private AccessReviewPage(Browser browser) {
        this.browser = browser;
    }

    /** From the navigation's "Access reviews", starts a campaign over everyone holding the role. */
    static AccessReviewPage startForRole(Browser browser, String role) {
        browser.follow("nav.main a[href$='/access-reviews']");
        browser.click("#start-form input[name=scope][value=ROLE]");
        new Select(browser.find("#review-role")).selectByValue(role);
        browser.submit("#start-form button");
        browser.waitFor("#holders-table");
        return new AccessReviewPage(browser);
    }

    String state() {
        return browser.text("#campaign-state");
    }

    /** The table row of the person's holding. */
    WebElement row(String employeeId) {
        return browser.driver()
                .findElement(By.xpath(
                        "//table[@id='holders-table']//tr[.//a[contains(@href, '/people/" + employeeId + "')]]"));
    }

    /** Marks the person's holding revoked, with the reason. */
    AccessReviewPage revoke(String employeeId, String reason) {
        WebElement row = row(employeeId);
        row.findElement(By.cssSelector("input[value=REVOKED]")).click();
        WebElement input = row.findElement(By.cssSelector("input[name^=reason-]"));
        input.clear();
        input.sendKeys(reason);
        return this;
    }

    /** Marks every holding not yet marked as confirmed. */
    AccessReviewPage confirmTheRest() {
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#holders-table tbody tr"));
        for (WebElement row : rows) {
            List<WebElement> revoke = row.findElements(By.cssSelector("input[value=REVOKED]"));
            List<WebElement> confirm = row.findElements(By.cssSelector("input[value=CONFIRMED]"));
            if (!confirm.isEmpty() && !revoke.getFirst().isSelected()) {
                confirm.getFirst().click();
            }
        }
        return this;
    }

    /** Signs the marked decisions (the user id only on the first signature of the session). */
    AccessReviewPage sign(String userId, String password) {
        if (browser.has("#sign-decisions #userId")) {
            browser.type("#sign-decisions #userId", userId);
        }
        browser.type("#sign-decisions #password", password);
        browser.submit("#sign-decisions button");
        return this;
    }

    String error(String css) {
        return browser.text(css);
    }

    String decision(String employeeId) {
        return row(employeeId).findElements(By.tagName("td")).get(4).getText();
    }

    AccessReviewPage complete(String password) {
        browser.type("#complete-password", password);
        browser.submit("#complete-form button");
        browser.waitFor("#report");
        return this;
    }

    String reportHref(String format) {
        return browser.find("#report-" + format).getAttribute("href");
    }

    String report() {
        return browser.text("#report");
    }

    /** On the list of access reviews, lifts the person's suspension with a reason, signing with the password. */
    static void lift(Browser browser, String employeeId, String reason, String password) {
        browser.open("/access-reviews#suspensions");
        WebElement card = browser.driver()
                .findElement(By.xpath(
                        "//div[starts-with(@id, 'suspension-')][.//a[contains(@href, '/people/" + employeeId + "')]]"));
        WebElement reasonInput = card.findElement(By.cssSelector("input[name=reason]"));
        reasonInput.sendKeys(reason);
        card.findElement(By.cssSelector("input[name=password]")).sendKeys(password);
        browser.follow(card.findElement(By.cssSelector("button")));
    }
}
