package org.qualigate.ui;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.qualigate.support.Browser;

/** The staffing forecast page as a person uses it: a line's calendar, a shift's chip, its details. */
final class ForecastCalendarPage {

    private final Browser browser;

    private ForecastCalendarPage(Browser browser) {
        this.browser = browser;
    }

    static ForecastCalendarPage open(Browser browser, String site, String line) {
        browser.open("/forecast?site=" + site + "&line=" + line);
        browser.waitFor("#calendar");
        return new ForecastCalendarPage(browser);
    }

    /** Follows the main navigation's "Forecast" entry, then the line's tab. */
    static ForecastCalendarPage fromNavigation(Browser browser, String line) {
        browser.follow("nav.main a[href$='/forecast']");
        browser.waitFor("#line-tabs");
        // the forecast opens on a line's calendar already: wait for the tab's page, not the one it replaces
        browser.follow(browser.driver()
                .findElement(By.xpath("//nav[@id='line-tabs']/a[starts-with(normalize-space(.), '" + line + "')]")));
        browser.waitFor("#calendar");
        return new ForecastCalendarPage(browser);
    }

    String summary() {
        return browser.text("#forecast-summary");
    }

    String activeLine() {
        return browser.text("#line-tabs a.here");
    }

    /** The chip of the shift that starts at the instant (its key ends with it). */
    WebElement chip(String shiftKey) {
        return browser.find(".chip[data-shift='" + shiftKey + "']");
    }

    List<WebElement> chipsAtRisk() {
        return browser.driver().findElements(By.cssSelector("#calendar .chip.risk"));
    }

    /** Clicks a shift's chip and answers the text of the shift's details it leads to. */
    String details(String shiftKey) {
        WebElement chip = chip(shiftKey);
        String anchor = chip.getAttribute("href");
        chip.click();
        String id = anchor.substring(anchor.indexOf('#') + 1);
        return browser.text("#" + id);
    }

    /** Follows the link to a person named in a shift's details. */
    void openPerson(String employeeId) {
        browser.submit(".shift-detail a[href$='/people/" + employeeId + "']");
    }
}
