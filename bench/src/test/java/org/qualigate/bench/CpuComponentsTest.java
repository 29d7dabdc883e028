package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuComponentsTest {

    @Test
    void theDriverCountsAsTheDriverWhicheverStageCalledIt() {
        List<String> planningRead = List.of(
                "org.postgresql.core.v3.QueryExecutorImpl.processResults",
                "org.springframework.jdbc.core.JdbcTemplate.query",
                "org.qualigate.ledger.Qualifications.of",
                "org.qualigate.access.AccessPlanner.personsChanged",
                "org.qualigate.intake.IntakeCommitter.commitBatch");

        assertThat(CpuComponents.of(planningRead)).isEqualTo("JDBC driver (encode, decode, socket)");
        assertThat(CpuComponents.of(planningRead.subList(1, planningRead.size())))
                .startsWith("Spring JDBC");
        assertThat(CpuComponents.of(planningRead.subList(2, planningRead.size())))
                .startsWith("planning: other");
    }

    @Test
    void aSocketsSystemCallUnderTheDriverIsCountedApartFromItsEncoding() {
        List<String> write = List.of(
                "sun.nio.ch.SocketDispatcher.write0",
                "sun.nio.ch.NioSocketImpl.write",
                "java.io.BufferedOutputStream.flush",
                "org.postgresql.core.PGStream.flush",
                "org.qualigate.ledger.QualificationRecorder.insert");

        assertThat(CpuComponents.of(write)).isEqualTo("JDBC driver (encode, decode, socket)" + CpuComponents.SOCKET);
    }

    @Test
    void theTransactionAroundTheCommitterDoesNotClaimWhatRunsInsideIt() {
        List<String> ledgerUnderTransaction = List.of(
                "java.util.HashMap.getNode",
                "org.qualigate.ledger.QualificationRecorder.record",
                "org.qualigate.intake.IntakeService.processBatch",
                "org.springframework.transaction.support.TransactionTemplate.execute",
                "org.qualigate.intake.IntakeCommitter.commitBatch");
        List<String> commit = List.of(
                "java.lang.ThreadLocal.get",
                "org.springframework.transaction.support.TransactionSynchronizationManager.getResource",
                "org.springframework.transaction.support.TransactionTemplate.execute",
                "org.qualigate.intake.IntakeCommitter.commitBatch");

        assertThat(CpuComponents.of(ledgerUnderTransaction)).isEqualTo("ledger apply");
        assertThat(CpuComponents.of(commit)).startsWith("Spring JDBC, transactions");
    }

    @Test
    void planningIsSplitIntoItsParts() {
        List<String> policy = List.of(
                "java.util.TreeMap.put",
                "org.qualigate.policy.AccessPolicy.timelineOf",
                "org.qualigate.access.AccessPlanner.personsChanged");
        List<String> timers = List.of(
                "org.qualigate.access.Notices.warningInstants",
                "org.qualigate.access.AccessPlanner.plan",
                "org.qualigate.access.AccessPlanner.personsChanged");
        List<String> projection = List.of(
                "org.qualigate.policy.EntitlementTimeline.spans",
                "org.qualigate.access.EntitlementProjection.update",
                "org.qualigate.access.AccessPlanner.personsChanged");

        assertThat(CpuComponents.of(policy)).isEqualTo("planning: policy evaluation");
        assertThat(CpuComponents.of(timers)).isEqualTo("planning: timers and notices");
        assertThat(CpuComponents.of(projection)).isEqualTo("planning: projection update");
        assertThat(CpuComponents.of(List.of("org.qualigate.access.AccessPlanner.personsChanged")))
                .startsWith("planning: other");
    }

    @Test
    void theWebhookRequestIsSplitIntoSignatureJsonValidationAndTheRest() {
        List<String> signature = List.of(
                "com.sun.crypto.provider.HmacCore.engineUpdate",
                "javax.crypto.Mac.doFinal",
                "org.qualigate.intake.WebhookSignature.verify",
                "org.qualigate.web.StandardWebhookFilter.doFilter");
        List<String> json = List.of(
                "tools.jackson.core.json.UTF8StreamJsonParser.nextToken",
                "org.qualigate.intake.EventBody.parse",
                "org.qualigate.web.StandardWebhookFilter.doFilter");
        List<String> fields = List.of(
                "java.time.LocalDate.parse",
                "org.qualigate.intake.EventFields.read",
                "org.qualigate.web.StandardWebhookFilter.doFilter");
        List<String> server =
                List.of("org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun", "java.lang.Thread.run");

        assertThat(CpuComponents.of(signature)).startsWith("signature check");
        assertThat(CpuComponents.of(json)).isEqualTo("JSON parsing and mapping");
        assertThat(CpuComponents.of(fields)).startsWith("validation");
        assertThat(CpuComponents.of(List.of("org.qualigate.web.StandardWebhookFilter.doFilter")))
                .startsWith("webhook filter");
        assertThat(CpuComponents.of(server)).startsWith("HTTP server");
    }

    @Test
    void auditEntriesCountAsAuditUnderWhicheverStageWroteThemAndTheSealerApart() {
        List<String> hashed = List.of(
                "sun.security.provider.SHA2.implCompress",
                "org.qualigate.audit.AuditHash.of",
                "org.qualigate.audit.AuditTrail.record",
                "org.qualigate.ledger.QualificationRecorder.record");

        assertThat(CpuComponents.of(hashed)).isEqualTo("audit entries and their hashing");
        assertThat(CpuComponents.of(
                        List.of("org.qualigate.audit.AuditHash.of", "org.qualigate.audit.AuditSealer.seal")))
                .startsWith("audit sealer");
    }

    @Test
    void aStackWithNoKnownFrameIsOther() {
        assertThat(CpuComponents.of(List.of("java.lang.Thread.run"))).isEqualTo(CpuComponents.OTHER);
        assertThat(CpuComponents.of(List.of("java.util.HashMap.getNode", "org.qualigate.jobs.JobRunner.run")))
                .isEqualTo("other Qualigate code");
        assertThat(CpuComponents.of(List.of())).isEqualTo(CpuComponents.OTHER);
    }
}
