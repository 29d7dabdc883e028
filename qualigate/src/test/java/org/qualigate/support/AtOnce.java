package org.qualigate.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Attempts run at once, each on a thread of its own, released together. Not {@code CompletableFuture.supplyAsync}: on
 * two cores its pool (the common pool, JDK 25) has one worker, so the second waits until the first returned and the
 * "race" is a sequence. Each answer comes with when its attempt began and ended (the monotonic clock), so that a test
 * can show that the attempts were under way at the same time.
 */
public final class AtOnce {

    private AtOnce() {}

    /** An attempt's answer and the monotonic instants (nanoseconds) it began and ended at. */
    public record Attempt<T>(T answer, long began, long ended) {}

    /** The attempts' answers and times, in the order given. */
    public record Attempts<T>(List<Attempt<T>> all) {

        public List<T> answers() {
            return all.stream().map(Attempt::answer).toList();
        }

        /** Whether every attempt began before any of them ended: all were under way together at one moment. */
        public boolean overlapped() {
            long lastBegan = all.stream().mapToLong(Attempt::began).max().orElseThrow();
            long firstEnded = all.stream().mapToLong(Attempt::ended).min().orElseThrow();
            return lastBegan < firstEnded;
        }
    }

    /** Runs both at once; their answers in order. */
    public static <T> List<T> run(Supplier<T> first, Supplier<T> second) {
        return timed(List.of(first, second)).answers();
    }

    /** Runs every attempt at once, each on its own thread, released together; answers and times in order. */
    public static <T> Attempts<T> timed(List<Supplier<T>> attempts) {
        CyclicBarrier start = new CyclicBarrier(attempts.size());
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("at-once-", 0).factory())) {
            List<Future<Attempt<T>>> all = new ArrayList<>();
            for (Supplier<T> s : attempts) {
                all.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    long began = System.nanoTime();
                    T answer = s.get();
                    return new Attempt<>(answer, began, System.nanoTime());
                }));
            }
            List<Attempt<T>> done = new ArrayList<>();
            for (Future<Attempt<T>> f : all) {
                done.add(f.get(120, TimeUnit.SECONDS));
            }
            return new Attempts<>(done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
