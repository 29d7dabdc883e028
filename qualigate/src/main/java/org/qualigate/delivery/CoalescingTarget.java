package org.qualigate.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.AccessTarget;
import org.qualigate.connector.TargetAccount;
import org.qualigate.connector.TargetException;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * A target shared by the delivery threads: at most {@code maxConcurrent} requests to it at a time, sent by
 * senders of its own, and what the delivery threads ask for while those are out is sent together — the
 * accounts to read in one search, the grants of one role in one change of its group and its revocations in
 * another ({@link AccessTarget#readAll}, {@link AccessTarget#changeAll}); one role's group is changed by one
 * sender at a time. A delivery thread asks for one person and gets its answer, as from the
 * target itself; nothing waits to be batched when the target is idle. A request that fails for all (the target
 * unavailable) fails for each caller, who retries; one that fails permanently is repeated per caller, so that
 * one person's problem stays theirs.
 */
final class CoalescingTarget implements AccessTarget {

    /** How long an idle sender waits for work before it ends (a new one starts with the next request). */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final AccessTarget target;
    private final int maxConcurrent;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    // Roles whose group a sender is changing: one change of a group at a time, so that concurrent changes
    // never race for its version (ETag) and the next batch of it collects everything asked meanwhile.
    private final java.util.Set<RoleName> changing = new java.util.HashSet<>();
    private int senders;
    private int idle;

    CoalescingTarget(AccessTarget target, int maxConcurrent, int maxBatch) {
        this.target = target;
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.maxBatch = Math.max(1, maxBatch);
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public boolean manages(RoleName role) {
        return target.manages(role);
    }

    @Override
    public Optional<TargetAccount> read(EmployeeId employeeId) {
        Read read = new Read(employeeId, new CompletableFuture<>());
        enqueue(read);
        return await(read.answer());
    }

    @Override
    public void grant(TargetAccount account, RoleName role) {
        Change change = new Change(role, account, true, new CompletableFuture<>());
        enqueue(change);
        await(change.done());
    }

    @Override
    public void revoke(TargetAccount account, RoleName role) {
        Change change = new Change(role, account, false, new CompletableFuture<>());
        enqueue(change);
        await(change.done());
    }

    /**
     * Reconciliation's listing of a role's group goes to the target as it is (through its guard): one request per
     * role, from one reconciliation at a time cluster-wide, with nothing to batch it with.
     */
    @Override
    public List<Member> members(RoleName role) {
        return target.members(role);
    }

    /** Requests waiting for a sender (for tests and metrics). */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Request request) {
        lock.lock();
        try {
            queue.add(request);
            if (idle > 0) {
                work.signal();
            } else if (senders < maxConcurrent) {
                senders++;
                Thread.ofVirtual().name("target-" + target.name() + "-sender").start(this::send);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A sender: takes the oldest request and the like of it waiting behind, sends them as one, repeats. */
    private void send() {
        while (true) {
            List<Request> batch;
            lock.lock();
            try {
                long left = IDLE_NANOS;
                while ((batch = takeBatch()) == null) {
                    if (left <= 0) {
                        senders--;
                        return;
                    }
                    idle++;
                    try {
                        left = work.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        senders--;
                        return;
                    } finally {
                        idle--;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (batch.getFirst() instanceof Change c) {
                try {
                    changeTogether(
                            c.role(), batch.stream().map(Change.class::cast).toList());
                } finally {
                    released(c.role());
                }
            } else {
                readTogether(batch.stream().map(Read.class::cast).toList());
            }
        }
    }

    /** The role's group may be changed again; a sender waiting for it is woken. */
    private void released(RoleName role) {
        lock.lock();
        try {
            changing.remove(role);
            if (!queue.isEmpty() && idle > 0) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest request that can go now and, up to a batch, the waiting ones of its kind (reads, or changes of
     * its role); a change of a group another sender is changing waits. Null when nothing can go now.
     */
    private @Nullable List<Request> takeBatch() {
        Request first = null;
        for (Request r : queue) {
            if (!(r instanceof Change c) || !changing.contains(c.role())) {
                first = r;
                break;
            }
        }
        if (first == null) {
            return null;
        }
        queue.remove(first);
        if (first instanceof Change c) {
            changing.add(c.role());
        }
        List<Request> batch = new ArrayList<>();
        batch.add(first);
        Iterator<Request> waiting = queue.iterator();
        while (batch.size() < maxBatch && waiting.hasNext()) {
            Request next = waiting.next();
            if (first instanceof Change c
                    ? next instanceof Change n && n.role().equals(c.role())
                    : next instanceof Read) {
                batch.add(next);
                waiting.remove();
            }
        }
        return batch;
    }

    private void readTogether(List<Read> batch) {
        try {
            Map<EmployeeId, Optional<TargetAccount>> accounts =
                    target.readAll(batch.stream().map(Read::employeeId).toList());
            for (Read r : batch) {
                Optional<TargetAccount> account = accounts.get(r.employeeId());
                if (account == null) {
                    r.answer()
                            .completeExceptionally(TargetException.permanentFailure(
                                    name() + ": no answer for " + r.employeeId() + " in a search for several people",
                                    null));
                } else {
                    r.answer().complete(account);
                }
            }
        } catch (TargetException e) {
            if (batch.size() == 1 || e.isTransient() || e.isHeldBack()) {
                batch.forEach(r -> r.answer().completeExceptionally(e));
            } else {
                batch.forEach(r -> complete(r.answer(), () -> target.read(r.employeeId())));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(r -> r.answer().completeExceptionally(e));
        }
    }

    /** The grants of the batch in one request, then its revocations in another (each one call to the target). */
    private void changeTogether(RoleName role, List<Change> batch) {
        List<Change> grants = batch.stream().filter(Change::grant).toList();
        List<Change> revocations = batch.stream().filter(c -> !c.grant()).toList();
        if (!grants.isEmpty()) {
            changeTogether(role, grants, true);
        }
        if (!revocations.isEmpty()) {
            changeTogether(role, revocations, false);
        }
    }

    private void changeTogether(RoleName role, List<Change> batch, boolean grant) {
        List<TargetAccount> accounts = batch.stream().map(Change::account).toList();
        try {
            target.changeAll(role, grant ? accounts : List.of(), grant ? List.of() : accounts);
            batch.forEach(c -> c.done().complete(null));
        } catch (TargetException e) {
            if (batch.size() == 1 || e.isTransient() || e.isHeldBack()) {
                batch.forEach(c -> c.done().completeExceptionally(e));
            } else {
                batch.forEach(c -> complete(c.done(), () -> {
                    if (grant) {
                        target.grant(c.account(), role);
                    } else {
                        target.revoke(c.account(), role);
                    }
                    return null;
                }));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(c -> c.done().completeExceptionally(e));
        }
    }

    private static <T> void complete(CompletableFuture<T> future, java.util.function.Supplier<T> alone) {
        try {
            future.complete(alone.get());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    /** The answer to a request, from whichever sender sent it. */
    private static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TargetException.transientFailure("interrupted while waiting for the target", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private sealed interface Request permits Read, Change {}

    private record Read(EmployeeId employeeId, CompletableFuture<Optional<TargetAccount>> answer) implements Request {}

    private record Change(RoleName role, TargetAccount account, boolean grant, CompletableFuture<Void> done)
            implements Request {}
}
