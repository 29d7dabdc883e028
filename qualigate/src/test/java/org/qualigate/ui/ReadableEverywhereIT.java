package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.qualigate.accessreview.AccessReviews;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.support.InBrowserIT;
import org.qualigate.training.TrainingParallelRun;
import org.qualigate.training.TrainingReconciliation;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pages read as a person expects (decision 0041): a German-speaking QA approver in Basel walks the main
 * journeys and meets German words only, no missing message and no ISO timestamp, with times in her own zone; a
 * browser asking for German gets German when the account leaves the language open; at tablet width no main page
 * scrolls sideways, and at a phone's width the wide tables scroll inside themselves; the first Tab reaches the
 * skip link, which moves the focus to the page's content.
 */
class ReadableEverywhereIT extends InBrowserIT {

    private static final String ROLE = "BSL.QA.BATCH_REVIEWER";
    private static final String GRETA_PASSWORD = "Basel-am-Rhein-2026!";
    /** An instant written for machines: an ISO date-time, or a fraction of a second. */
    private static final Pattern MACHINE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}|\\d{2}:\\d{2}:\\d{2}\\.\\d{3,9}");

    @Autowired
    Users users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TrainingReconciliation reconciliations;

    @Autowired
    TrainingParallelRun parallelRuns;

    @Autowired
    AccessReviews accessReviews;

    private final String greta = "greta-" + UUID.randomUUID().toString().substring(0, 6);
    private String person;
    private long changeSet;
    private UUID reconciliation;
    private UUID parallelRun;
    private long campaign;

    @BeforeAll
    void aGermanQaApproverInBaselAndWorkToShowHer() {
        Users.Result<UserAccount> created = users.create(
                new Users.NewUser(
                        greta,
                        "Greta Baumann",
                        UserAccount.Kind.PERSON,
                        Set.of(Role.QA_APPROVER, Role.ADMINISTRATOR),
                        GRETA_PASSWORD,
                        ZoneId.of("Europe/Zurich"),
                        null,
                        "de"),
                false,
                "admin");
        assertThat(created.value()).as(String.valueOf(created)).isNotNull();
        person = newPerson("BSL");
        for (String cert : List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001")) {
            hook(certification(person, cert).json());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> mesGroupsOf(person).contains(ROLE));
        changeSet = signedChangeSet(
                "PARAMETERS", "Lieferversuche für " + person, "{\"parameters\": {\"delivery.max-attempts\": \"7\"}}");
        reconciliation = reconciliations
                .run("BSL", TrainingReconciliation.Trigger.ON_DEMAND, greta)
                .value()
                .id();
        Instant now = clock.instant();
        parallelRun = parallelRuns
                .compare(
                        "BSL",
                        now.minus(Duration.ofDays(7)),
                        now.plus(Duration.ofDays(1)),
                        String.join(
                                "\n",
                                "employee_id,course_code,completion_date,status",
                                person + ",TW-CRS-0001,2020-01-01,Complete",
                                ""),
                        greta)
                .value()
                .id();
        // one open campaign per scope: another test's campaign on the role serves as well
        var started = accessReviews.start(AccessReviews.Scope.ROLE, ROLE, "Zugriffsprüfung " + person, "qa-approver");
        campaign = started.value() != null
                ? started.value().id()
                : accessReviews.list().getFirst().id();
    }

    @Verifies({"URS-UI-130", "URS-UI-131"})
    @Test
    void aGermanReaderMeetsNoEnglishNoMissingWordAndNoMachineTimeOnTheMainJourneys() {
        browser.signIn(greta, GRETA_PASSWORD);
        List<String> englishSentences = englishOnly();
        assertThat(englishSentences).hasSizeGreaterThan(100);
        englishSentences.addAll(englishPhrases());
        Map<String, String> problems = new LinkedHashMap<>();
        List<String> journeys = List.of(
                "/",
                "/people",
                "/people?q=" + person,
                "/people/" + person,
                "/people/" + person + "/roles/" + ROLE,
                "/change-sets",
                "/change-sets/" + changeSet,
                "/review",
                "/account",
                "/denied",
                "/no/such/page",
                "/change-sets/999999999",
                "/qms/reconciliations/" + reconciliation,
                "/qms/parallel-runs/" + parallelRun,
                "/quality",
                "/reports/expiries?site=BSL",
                "/reports/training-matrix?site=BSL&line=PACK-3",
                "/forecast?site=BSL&line=PACK-3",
                "/roles/" + ROLE,
                "/access-reviews/" + campaign);
        for (String path : journeys) {
            browser.open(path);
            waitForSwaps();
            String source = browser.driver().getPageSource();
            String text = browser.text("body");
            // only records are left as recorded, each marked as a quotation in its language (decision 0047)
            String ownWords = (String) ((JavascriptExecutor) browser.driver())
                    .executeScript("var b = document.body.cloneNode(true);"
                            + " b.querySelectorAll('q.record[lang]').forEach(function (e) { e.remove(); });"
                            + " document.documentElement.appendChild(b); var t = b.innerText; b.remove(); return t;");
            @SuppressWarnings("unchecked")
            List<String> records = (List<String>) ((JavascriptExecutor) browser.driver())
                    .executeScript("return Array.from(document.querySelectorAll('q.record'))"
                            + ".map(function (e) { return e.textContent; });");
            records.stream()
                    .filter(r -> englishSentences.contains(r.strip()))
                    .findFirst()
                    .ifPresent(r -> problems.put(path, "the page's own words marked as a record: " + r));
            assertThat(browser.find("html").getAttribute("lang")).as(path).isEqualTo("de");
            if (source.contains("??")) {
                problems.put(path, "a missing message: " + around(source, source.indexOf("??")));
            }
            englishSentences.stream()
                    .filter(ownWords::contains)
                    .findFirst()
                    .ifPresent(english -> problems.put(path, "English left over: " + english));
            var machine = MACHINE_TIME.matcher(text);
            if (machine.find()) {
                problems.put(path, "a machine's time: " + around(text, machine.start()));
            }
            browser.screenshot("de-" + path.replaceAll("[^a-zA-Z0-9]+", "-"));
        }
        assertThat(problems).as("German pages with problems").isEmpty();

        // the sentences made in Java, in German; what is a record, quoted as recorded
        browser.open("/people/" + person + "/roles/" + ROLE);
        assertThat(browser.text("ol.stories li.granted .sentence"))
                .contains(person + " (")
                .contains("erhielt die Rolle " + ROLE + " in mes am ")
                .contains("begründet durch Zertifizierung")
                .contains("abgeschlossen am")
                .containsPattern("\\d{1,2}\\. \\p{L}{3,4}\\.? \\d{4}, \\d{2}:\\d{2} Europe/Zurich");
        assertThat(browser.text(".status .summary")).contains(ROLE + " begründet durch Satz 1:");
        browser.open("/roles/" + ROLE);
        assertThat(browser.text("#answer-summary")).doesNotContainPattern("\\b(Jan|Mar|May|Oct|Dec) \\d{4}");
        assertThat(browser.text("ul.sets")).contains(": Datensatz ").contains("abgeschlossen am");
        browser.open("/access-reviews/" + campaign);
        assertThat(browser.driver().findElements(org.openqa.selenium.By.cssSelector("td.basis q.record[lang=en]")))
                .as("each holder's recorded basis, quoted as recorded")
                .isNotEmpty();
        // a refused form says why in German
        browser.open("/access-reviews");
        browser.submit("#start-form button[type=submit]");
        assertThat(browser.text("#start-form .error")).isEqualTo("Ist erforderlich.");

        browser.open("/");
        assertThat(browser.text("h1")).isEqualTo("Übersicht");
        // the dashboard's figures with a German decimal comma
        assertThat(browser.text(".tiles")).containsPattern("\\d+,\\d\\d s").doesNotContainPattern("\\d\\.\\d\\d s");
        assertThat(browser.text("footer")).contains("Zeiten in Europe/Zurich");
    }

    @Verifies("URS-UI-210")
    @Test
    void theRefusalsOfAccountsPasswordsChangeSetsSignaturesAndOverridesAreSaidInGerman() {
        // an account's name already taken, and a password the policy refuses (identity)
        browser.signIn(greta, GRETA_PASSWORD);
        new org.qualigate.ui.pages.UsersPage(browser)
                .open()
                .create("admin", "Noch Jemand", "", "ein-anderes-Passwort-2026", List.of("AUDITOR"));
        assertThat(browser.text("#create-form"))
                .contains("Dieser Benutzername ist vergeben")
                .doesNotContain("is taken");
        new org.qualigate.ui.pages.AccountPage(browser).open().changePassword(GRETA_PASSWORD, "zu-kurz-1");
        assertThat(browser.text("#password-form"))
                .contains("Das Passwort muss mindestens 12 Zeichen haben.")
                .doesNotContain("must have at least");

        // a change set's approval whose signature the password does not confirm (change sets, signatures)
        browser.open("/change-sets/" + changeSet);
        if (browser.has("#approve-userId")) {
            browser.type("#approve-userId", greta);
        }
        browser.type("#approve-password", "nicht-mein-Passwort");
        browser.submit("#approve-form button");
        assertThat(browser.text("#approve-form"))
                .contains("Bestätigt Ihre Identität nicht (falsches Passwort).")
                .doesNotContain("does not confirm");

        // an override for nobody the plant knows, in a role the plant does not have (overrides)
        String petra = "petra-" + UUID.randomUUID().toString().substring(0, 6);
        Users.Result<UserAccount> manager = users.create(
                new Users.NewUser(
                        petra,
                        "Petra Keller",
                        UserAccount.Kind.PERSON,
                        Set.of(Role.PLANT_MANAGER),
                        GRETA_PASSWORD,
                        ZoneId.of("Europe/Zurich"),
                        null,
                        "de"),
                false,
                "admin");
        assertThat(manager.value()).as(String.valueOf(manager)).isNotNull();
        browser.signIn(petra, GRETA_PASSWORD).open("/overrides");
        browser.type("#employeeId", "E-NIEMAND-1")
                .type("#role", "BSL.NIRGENDS-9.OPERATOR")
                .type("#hours", "8")
                .type("#reason", "Vertretung in der Nachtschicht")
                .type("#userId", petra)
                .type("#password", GRETA_PASSWORD);
        browser.submit("#grant-form button[type=submit]");
        assertThat(browser.text("#grant-form"))
                .contains("Ist keine bekannte Person.")
                .contains("Ist keine Rolle des Werks.")
                .doesNotContain("is not a");
    }

    @Verifies("URS-UI-212")
    @Test
    void theChangeEditorSaysWhyADefinitionOrAParameterIsRefusedInGerman() {
        browser.signIn(greta, GRETA_PASSWORD).open("/rules/edit");
        browser.type("#title", "Kaputte Definition");
        browser.type("#content", "version: 99\nsites:\n  - code: BSL\n    zone: Not/AZone\n");
        browser.submit("#rules-form button");
        // the position in the file (its entry) and the offending value are kept; the words are German
        assertThat(browser.text("#content-error"))
                .startsWith("Zeile 4: ")
                .contains("site BSL: Die Zone ist keine Zeitzonen-ID: Not/AZone")
                .doesNotContain("is not a time zone");

        browser.open("/parameters");
        browser.type("#p-delivery\\.max-attempts", "500").type("#title", "mehr Versuche");
        browser.submit("#parameters-form button");
        assertThat(browser.text("#parameters-form"))
                .contains("Kein annehmbarer Wert: muss von 1 bis 50 reichen")
                .doesNotContain("must be from");
    }

    @Verifies("URS-UI-132")
    @Test
    void instantsAreShownInTheReadersOwnTimeZoneAndLanguage() {
        browser.signIn(greta, GRETA_PASSWORD).open("/change-sets/" + changeSet);
        Instant created = jdbc.sql("SELECT created_at FROM change_set WHERE id = ?")
                .param(changeSet)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        String inBasel = DateTimeFormatter.ofPattern("d. MMM yyyy, HH:mm z", Locale.GERMAN)
                .withZone(ZoneId.of("Europe/Zurich"))
                .format(created);
        assertThat(browser.text("#state .summary")).contains(inBasel).contains("Entworfen von");

        // the auditor's account is left to the browser and never chose a zone: English words, UTC
        browser.signIn(USER, PASSWORD).open("/change-sets/" + changeSet);
        String inUtc = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH)
                .withZone(ZoneId.of("UTC"))
                .format(created);
        assertThat(browser.text("#state .summary")).contains(inUtc).contains("Drafted by");
    }

    @Verifies("URS-UI-130")
    @Test
    void aBrowserAskingForGermanGetsGermanWhenTheAccountLeavesTheLanguageOpen() throws Exception {
        assertThat(signInPageAsked("de-CH, de;q=0.9, en;q=0.5"))
                .contains("Anmelden")
                .contains("lang=\"de\"");
        assertThat(signInPageAsked("fr-CH, fr;q=0.9")).contains("Sign in").contains("lang=\"en\"");
        assertThat(signInPageAsked("en-GB")).contains("Sign in");
    }

    @Verifies("URS-UI-133")
    @Test
    void noMainPageScrollsSidewaysAtTabletWidthAndWideTablesScrollInsideThemselvesOnAPhone() {
        browser.signIn("admin", PASSWORD);
        List<String> pages = List.of(
                "/",
                "/people",
                "/people/" + person,
                "/people/" + person + "/roles/" + ROLE,
                "/review",
                "/review/events",
                "/change-sets",
                "/change-sets/" + changeSet,
                "/audit",
                "/reports?site=BSL",
                "/users",
                "/users/admin",
                "/account",
                "/qms",
                "/overrides",
                "/forecast",
                "/access-reviews",
                "/mappings",
                "/jobs");
        try {
            Map<String, Long> tablet = overflowAt(1024, pages);
            assertThat(tablet)
                    .as("pages wider than a 1024 px tablet (px too wide)")
                    .isEmpty();
            Map<String, Long> phone = overflowAt(390, List.of("/", "/people", "/people/" + person, "/account"));
            assertThat(phone)
                    .as("pages wider than a 390 px phone (px too wide)")
                    .isEmpty();
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    @Verifies("URS-UI-134")
    @Test
    void theFirstTabReachesTheSkipLinkWhichMovesTheFocusToTheContent() {
        browser.signIn(USER, PASSWORD).open("/people");
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("class")).isEqualTo("skip");
        assertThat(focused.getText()).isEqualTo("Skip to content");
        assertThat(focused.getRect().getY()).as("shown when focused").isGreaterThanOrEqualTo(0);
        String outline = (String) ((JavascriptExecutor) browser.driver())
                .executeScript("return getComputedStyle(arguments[0]).outlineStyle", focused);
        assertThat(outline).as("a visible focus outline").isNotEqualTo("none");
        browser.screenshot("skip-link-focused");
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "main"
                        .equals(browser.driver().switchTo().activeElement().getAttribute("id")));
        // the next Tab goes on from the content, not from the top of the page again
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        WebElement next = browser.driver().switchTo().activeElement();
        assertThat((Boolean) ((JavascriptExecutor) browser.driver())
                        .executeScript("return document.getElementById('main').contains(arguments[0])", next))
                .as("the Tab after the skip link lands inside the content")
                .isTrue();
    }

    /** How many pixels each page is wider than the window, for the pages that are. */
    private Map<String, Long> overflowAt(int width, List<String> pages) {
        browser.driver().manage().window().setSize(new Dimension(width, 900));
        Map<String, Long> tooWide = new LinkedHashMap<>();
        for (String path : pages) {
            browser.open(path);
            waitForSwaps();
            long over = ((Number) ((JavascriptExecutor) browser.driver())
                            .executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                    .longValue();
            assertThat(((Number) ((JavascriptExecutor) browser.driver()).executeScript("return window.innerWidth"))
                            .intValue())
                    .as("the window's width")
                    .isLessThanOrEqualTo(width);
            if (over > 0) {
                tooWide.put(path, over);
            }
            browser.screenshot("width-" + width + path.replaceAll("[^a-zA-Z0-9]+", "-"));
        }
        return tooWide;
    }

    /** The parts htmx loads after the page (the waiting panel, the chart) are in before the page is read. */
    private void waitForSwaps() {
        await().atMost(Duration.ofSeconds(60)).until(() -> (Boolean) ((JavascriptExecutor) browser.driver())
                .executeScript("var w = document.getElementById('waiting');"
                        + " return document.querySelectorAll('.htmx-request').length === 0"
                        + " && (w === null || w.querySelector('#nothing-waiting, .waiting') !== null)"));
    }

    private String signInPageAsked(String acceptLanguage) throws Exception {
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(uri("/login"))
                        .header("accept-language", acceptLanguage)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    /**
     * The English pages' own sentences that German says otherwise: the bundle's texts without arguments or
     * markup, long enough not to be a name or a code that both languages share.
     */
    private static List<String> englishOnly() {
        Properties english = bundle("messages.properties");
        Properties german = bundle("messages_de.properties");
        List<String> sentences = new ArrayList<>();
        for (String key : english.stringPropertyNames()) {
            String en = english.getProperty(key);
            if (!key.startsWith("format.")
                    && en.length() >= 12
                    && !en.contains("{")
                    && !en.contains("<")
                    && !en.equals(german.getProperty(key))) {
                sentences.add(en);
            }
        }
        return sentences;
    }

    /**
     * The English words around the arguments of the bundles' sentences ("gained role", "was completed on"), where
     * German says them otherwise: a sentence made in Java and left English would show them.
     */
    private static List<String> englishPhrases() {
        Properties english = bundle("messages.properties");
        Properties german = bundle("messages_de.properties");
        List<String> phrases = new ArrayList<>();
        for (String key : english.stringPropertyNames()) {
            String en = english.getProperty(key);
            String de = german.getProperty(key, "");
            if (key.startsWith("format.") || !en.contains("{") || en.contains("<")) {
                continue;
            }
            // the words outside {…}, a choice's inner braces included
            for (String part :
                    en.replaceAll("\\{[^{}]*(\\{[^{}]*\\}[^{}]*)*\\}", "\u0000").split("\u0000")) {
                String phrase = part.replace("''", "'").strip();
                if (phrase.length() >= 14 && phrase.contains(" ") && !de.contains(phrase)) {
                    phrases.add(phrase);
                }
            }
        }
        return phrases;
    }

    private static Properties bundle(String name) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources", name), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String around(String text, int at) {
        return "…" + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60)) + "…";
    }
}
