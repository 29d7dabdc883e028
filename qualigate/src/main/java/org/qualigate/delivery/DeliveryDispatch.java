package org.qualigate.delivery;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.qualigate.ledger.EmployeeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link DeliveryWorker#drain()} on the worker's threads (decision 0111): at most {@code batch} items out at a
 * time, topped up by one lease as soon as half of them are done, so that one item that waits does not hold back the
 * threads that are free; it ends when a lease finds nothing due and everything out is done. An item whose lease ran
 * out while this instance still delivers it (a call that hangs longer than the lease) and that is leased again here
 * waits until that delivery ended: one instance never delivers the same person to the same target twice at once, so
 * what the first one intended is not taken for the second one's. The queue is vacuumed when due from this thread,
 * outside any transaction.
 */
final class DeliveryDispatch {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatch.class);

    private final WorkQueue queue;
    private final String owner;
    private final int batch;
    private final Consumer<WorkQueue.Lease> deliver;
    private final CompletionService<Item> done;
    /** Items being delivered, and a newer lease of one of them waiting for that delivery to end. */
    private final Set<Item> delivering = new HashSet<>();

    private final Map<Item, WorkQueue.Lease> waiting = new HashMap<>();
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
                leases.forEach(this::start);
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

    private void start(WorkQueue.Lease lease) {
        Item item = new Item(lease.employeeId(), lease.target());
        if (!delivering.add(item)) {
            if (waiting.put(item, lease) != null) {
                out--; // a still newer lease replaced one that waited: only the latest is delivered
            }
            return;
        }
        done.submit(() -> {
            try {
                deliver.accept(lease);
            } catch (RuntimeException e) {
                log.error("delivery task failed unexpectedly", e);
            }
            return item;
        });
    }

    private void finished(Future<Item> task) throws InterruptedException {
        out--;
        try {
            Item item = task.get();
            delivering.remove(item);
            WorkQueue.Lease next = waiting.remove(item);
            if (next != null) {
                start(next);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a delivery task failed outside its own handling", e.getCause());
        }
    }

    private record Item(EmployeeId employeeId, String target) {}
}
