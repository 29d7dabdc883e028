package org.qualigate.delivery;

import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link DeliveryWorker#drain()} on the worker's threads (decision 0111): at most {@code batch} items out at a
 * time, topped up by one lease as soon as half of them are done, so that one item that waits does not hold back the
 * threads that are free; it ends when a lease finds nothing due and everything out is done. The queue is vacuumed
 * when due from this thread, outside any transaction.
 */
final class DeliveryDispatch {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatch.class);

    private final WorkQueue queue;
    private final String owner;
    private final int batch;
    private final Consumer<WorkQueue.Lease> deliver;
    private final CompletionService<Void> done;
    private int out;
    private int handled;

    DeliveryDispatch(
            WorkQueue queue, String owner, int batch, ExecutorService pool, Consumer<WorkQueue.Lease> deliver) {
        this.queue = queue;
        this.owner = owner;
        this.batch = batch;
        this.deliver = deliver;
        this.done = new ExecutorCompletionService<>(pool);
    }

    /** Answers how many items were handled. */
    int run() {
        try {
            while (true) {
                queue.vacuumWhenDue();
                List<WorkQueue.Lease> leases = queue.lease(owner, batch - out);
                for (WorkQueue.Lease lease : leases) {
                    done.submit(() -> deliver.accept(lease), null);
                }
                out += leases.size();
                handled += leases.size();
                if (out == 0) {
                    return handled;
                }
                // nothing more was due: wait for what is out (finishing it may make more due), else for half
                int target = leases.isEmpty() ? out - 1 : Math.min(out - 1, batch / 2);
                while (out > target) {
                    finished(done.take());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return handled;
        }
    }

    private void finished(Future<Void> task) throws InterruptedException {
        out--;
        try {
            task.get();
        } catch (ExecutionException e) {
            log.error("delivery task failed unexpectedly", e.getCause());
        }
    }
}
