package org.qualigate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop load: a fixed number of clients, each on its own platform thread, run one operation after
 * another for a fixed duration. Only operations that finish inside the window count.
 */
final class ClosedLoad {

    /** One client's next operation; returns the kind of failure, empty on success. */
    interface Client extends AutoCloseable {
        Optional<String> call() throws Exception;

        @Override
        default void close() throws Exception {}
    }

    /** Told when the measured window opens and closes, while every client still holds its connection. */
    interface Window {
        void opened();

        void closed();

        Window NONE = new Window() {
            @Override
            public void opened() {}

            @Override
            public void closed() {}
        };
    }

    private ClosedLoad() {}

    /**
     * Runs {@code clients} clients made by {@code clientFactory} (given the client's index) for
     * {@code duration}. The factory runs on the client's own thread before the common start, so connection
     * set-up is not measured.
     */
    static Throughput run(int clients, Duration duration, IntFunction<Client> clientFactory) {
        return run(clients, duration, clientFactory, Window.NONE);
    }

    /** As {@link #run(int, Duration, IntFunction)}, telling {@code window} when the measured window opens and closes. */
    static Throughput run(int clients, Duration duration, IntFunction<Client> clientFactory, Window window) {
        CyclicBarrier start = new CyclicBarrier(clients + 1);
        // Clients keep their connections until the window is closed, so the last sample still sees them.
        java.util.concurrent.CountDownLatch windowClosed = new java.util.concurrent.CountDownLatch(1);
        AtomicLong deadline = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        Map<String, Long> failures = new HashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("load-client-" + i).start(() -> {
                Map<String, Long> failed = new HashMap<>();
                long ok = 0;
                Client client;
                try {
                    client = clientFactory.apply(index);
                } catch (RuntimeException e) {
                    // Breaks the barrier, so the others and the caller stop waiting.
                    start.reset();
                    record(failures, Map.of("client set-up failed: " + e, 1L));
                    return;
                }
                try (client) {
                    start.await();
                    long end = deadline.get();
                    while (true) {
                        Optional<String> failure;
                        try {
                            failure = client.call();
                        } catch (Exception e) {
                            failure = Optional.of(e.getClass().getSimpleName());
                        }
                        if (System.nanoTime() - end > 0) {
                            break;
                        }
                        if (failure.isEmpty()) {
                            ok++;
                        } else {
                            failed.merge(failure.get(), 1L, Long::sum);
                        }
                    }
                    windowClosed.await();
                } catch (BrokenBarrierException | InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failed.merge("client close failed: " + e, 1L, Long::sum);
                }
                succeeded.addAndGet(ok);
                record(failures, failed);
            }));
        }
        try {
            deadline.set(System.nanoTime() + duration.toNanos());
            start.await();
            window.opened();
            for (long left = deadline.get() - System.nanoTime(); left > 0; left = deadline.get() - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
            window.closed();
        } catch (BrokenBarrierException | InterruptedException e) {
            windowClosed.countDown();
            joinAll(threads);
            throw new IllegalStateException("the load did not start: " + failures, e);
        } finally {
            windowClosed.countDown();
        }
        joinAll(threads);
        return new Throughput(clients, succeeded.get(), failures, duration);
    }

    private static void record(Map<String, Long> into, Map<String, Long> failed) {
        synchronized (into) {
            failed.forEach((k, v) -> into.merge(k, v, Long::sum));
        }
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the load was running", e);
            }
        }
    }
}
