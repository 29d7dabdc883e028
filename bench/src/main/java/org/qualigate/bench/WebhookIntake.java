package org.qualigate.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The intake load: each client owns one HTTP/1.1 connection and posts signed {@code certification.completed}
 * webhooks back to back, each a new HRIS record (GMP-BASIC or GDP-DOC) for a random bench person, so every
 * event is applied but none completes a role. Anything but {@code 202} is a failure.
 */
final class WebhookIntake {

    private final SignedHooks hooks;
    private final List<String> people;
    private final Clock clock;

    WebhookIntake(SignedHooks hooks, List<String> people, Clock clock) {
        if (people.isEmpty()) {
            throw new IllegalArgumentException("the intake load needs people");
        }
        this.hooks = hooks;
        this.people = List.copyOf(people);
        this.clock = clock;
    }

    Throughput run(int clients, Duration duration, ClosedLoad.Window window) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return ClosedLoad.run(clients, duration, index -> client(run + "-" + index), window);
    }

    /**
     * Sends {@code count} webhooks from {@code clients} clients, each answered before its client sends the next;
     * returns how many were accepted.
     */
    long send(int clients, int count) throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> senders = new java.util.ArrayList<>();
        for (int t = 0; t < clients; t++) {
            String prefix = run + "-" + t;
            senders.add(Thread.ofPlatform().start(() -> {
                try (ClosedLoad.Client client = client(prefix)) {
                    while (next.getAndIncrement() < count) {
                        if (client.call().isEmpty()) {
                            accepted.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    // the webhooks this client did not send are not counted as accepted
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        return accepted.get();
    }

    private ClosedLoad.Client client(String prefix) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        SplittableRandom random = new SplittableRandom(prefix.hashCode());
        return new ClosedLoad.Client() {
            private long seq;

            @Override
            public Optional<String> call() throws Exception {
                long n = seq++;
                String person = people.get(random.nextInt(people.size()));
                String certification = random.nextBoolean() ? CertificationEvent.GMP_BASIC : CertificationEvent.GDP_DOC;
                CertificationEvent event =
                        CertificationEvent.completed(person, certification, "TR-" + prefix + "-" + n, clock.instant());
                HttpResponse<Void> response = http.send(
                        hooks.request("msg_" + prefix + "_" + n, event.body()), HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 202 ? Optional.empty() : Optional.of("HTTP " + response.statusCode());
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }
}
