package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSenderIT {

    WebhookReceiver receiver;
    ConcurrentLinkedQueue<WebhookReceiver.Received> received;
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile int failureStatus = 503;
    volatile int answer = 202;
    Sandbox sandbox;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = WebhookReceiver.answering("/api/v1/hooks/hris", exchange -> {
            int status = failuresLeft.getAndDecrement() > 0 ? failureStatus : answer;
            byte[] reply = "{\"eventId\":\"ev-1\",\"duplicate\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (status == 429) {
                exchange.getResponseHeaders().set("Retry-After", "0");
            }
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
        });
        received = receiver.received();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        receiver.close();
    }

    private Sandbox sandbox(SandboxOptions options) {
        sandbox = Sandbox.start(options.withQualigateUri(receiver.uri()));
        return sandbox;
    }

    @Test
    void sendsASignedEventOnceAndReturnsTheAnswer() {
        WebhookSender sender = sandbox(SandboxOptions.forTests()).webhooks();

        SendResult result = sender.send(Map.of("eventType", "certification.completed", "employeeId", "E10023"));

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.body()).contains("\"duplicate\":false");
        WebhookReceiver.Received request = received.peek();
        assertThat(request.id()).startsWith("msg_").isEqualTo(result.webhookId());
        assertThat(request.signature())
                .isEqualTo(new StandardWebhooks(SandboxOptions.DEMO_WEBHOOK_SECRET)
                        .sign(request.id(), Long.parseLong(request.timestamp()), request.body()));
    }

    @Test
    void sendsExactBytesForAGivenIdAndTimestamp() {
        WebhookSender sender = sandbox(SandboxOptions.forTests()).webhooks();
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

        sender.send("msg_fixed", 1614265330L, body);
        sender.send("msg_fixed", 1614265330L, body);

        assertThat(received).hasSize(2).allSatisfy(r -> {
            assertThat(r.id()).isEqualTo("msg_fixed");
            assertThat(r.timestamp()).isEqualTo("1614265330");
            assertThat(r.body()).isEqualTo(body);
        });
    }

    @Test
    void retriesFailuresWithTheSameWebhookIdUntilAccepted() {
        WebhookSender sender = sandbox(SandboxOptions.forTests()).webhooks();
        failuresLeft.set(2);

        SendResult result = sender.deliver(Map.of("eventType", "certification.completed"));

        assertThat(result.accepted()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(received).hasSize(3).extracting(WebhookReceiver.Received::id).containsOnly(result.webhookId());
    }

    @Test
    void retriesA429AfterRetryAfter() {
        WebhookSender sender = sandbox(SandboxOptions.forTests()).webhooks();
        failureStatus = 429;
        failuresLeft.set(1);

        SendResult result = sender.deliver(Map.of("eventType", "certification.completed"));

        assertThat(result.accepted()).isTrue();
        assertThat(result.attempts()).isEqualTo(2);
    }

    @Test
    void doesNotRetryAClientError() {
        WebhookSender sender = sandbox(SandboxOptions.forTests()).webhooks();
        answer = 422;

        SendResult result = sender.deliver(Map.of("eventType", "certification.completed"));

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(received).hasSize(1);
    }

    @Test
    void backfillSendsOneCompletionPerDemoCertification() throws InterruptedException {
        Sandbox started = sandbox(SandboxOptions.forTests().withDemoData(true).withBackfill(true));

        started.webhooks().start();
        receiver.await(100, Duration.ofSeconds(10));
        started.webhooks().stop();

        List<String> bodies = received.stream()
                .map(r -> new String(r.body(), StandardCharsets.UTF_8))
                .toList();
        assertThat(bodies).allSatisfy(b -> assertThat(b).contains("\"eventType\":\"certification.completed\""));
        var first = SandboxHttp.JSON.readTree(received.peek().body());
        assertThat(first.propertyNames())
                .containsExactly(
                        "eventType",
                        "employeeId",
                        "certificationId",
                        "certificationName",
                        "level",
                        "completedOn",
                        "expiresOn",
                        "sourceRecordId",
                        "sourceVersion",
                        "approvedBy",
                        "approvedAt");
    }
}
