package org.qualigate.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.qualigate.support.Browser;

/** The training matrix heat map of a line: rows of people, cells by qualification, each with its state. */
final class TrainingMatrixPage {

    private final Browser browser;

    private TrainingMatrixPage(Browser browser) {
        this.browser = browser;
    }

    /** From the Reports page, the link to the line's training matrix. */
    static TrainingMatrixPage fromReports(Browser browser, String site, String line) {
        browser.open("/reports");
        browser.submit(
                "#picture-links a[href*='training-matrix'][href*='site=" + site + "'][href*='line=" + line + "']");
        browser.waitFor("#heat-map");
        return new TrainingMatrixPage(browser);
    }

    /** The state a cell shows (its data), and that the same state is written as a symbol in the cell. */
    String state(String employeeId, String code) {
        return cell(employeeId, code).getAttribute("data-state");
    }

    String symbol(String employeeId, String code) {
        return cell(employeeId, code).findElement(By.cssSelector("text")).getText();
    }

    String legend() {
        return browser.text("#state-legend");
    }

    /** Clicks the person's row (the drill-down) and waits for their page. */
    void openPerson(String employeeId) {
        browser.submit("g.row[data-employee='" + employeeId + "'] a text");
    }

    private WebElement cell(String employeeId, String code) {
        return browser.find("g.row[data-employee='" + employeeId + "'] g[data-code='" + code + "']");
    }
}
