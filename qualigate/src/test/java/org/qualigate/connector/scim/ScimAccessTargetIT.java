package org.qualigate.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;

/**
 * The SCIM adapter over real HTTP, against two independently written servers: the sandbox's MES
 * simulator, and a server that makes the other choices RFC 7644 allows ({@link OtherVendorScimServer}).
 */
class ScimAccessTargetIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T14:00:00Z"), ZoneOffset.UTC);
    private static final String VENDOR_TOKEN = "other-vendor-token-5521";
    private static final RoleName OPERATOR = RoleName.of("BSL.FILL-1.OPERATOR");
    private static final RoleName SUPERVISOR = RoleName.of("BSL.FILL-1.SUPERVISOR");
    private static final RoleName CLEANER = RoleName.of("BSL.FILL-1.CLEANER");

    @Nested
    class AgainstTheSandbox {

        private Sandbox sandbox;
        private ScimAccessTarget target;

        @BeforeEach
        void startSandbox() {
            sandbox = Sandbox.start(SandboxOptions.forTests());
            sandbox.scim().createGroup("Filling line 1 operators");
            sandbox.scim().createGroup("Filling line 1 supervisors");
            sandbox.scim().createGroup("Canteen");
            target = new ScimAccessTarget(sandboxSettings(), Clock.systemUTC());
        }

        @AfterEach
        void stopSandbox() {
            sandbox.close();
        }

        @Verifies("URS-INT-008")
        @Test
        void readsAnOperatorByUserNameWithTheManagedGroupsTheyBelongTo() {
            String userId = sandbox.scim().createUser("E10023", "WD-10023", "Jane Doe");
            sandbox.scim().addMember("Filling line 1 operators", "E10023");
            sandbox.scim().addMember("Canteen", "E10023");

            Optional<TargetAccount> account = target.read(EmployeeId.of("E10023"));

            assertThat(account).contains(TargetAccount.of(EmployeeId.of("E10023"), userId, Set.of(OPERATOR)));
        }

        @Verifies("URS-INT-008")
        @Test
        void readsAnOperatorByExternalId() {
            sandbox.scim().createUser("jane.doe", "E10023", "Jane Doe");
            sandbox.scim().addMember("Filling line 1 supervisors", "jane.doe");
            ScimAccessTarget byExternalId =
                    new ScimAccessTarget(sandboxSettings().withMatchAttribute("externalId"), Clock.systemUTC());

            assertThat(byExternalId.read(EmployeeId.of("E10023")))
                    .hasValueSatisfying(read -> assertThat(read.roles()).containsExactly(SUPERVISOR));
            assertThat(byExternalId.read(EmployeeId.of("jane.doe"))).isEmpty();
        }

        @Verifies("URS-INT-008")
        @Test
        void readsAnUnknownPersonAsNoAccount() {
            assertThat(target.read(EmployeeId.of("E99999"))).isEmpty();
        }

        @Verifies("URS-INT-008")
        @Test
        void grantsAndRevokesRoundTrip() {
            sandbox.scim().createUser("E10023", null, null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();

            target.grant(account, OPERATOR);
            target.grant(account, SUPERVISOR);
            assertThat(sandbox.scim().groupsOf("E10023"))
                    .containsExactlyInAnyOrder("Filling line 1 operators", "Filling line 1 supervisors");
            assertThat(target.read(EmployeeId.of("E10023")).orElseThrow().roles())
                    .containsExactly(OPERATOR, SUPERVISOR);

            target.revoke(account, OPERATOR);
            assertThat(sandbox.scim().groupsOf("E10023")).containsExactly("Filling line 1 supervisors");
            assertThat(target.read(EmployeeId.of("E10023")).orElseThrow().roles())
                    .containsExactly(SUPERVISOR);
        }

        @Verifies({"URS-INT-008", "URS-INT-083"})
        @Test
        void readsManyOperatorsInOneSearchWithTheAnswerOfReadingThemOneByOne() {
            List<EmployeeId> people = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "E2000" + i;
                sandbox.scim().createUser(name, null, null);
                if (i % 3 == 0) {
                    sandbox.scim().addMember("Filling line 1 operators", name);
                }
                people.add(EmployeeId.of(name));
            }
            people.add(EmployeeId.of("E99999"));
            CountingHttpClient http = new CountingHttpClient(ScimAccessTarget.defaultClient(sandboxSettings()));
            ScimAccessTarget counted = new ScimAccessTarget(sandboxSettings(), http, Clock.systemUTC());

            Map<EmployeeId, Optional<TargetAccount>> together = counted.readAll(people);

            assertThat(http.requests()).containsExactly("GET /Users");
            for (EmployeeId p : people) {
                assertThat(together.get(p)).as(p.value()).isEqualTo(target.read(p));
            }
            assertThat(together.get(EmployeeId.of("E99999"))).isEmpty();
        }

        @Verifies({"URS-INT-008", "URS-INT-083"})
        @Test
        void readsManyOperatorsWithoutGroupsAsInNoGroupWhenTheServerSaysItKeepsGroupsOnUsers() {
            List<EmployeeId> people = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sandbox.scim().createUser("E4000" + i, null, null);
                people.add(EmployeeId.of("E4000" + i));
            }
            CountingHttpClient http = new CountingHttpClient(ScimAccessTarget.defaultClient(sandboxSettings()));
            ScimAccessTarget counted = new ScimAccessTarget(sandboxSettings(), http, Clock.systemUTC());

            Map<EmployeeId, Optional<TargetAccount>> together = counted.readAll(people);

            // none has "groups"; the server's User schema says it keeps them, so none is in a group
            assertThat(http.requests()).containsExactly("GET /Users", "GET /Schemas");
            for (EmployeeId p : people) {
                assertThat(together.get(p))
                        .hasValueSatisfying(a -> assertThat(a.roles()).isEmpty());
            }
        }

        @Verifies({"URS-INT-008", "URS-INT-083"})
        @Test
        void grantsAndRevokesOneRoleForManyOperatorsInOneChangeEach() {
            List<TargetAccount> granted = new ArrayList<>();
            List<TargetAccount> revoked = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "E3000" + i;
                sandbox.scim().createUser(name, null, null);
                if (i >= 3) {
                    sandbox.scim().addMember("Filling line 1 operators", name);
                }
                (i < 3 ? granted : revoked).add(target.read(EmployeeId.of(name)).orElseThrow());
            }
            CountingHttpClient http = new CountingHttpClient(ScimAccessTarget.defaultClient(sandboxSettings()));
            ScimAccessTarget counted = new ScimAccessTarget(sandboxSettings(), http, Clock.systemUTC());

            counted.changeAll(OPERATOR, granted, revoked);

            assertThat(sandbox.scim().members("Filling line 1 operators"))
                    .containsExactlyInAnyOrder("E30000", "E30001", "E30002");
            assertThat(http.requests().stream().filter(r -> r.startsWith("PATCH")))
                    .containsExactly("PATCH /Groups", "PATCH /Groups");
            // done again, nothing changes: adding members already there and removing absent ones is harmless
            counted.changeAll(OPERATOR, granted, revoked);
            assertThat(sandbox.scim().members("Filling line 1 operators"))
                    .containsExactlyInAnyOrder("E30000", "E30001", "E30002");
        }

        @Verifies("URS-INT-008")
        @Test
        void grantingTwiceAndRevokingARoleNotHeldChangeNothing() {
            sandbox.scim().createUser("E10023", null, null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();

            target.grant(account, OPERATOR);
            long afterFirstGrant = sandbox.sideEffects().latestSeq();
            target.grant(account, OPERATOR);
            target.revoke(account, SUPERVISOR);

            assertThat(sandbox.scim().groupsOf("E10023")).containsExactly("Filling line 1 operators");
            assertThat(sandbox.sideEffects().since(afterFirstGrant)).isEmpty();
            assertThat(sandbox.sideEffects().all())
                    .extracting(SideEffect::operation)
                    .filteredOn(operation -> operation.contains("member"))
                    .hasSize(1);
        }

        @Verifies("URS-INT-076")
        @Test
        void sendsMembershipChangesWithoutIfMatchUnlessTheTargetRequiresIt() {
            sandbox.scim().createUser("E10031", null, null);
            sandbox.scim().createUser("E10032", null, null);
            CountingHttpClient commuting = new CountingHttpClient(ScimAccessTarget.defaultClient(sandboxSettings()));
            ScimAccessTarget byDefault = new ScimAccessTarget(sandboxSettings(), commuting, Clock.systemUTC());
            CountingHttpClient versioned = new CountingHttpClient(ScimAccessTarget.defaultClient(sandboxSettings()));
            ScimAccessTarget requiring = new ScimAccessTarget(
                    sandboxSettings(),
                    ScimAuthentication.bearer(sandboxSettings().bearerToken()),
                    versioned,
                    Clock.systemUTC(),
                    true,
                    Traces.CallRecorder.NONE);

            byDefault.grant(byDefault.read(EmployeeId.of("E10031")).orElseThrow(), OPERATOR);
            requiring.grant(requiring.read(EmployeeId.of("E10032")).orElseThrow(), OPERATOR);
            // the group's version the second one remembered is stale by now: it is read again when refused
            byDefault.revoke(byDefault.read(EmployeeId.of("E10031")).orElseThrow(), OPERATOR);
            requiring.revoke(requiring.read(EmployeeId.of("E10032")).orElseThrow(), OPERATOR);

            assertThat(commuting.patchesWithIfMatch()).containsExactly(false, false);
            assertThat(versioned.patchesWithIfMatch()).isNotEmpty().containsOnly(true);
            assertThat(sandbox.scim().members("Filling line 1 operators")).doesNotContain("E10031", "E10032");
        }

        @Verifies("URS-INT-008")
        @Test
        void retriesAfterPreconditionFailed() {
            sandbox.scim().createUser("E10023", null, null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();
            sandbox.faults().inject(Fault.error("scim", "PATCH /Groups", 412, 1));

            target.grant(account, OPERATOR);

            assertThat(sandbox.scim().groupsOf("E10023")).containsExactly("Filling line 1 operators");
        }

        @Verifies("URS-INT-008")
        @Test
        void retriesWhenAnotherWriterChangedTheGroupSinceItsVersionWasSeen() {
            sandbox.scim().createUser("E10023", null, null);
            sandbox.scim().createUser("E10024", null, null);
            TargetAccount first = target.read(EmployeeId.of("E10023")).orElseThrow();
            target.grant(first, OPERATOR);
            ScimAccessTarget otherInstance = new ScimAccessTarget(sandboxSettings(), Clock.systemUTC());
            TargetAccount second = otherInstance.read(EmployeeId.of("E10024")).orElseThrow();
            otherInstance.grant(second, OPERATOR);

            target.revoke(first, OPERATOR);

            assertThat(sandbox.scim().members("Filling line 1 operators")).containsExactly("E10024");
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsRateLimitingWithTheWaitTheServerAskedFor() {
            sandbox.scim().createUser("E10023", null, null);
            sandbox.faults().inject(Fault.rateLimited("scim", "GET /Users", Duration.ofSeconds(7), 1));

            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(TargetException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    });
            assertThat(target.read(EmployeeId.of("E10023"))).isPresent();
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsServiceUnavailableAsTransient() {
            sandbox.scim().createUser("E10023", null, null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();
            sandbox.faults().inject(Fault.error("scim", "PATCH /Groups", 503, 1));

            assertThatThrownBy(() -> target.grant(account, OPERATOR))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("503");
            assertThat(sandbox.scim().groupsOf("E10023")).isEmpty();
        }

        @Verifies("URS-INT-008")
        @Test
        void reportsAGroupTheServerDoesNotFindAsPermanent() {
            sandbox.scim().createUser("E10023", null, null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();
            sandbox.faults().inject(Fault.error("scim", "PATCH /Groups", 404, 2));

            assertThatThrownBy(() -> target.grant(account, OPERATOR))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("no SCIM group 'Filling line 1 operators' for role BSL.FILL-1.OPERATOR");
        }

        @Verifies("URS-INT-008")
        @Test
        void reportsAGroupMissingForARoleAsPermanent() {
            sandbox.scim().createUser("E10023", null, null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();

            assertThatThrownBy(() -> target.grant(account, CLEANER))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("no SCIM group 'Filling line 1 cleaners' for role BSL.FILL-1.CLEANER");
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsATimeoutAndADroppedConnectionAsTransient() {
            sandbox.scim().createUser("E10023", null, null);
            ScimAccessTarget impatient = new ScimAccessTarget(
                    sandboxSettings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)), Clock.systemUTC());
            sandbox.faults().inject(Fault.timeout("scim", "GET /Users", 1));

            assertThatThrownBy(() -> impatient.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isTrue());

            // The JDK client itself retries an idempotent GET once on a dropped connection.
            sandbox.faults().inject(Fault.reset("scim", "GET /Users", 2));
            assertThatThrownBy(() -> impatient.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isTrue());
        }

        @Verifies({"URS-INT-008", "URS-SEC-003"})
        @Test
        void reportsAWrongTokenAsPermanentWithoutPrintingIt() {
            ScimAccessTarget wrongToken = new ScimAccessTarget(
                    ScimTargetSettings.of("mes", sandbox.scimBaseUri(), "wrong-token-4471", groupsPerRole()),
                    Clock.systemUTC());

            assertThatThrownBy(() -> wrongToken.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("check the bearer token")
                    .message()
                    .doesNotContain("wrong-token-4471");
        }

        private ScimTargetSettings sandboxSettings() {
            return ScimTargetSettings.of(
                    "mes", sandbox.scimBaseUri(), sandbox.options().scimBearerToken(), groupsPerRole());
        }
    }

    @Nested
    class AgainstAnotherVendor {
        private OtherVendorScimServer server;
        private ScimAccessTarget target;
        private String operators;
        private String supervisors;

        @BeforeEach
        void startServer() throws IOException {
            server = new OtherVendorScimServer(VENDOR_TOKEN);
            operators = server.createGroup("Filling line 1 operators");
            supervisors = server.createGroup("Filling line 1 supervisors");
            server.createGroup("Canteen");
            target = new ScimAccessTarget(settings(server.baseUri(), VENDOR_TOKEN), CLOCK);
        }

        @AfterEach
        void stopServer() {
            server.close();
        }

        @Verifies("URS-INT-008")
        @Test
        void readsMembershipsWithoutAGroupsAttributeOrAMemberFilter() {
            String userId = server.createUser("E10023", "WD-10023");
            server.addMember(operators, userId);
            server.addMember(server.createGroup("Canteen users"), userId);

            Optional<TargetAccount> account = target.read(EmployeeId.of("E10023"));

            assertThat(account).hasValueSatisfying(read -> {
                assertThat(read.targetId()).isEqualTo(userId);
                assertThat(read.roles()).containsExactly(OPERATOR);
            });
            assertThat(server.requests())
                    .anySatisfy(request -> assertThat(request.query()).contains("members%5Bvalue%20eq"));
        }

        @Verifies("URS-INT-008")
        @Test
        void readsMembershipsThroughTheMemberFilterWhenTheServerHasIt() {
            server.acceptMemberFilter();
            String userId = server.createUser("E10023", null);
            server.addMember(supervisors, userId);
            server.addMember(server.createGroup("Canteen users"), userId);

            assertThat(target.read(EmployeeId.of("E10023")))
                    .hasValueSatisfying(read -> assertThat(read.roles()).containsExactly(SUPERVISOR));
            assertThat(server.requests())
                    .noneSatisfy(request -> assertThat(request.path()).startsWith("/Groups/"));
        }

        @Verifies("URS-INT-008")
        @Test
        void asksForTheMemberFilterOnlyUntilTheServerRefusesIt() {
            server.createUser("E10023", null);
            target.read(EmployeeId.of("E10023"));
            int before = server.requests().size();

            target.read(EmployeeId.of("E10023"));

            assertThat(server.requests().subList(before, server.requests().size()))
                    .noneSatisfy(request -> assertThat(request.query()).contains("members%5Bvalue"));
        }

        @Verifies("URS-INT-008")
        @Test
        void readsByExternalId() {
            String userId = server.createUser("jdoe", "E10023");
            server.addMember(supervisors, userId);
            ScimAccessTarget byExternalId = new ScimAccessTarget(
                    settings(server.baseUri(), VENDOR_TOKEN).withMatchAttribute("externalId"), CLOCK);

            assertThat(byExternalId.read(EmployeeId.of("E10023")))
                    .hasValueSatisfying(read -> assertThat(read.roles()).containsExactly(SUPERVISOR));
            assertThat(byExternalId.read(EmployeeId.of("jdoe"))).isEmpty();
        }

        @Verifies("URS-INT-008")
        @Test
        void readsAnUnknownPersonAsNoAccount() {
            assertThat(target.read(EmployeeId.of("E99999"))).isEmpty();
        }

        @Verifies("URS-INT-008")
        @Test
        void grantsAndRevokesThroughPatchAnsweredWithNoContent() {
            String userId = server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();

            target.grant(account, OPERATOR);
            target.grant(account, SUPERVISOR);
            assertThat(target.read(EmployeeId.of("E10023")).orElseThrow().roles())
                    .containsExactly(OPERATOR, SUPERVISOR);

            target.revoke(account, OPERATOR);
            assertThat(target.read(EmployeeId.of("E10023")).orElseThrow().roles())
                    .containsExactly(SUPERVISOR);
            assertThat(server.membersOf(operators)).doesNotContain(userId);
            assertThat(server.requests())
                    .filteredOn(request -> request.method().equals("PATCH"))
                    .allSatisfy(request -> {
                        assertThat(request.headers()).containsEntry("content-type", "application/scim+json");
                        assertThat(request.headers()).doesNotContainKey("if-match");
                        assertThat(request.body()).contains("urn:ietf:params:scim:api:messages:2.0:PatchOp");
                    });
        }

        @Verifies("URS-INT-008")
        @Test
        void grantingTwiceAndRevokingARoleNotHeldAreHarmless() {
            String userId = server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();

            target.grant(account, OPERATOR);
            target.grant(account, OPERATOR);
            target.revoke(account, SUPERVISOR);

            assertThat(server.membersOf(operators)).containsExactly(userId);
            assertThat(server.membersOf(supervisors)).isEmpty();
        }

        @Verifies("URS-INT-008")
        @Test
        void retriesAChangeRefusedForAStaleVersion() {
            String userId = server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();
            server.answerNext(server.error(412, "invalidVers", "version mismatch"));

            target.grant(account, OPERATOR);

            assertThat(server.membersOf(operators)).containsExactly(userId);
        }

        @Verifies("URS-INT-008")
        @Test
        void givesUpOnAVersionThatKeepsChangingAsTransient() {
            server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();
            target.grant(account, OPERATOR);
            for (int i = 0; i < 10; i++) {
                server.answerNext(server.error(412, "invalidVers", "version mismatch"));
            }

            assertThatThrownBy(() -> target.grant(account, SUPERVISOR))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("412");
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsRateLimitingWithTheWaitInSeconds() {
            server.createUser("E10023", null);
            server.answerNext(new OtherVendorScimServer.Scripted(429, Map.of("Retry-After", "17"), ""));

            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(TargetException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
                    });
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsRateLimitingWithTheWaitAsAnHttpDate() {
            server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();
            server.answerNext(new OtherVendorScimServer.Scripted(
                    429,
                    Map.of("Retry-After", "Fri, 20 Nov 2026 14:01:30 GMT"),
                    "{\"status\":429,\"detail\":\"slow down\"}"));

            assertThatThrownBy(() -> target.grant(account, OPERATOR))
                    .isInstanceOfSatisfying(TargetException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
                    })
                    .hasMessageContaining("slow down");
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsAnUnavailableServerAsTransient() {
            server.answerNext(new OtherVendorScimServer.Scripted(503, Map.of(), "<html>down for maintenance</html>"));

            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(TargetException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.retryAfter()).isEmpty();
                    })
                    .hasMessageContaining("503")
                    .hasMessageContaining("down for maintenance");
        }

        @Verifies("URS-INT-008")
        @Test
        void reportsAMissingGroupAsPermanent() {
            server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();

            assertThatThrownBy(() -> target.grant(account, CLEANER))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessage(
                            "SCIM target 'mes': no SCIM group 'Filling line 1 cleaners' for role BSL.FILL-1.CLEANER");
        }

        @Verifies("URS-INT-008")
        @Test
        void findsAGroupAgainAfterItWasRecreatedAndFailsPermanentlyWhenItIsGone() {
            String userId = server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();
            target.grant(account, OPERATOR);
            server.deleteGroup(operators);
            String recreated = server.createGroup("Filling line 1 operators");

            target.grant(account, OPERATOR);
            assertThat(server.membersOf(recreated)).containsExactly(userId);

            server.deleteGroup(recreated);
            assertThatThrownBy(() -> target.revoke(account, OPERATOR))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("no SCIM group 'Filling line 1 operators' for role BSL.FILL-1.OPERATOR");
        }

        @Verifies("URS-INT-008")
        @Test
        void refusesARoleTheTargetDoesNotManage() {
            server.createUser("E10023", null);
            TargetAccount account = target.read(EmployeeId.of("E10023")).orElseThrow();

            assertThat(target.manages(RoleName.of("QC.LAB.ANALYST"))).isFalse();
            assertThatThrownBy(() -> target.grant(account, RoleName.of("QC.LAB.ANALYST")))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse());
        }

        @Verifies("URS-INT-008")
        @Test
        void readsRolesFromGroupsNamedAfterThemAcrossPages() {
            String userId = server.createUser("E10023", null);
            server.createGroup("QC.LAB.ANALYST");
            server.createGroup("QC.LAB.REVIEWER");
            server.addMember(server.createGroup("WH.PICKER"), userId);
            server.addMember(server.createGroup("QC.LAB.APPROVER"), userId);
            server.addMember(operators, userId);
            ScimAccessTarget byName = new ScimAccessTarget(
                    settings(server.baseUri(), VENDOR_TOKEN).withDefaultGroupsByRoleName(true), CLOCK);

            TargetAccount account = byName.read(EmployeeId.of("E10023")).orElseThrow();

            assertThat(account.roles())
                    .containsExactly(OPERATOR, RoleName.of("QC.LAB.APPROVER"), RoleName.of("WH.PICKER"));
            assertThat(byName.manages(RoleName.of("ANY.ROLE"))).isTrue();

            byName.grant(account, RoleName.of("QC.LAB.ANALYST"));
            assertThat(byName.read(EmployeeId.of("E10023")).orElseThrow().roles())
                    .contains(RoleName.of("QC.LAB.ANALYST"));
        }

        @Verifies("URS-INT-008")
        @Test
        void refusesTwoUsersForOnePersonNamingBoth() {
            String first = server.createUser("E10023", null);
            String second = server.createUser("e10023", null);

            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining(first)
                    .hasMessageContaining(second);
        }

        @Verifies({"URS-INT-008", "URS-INT-015"})
        @Test
        void refusesAnswersThatMakeNoSense() {
            server.answerNext(new OtherVendorScimServer.Scripted(200, Map.of(), "<html>login page</html>"));
            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOf(TargetException.class)
                    .hasMessageContaining("not JSON");

            server.answerNext(new OtherVendorScimServer.Scripted(200, Map.of(), "{\"totalResults\":1}"));
            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOf(TargetException.class)
                    .hasMessageContaining("no Resources");

            server.answerNext(new OtherVendorScimServer.Scripted(
                    200, Map.of(), "{\"totalResults\":1,\"Resources\":[{\"userName\":\"E10023\"}]}"));
            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOf(TargetException.class)
                    .hasMessageContaining("has no id");

            server.answerNext(new OtherVendorScimServer.Scripted(
                    200, Map.of(), "{\"totalResults\":1,\"Resources\":[{\"id\":\"u9\",\"userName\":\"E77777\"}]}"));
            assertThatThrownBy(() -> target.read(EmployeeId.of("E10023")))
                    .isInstanceOf(TargetException.class)
                    .hasMessageContaining("does not apply the filter");
        }

        @Verifies({"URS-INT-008", "URS-SEC-003"})
        @Test
        void reportsABadTokenAsPermanentWithoutPrintingIt() {
            ScimAccessTarget wrongToken = new ScimAccessTarget(settings(server.baseUri(), "not-the-token-8812"), CLOCK);

            assertThatThrownBy(() -> wrongToken.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("check the bearer token")
                    .message()
                    .doesNotContain("not-the-token-8812");
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsARefusedConnectionAsTransient() throws IOException {
            int freePort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                freePort = socket.getLocalPort();
            }
            ScimAccessTarget nobodyHome = new ScimAccessTarget(
                    settings(URI.create("http://127.0.0.1:" + freePort + "/scim/v2"), VENDOR_TOKEN), CLOCK);

            assertThatThrownBy(() -> nobodyHome.read(EmployeeId.of("E10023")))
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isTrue());
        }

        @Verifies({"URS-INT-008", "URS-BCP-001"})
        @Test
        void reportsAnUnansweredRequestAsTransientAfterTheRequestTimeout() throws IOException {
            try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
                // silent for a minute: an answer well before that is the client's own timeout, however loaded
                // the machine is
                Thread.ofVirtual().start(() -> {
                    try (Socket accepted = silent.accept()) {
                        Thread.sleep(60_000);
                    } catch (IOException | InterruptedException ignored) {
                        // the test is over
                    }
                });
                ScimAccessTarget slow = new ScimAccessTarget(
                        settings(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/scim/v2"), VENDOR_TOKEN)
                                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)),
                        CLOCK);

                long started = System.nanoTime();
                assertThatThrownBy(() -> slow.read(EmployeeId.of("E10023")))
                        .isInstanceOfSatisfying(
                                TargetException.class,
                                e -> assertThat(e.isTransient()).isTrue())
                        .hasMessageContaining("no answer within");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            }
        }
    }

    private static Map<RoleName, String> groupsPerRole() {
        return Map.of(
                OPERATOR, "Filling line 1 operators",
                SUPERVISOR, "Filling line 1 supervisors",
                CLEANER, "Filling line 1 cleaners");
    }

    private static ScimTargetSettings settings(URI baseUri, String token) {
        return ScimTargetSettings.of("mes", baseUri, token, groupsPerRole());
    }
}
