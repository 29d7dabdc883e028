package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.support.InBrowserIT;
import org.qualigate.ui.pages.AccountPage;
import org.qualigate.ui.pages.UsersPage;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An administrator looks after the accounts: makes one for a new QA approver with a first password, which the
 * approver must replace at the first sign-in; finds a taken name refused; changes the roles and resets the
 * password with a reason each, both in the audit trail; disables the account (kept, never deleted) and enables
 * it again. A person changes their own password and preferences. Someone without the role, or at an address
 * that does not exist, reads a page that says so — never a JSON error.
 */
class AdministratorJourneyIT extends InBrowserIT {

    @Autowired
    JdbcClient jdbc;

    @Verifies({"URS-SEC-091", "URS-SEC-005"})
    @Test
    void anAdministratorCreatesAnAccountWhoseFirstPasswordItsOwnerMustReplace() {
        String name = "qa-" + UUID.randomUUID().toString().substring(0, 6);
        UsersPage users = new UsersPage(browser.signIn("admin", PASSWORD)).open();
        browser.screenshot("50-users");
        users.create(name, "Quinn Tester", name + "@plant.example", "first-password-2026", List.of("QA_APPROVER"));
        assertThat(browser.currentPath()).isEqualTo("/users/" + name);
        assertThat(users.done()).contains("Account created");
        assertThat(users.heldRoles()).isEqualTo("qa approver");
        assertThat(users.state()).contains("enabled").contains("must change the password");
        browser.screenshot("51-user-created");

        // the name is taken for good
        users.open().create(name, "Someone Else", "", "another-password-2026", List.of("AUDITOR"));
        assertThat(users.error("create-form"))
                .contains("This user name is taken")
                .contains("never reused");

        // the first password opens nothing but the page that replaces it
        browser.signIn(name, "first-password-2026");
        assertThat(browser.currentPath()).isEqualTo("/password/expired");
        assertThat(browser.find("#username").getAttribute("value")).isEqualTo(name);
        browser.screenshot("52-password-expired");
        new AccountPage(browser).replaceExpired("first-password-2026", "first-password-2026");
        assertThat(browser.text("#expired-form")).contains("must differ from the last");
        new AccountPage(browser).replaceExpired("first-password-2026", "quinn-own-password-2026");
        assertThat(browser.text("#password-changed")).contains("new password is set");
        browser.signIn(name, "quinn-own-password-2026");
        assertThat(browser.text("h1")).isEqualTo("Dashboard");
        assertThat(browser.text("header.top .who")).contains(name).contains("qa approver");
        assertThat(auditActions(name)).contains("user.created", "user.password-changed");
    }

    @Verifies({"URS-SEC-091", "URS-AUD-001"})
    @Test
    void rolesAndAResetPasswordChangeWithAReasonAndADisabledAccountIsKept() {
        String name = "hr-" + UUID.randomUUID().toString().substring(0, 6);
        UsersPage users = new UsersPage(browser.signIn("admin", PASSWORD)).open();
        users.create(name, "Harper Tester", name + "@plant.example", "first-password-2026", List.of("AUDITOR"));

        users.changeRoles(List.of("HR_MAPPING_EDITOR"), "");
        assertThat(users.error("roles-form")).contains("Say why the roles change");
        users.changeRoles(List.of("HR_MAPPING_EDITOR", "AUDITOR"), "joins the HR mapping team, CR-2026-114");
        assertThat(users.done()).contains("Roles changed");
        assertThat(users.heldRoles()).contains("hr mapping editor").contains("auditor");

        users.resetPassword("temporary-pass-2026", "forgotten; identity checked in person");
        assertThat(users.done()).contains("Password reset");
        assertThat(users.history())
                .contains("user.roles-changed")
                .contains("joins the HR mapping team, CR-2026-114")
                .contains("user.password-reset")
                .contains("forgotten; identity checked in person");
        browser.screenshot("53-user-roles-and-reset");

        users.disable("left the company on 30 Nov 2026");
        assertThat(users.state()).contains("disabled");
        browser.signIn(name, "temporary-pass-2026");
        assertThat(browser.text("#login-error")).contains("Wrong user name or password");
        // kept, with its name: enabled again, it is the same account
        new UsersPage(browser.signIn("admin", PASSWORD)).openAccount(name).enable("rehired on 1 Dec 2026");
        assertThat(users.state()).contains("enabled");
        assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE username = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(auditActions(name))
                .containsSubsequence(
                        "user.created", "user.roles-changed", "user.password-reset", "user.disabled", "user.enabled");
    }

    @Verifies("URS-SEC-091")
    @Test
    void aPersonChangesTheirOwnPasswordWithTheCurrentOneAndKeepsTheirPreferences() {
        String name = "pm-" + UUID.randomUUID().toString().substring(0, 6);
        new UsersPage(browser.signIn("admin", PASSWORD))
                .open()
                .create(name, "Pat Tester", "", "first-password-2026", List.of("PLANT_MANAGER"));
        browser.signIn(name, "first-password-2026");
        new AccountPage(browser).replaceExpired("first-password-2026", "pat-own-password-2026");
        browser.signIn(name, "pat-own-password-2026");

        AccountPage account = new AccountPage(browser).open();
        account.changePassword("not-my-password-at-all", "pat-next-password-2026");
        assertThat(browser.text("#password-form")).contains("This is not your current password");
        account.changePassword("pat-own-password-2026", "pat-next-password-2026");
        assertThat(account.done()).contains("Your password is changed");
        account.savePreferences("Europe/Zurich", "de");
        // the page that says so is already in the language chosen
        assertThat(account.done()).contains("Gespeichert");
        browser.screenshot("54-own-account");
        assertThat(jdbc.sql("SELECT time_zone || ' ' || language FROM app_user WHERE username = ?")
                        .param(name)
                        .query(String.class)
                        .single())
                .isEqualTo("Europe/Zurich de");
        browser.signIn(name, "pat-next-password-2026");
        assertThat(browser.text("h1")).isEqualTo("Übersicht");
    }

    @Verifies({"URS-SEC-092", "URS-SEC-002"})
    @Test
    void withoutTheRoleOrAtAnAddressThatIsNotThereThePageSaysSoInWords() {
        browser.signIn(USER, PASSWORD).open("/users");
        assertThat(browser.find("#problem").getAttribute("data-status")).isEqualTo("403");
        assertThat(browser.text("main")).contains("Not allowed");
        assertThat(browser.has("#create-form")).isFalse();
        // the navigation offers user administration to administrators only
        assertThat(browser.has("nav.main a[href='/users']")).isFalse();

        browser.open("/no/such/page");
        assertThat(browser.find("#problem").getAttribute("data-status")).isEqualTo("404");
        assertThat(browser.text("h1")).isEqualTo("Not found");
        browser.screenshot("55-not-found");
        browser.open("/change-sets/999999999");
        assertThat(browser.text("h1")).isEqualTo("Not found");
        browser.open("/audit/not-a-number");
        assertThat(browser.text("h1")).isEqualTo("This address cannot be read");

        // the API keeps answering RFC 9457 problems
        HttpResponse<String> api = get("/api/v1/no-such-thing");
        assertThat(api.statusCode()).isIn(403, 404);
        assertThat(api.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> missing = get("/api/v1/change-sets/999999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    }

    private List<String> auditActions(String username) {
        sealAuditTrail();
        return jdbc.sql("SELECT action FROM audit_event WHERE entity_type = 'user' AND entity_id = ? ORDER BY seq")
                .param(username)
                .query(String.class)
                .list();
    }
}
