package org.qualigate.waiting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.qualigate.identity.Role;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What waits for whom: a QA approver sees the change sets others signed (never their own) with their age, an
 * HR mapping editor the codes to map and their own drafts, an auditor nothing to act on; and however many scans
 * of the outbox run at once — on several instances, or again after a restart — each waiting item is announced to
 * the QA approvers exactly once.
 */
class WaitingWorkIT extends QualigateIT {

    @Autowired
    WaitingWork waiting;

    @Autowired
    WaitingMail mail;

    @Autowired
    Users users;

    @Autowired
    JdbcClient jdbc;

    @Verifies("URS-REP-094")
    @Test
    void eachRoleSeesWhatItMayDealWithAndNeverItsOwnChangeSetToApprove() {
        String person = newPerson("BSL");
        String code =
                "WD-CERT-WW-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        hook(certification(person, code).json());
        long byEditor = signedChangeSet(
                "PARAMETERS", "waiting test " + code, "{\"parameters\": {\"delivery.max-attempts\": \"9\"}}");

        List<Waiting> qa = waiting.forUser("qa-approver", EnumSet.of(Role.QA_APPROVER));
        Waiting toApprove = kind(qa, Waiting.Kind.CHANGE_SETS_TO_APPROVE);
        assertThat(toApprove.count()).isGreaterThanOrEqualTo(1);
        assertThat(waiting.toApprove("qa-approver", clock.instant())).anySatisfy(i -> {
            assertThat(i.ref()).isEqualTo(Long.toString(byEditor));
            assertThat(i.link()).isEqualTo("/change-sets/" + byEditor);
            assertThat(i.age().isNegative()).isFalse();
        });
        // the author never sees their own change set as one to approve
        assertThat(waiting.toApprove("hr-editor", clock.instant()))
                .noneMatch(i -> i.ref().equals(Long.toString(byEditor)));

        List<Waiting> editor = waiting.forUser("hr-editor", EnumSet.of(Role.HR_MAPPING_EDITOR));
        assertThat(kind(editor, Waiting.Kind.UNMAPPED_CODES).count()).isGreaterThanOrEqualTo(1);
        assertThat(editor).noneMatch(w -> w.kind() == Waiting.Kind.CHANGE_SETS_TO_APPROVE);

        assertThat(waiting.forUser(USER, EnumSet.of(Role.AUDITOR))).isEmpty();
    }

    @Verifies("URS-REP-094")
    @Test
    void scansRunningAtOnceAnnounceEachWaitingItemOnceAndNeverToItsAuthor() throws Exception {
        String name = "qa-scan-" + UUID.randomUUID().toString().substring(0, 6);
        Users.Result<UserAccount> made = users.create(
                new Users.NewUser(
                        name,
                        "Quinn Scan",
                        UserAccount.Kind.PERSON,
                        Set.of(Role.QA_APPROVER),
                        "qa-scan-password-2026",
                        ZoneId.of("UTC"),
                        name + "@plant.example"),
                "admin");
        assertThat(made.refused()).isFalse();
        long id = signedChangeSet(
                "PARAMETERS", "announce once " + name, "{\"parameters\": {\"delivery.max-attempts\": \"8\"}}");

        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> scans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                scans.add(pool.submit((Callable<Integer>) mail::scan));
            }
            for (Future<Integer> s : scans) {
                s.get();
            }
        } finally {
            pool.shutdown();
        }
        mail.scan();

        List<String> notices = jdbc.sql("SELECT recipients FROM notice WHERE dedupe_key = ?")
                .param("waiting/change-set/" + id + "/v1")
                .query(String.class)
                .list();
        assertThat(notices).hasSize(1);
        assertThat(notices.getFirst()).contains(name + "@plant.example");
        sealAuditTrail();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'notice.queued' AND reason = ?")
                        .param("waiting/change-set/" + id + "/v1")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private static Waiting kind(List<Waiting> all, Waiting.Kind kind) {
        return all.stream().filter(w -> w.kind() == kind).findFirst().orElseThrow();
    }
}
