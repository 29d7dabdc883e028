package org.qualigate.jobs;

import java.util.function.BiConsumer;

/**
 * One kind of long work ({@link #kind()}), run by the job runner on one instance: it reads its parameters and
 * input from the job, tells {@link Progress} how far it is, and answers where its result is. A thrown
 * exception fails the job with its message; an interrupt (the instance is stopping) ends it as interrupted.
 * The record the work produces is audited by the work itself, in its own transaction.
 */
public interface JobHandler {

    /** The kind's name, e.g. {@code qms-reconciliation}; unique among the handlers. */
    String kind();

    /** Does the work and answers its result. */
    JobResult run(Job job, byte[] input, Progress progress) throws Exception;

    /** How far the work is: the amount of it once known, and what is done, with a word about the step. */
    interface Progress {

        /** The amount of work, when known (a progress bar then shows the share done). */
        void total(long total);

        /** Done so far, with a short note for the page ("person 800 of 1,457"); may be called often. */
        void done(long done, String note);

        /**
         * For work that counts its items: told how many of how many are done, it reports the total and the note
         * "{@code done} of {@code total} {@code items}" (e.g. "800 of 1457 rows").
         */
        default BiConsumer<Integer, Integer> counting(String items) {
            return (done, total) -> {
                total(total);
                done(done, done + " of " + total + " " + items);
            };
        }
    }
}
