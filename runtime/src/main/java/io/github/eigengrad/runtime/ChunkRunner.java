package io.github.eigengrad.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the chunks of one batch call on an {@link Executor} with the guarantees a caller's
 * arrays need:
 * <ul>
 *   <li>every chunk runs exactly once: each is claimed atomically by whichever thread gets
 *       to it first, and the calling thread claims and runs every chunk the executor has not
 *       started, so a rejected chunk (AbortPolicy), a discarded one (DiscardPolicy) or a busy
 *       pool costs time, never a hang or a lost chunk;</li>
 *   <li>when the call returns or throws, no chunk of it is running, and a task the executor
 *       still holds finds its chunk claimed and does nothing;</li>
 *   <li>an interrupt of the calling thread cancels the chunks not yet started, waits for the
 *       running ones, restores the interrupt status and throws {@link CancellationException};</li>
 *   <li>a failing chunk does not stop the others; the failure of the first chunk in matrix
 *       order is thrown when all are done.</li>
 * </ul>
 */
final class ChunkRunner {
    /** The work of one chunk: matrices {@code from} (inclusive) to {@code to} (exclusive). */
    interface Chunk {
        void run(int from, int to);
    }

    private static final int PENDING = 0;
    private static final int CLAIMED = 1;
    private static final int CANCELLED = 2;

    private ChunkRunner() {}

    /**
     * {@code work(0, count)} on the calling thread when the executor is null, else
     * {@code work(0, split)} and {@code work(split, count)} as two chunks.
     */
    static void inTwo(Executor executor, int count, int split, Chunk work) {
        if (executor == null) {
            work.run(0, count);
            return;
        }
        run(executor, 2, 1, (part, unused) -> {
            if (part == 0) {
                work.run(0, split);
            } else {
                work.run(split, count);
            }
        });
    }

    static void run(Executor executor, int count, int chunkSize, Chunk chunk) {
        int chunks = (int) ((count + (long) chunkSize - 1) / chunkSize);
        CountDownLatch finished = new CountDownLatch(chunks);
        Task[] tasks = new Task[chunks];
        for (int c = 0; c < chunks; c++) {
            tasks[c] = new Task(chunk, c * chunkSize, (int) Math.min(count, (long) (c + 1) * chunkSize), finished);
        }
        for (Task t : tasks) {
            try {
                executor.execute(t);
            } catch (RejectedExecutionException rejected) {
                // the calling thread runs it below
            }
        }
        boolean interrupted = false;
        for (Task t : tasks) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted = true;
                break;
            }
            t.run();
        }
        if (!interrupted) {
            try {
                finished.await();
            } catch (InterruptedException x) {
                interrupted = true;
            }
        }
        if (interrupted) {
            for (Task t : tasks) {
                t.cancel();
            }
            awaitUninterruptibly(finished);
            Thread.currentThread().interrupt();
            throw new CancellationException("the batch was interrupted: chunks not yet started were cancelled "
                    + "(their matrices' outputs are not written), and every started chunk has finished");
        }
        for (Task t : tasks) {
            if (t.failure instanceof RuntimeException r) {
                throw r;
            }
            if (t.failure instanceof Error e) {
                throw e;
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException x) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Task implements Runnable {
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private final Chunk chunk;
        private final int from;
        private final int to;
        private final CountDownLatch finished;
        /** Written before the latch counts down, read after it is released. */
        private Throwable failure;

        Task(Chunk chunk, int from, int to, CountDownLatch finished) {
            this.chunk = chunk;
            this.from = from;
            this.to = to;
            this.finished = finished;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(PENDING, CLAIMED)) {
                return;
            }
            try {
                chunk.run(from, to);
            } catch (RuntimeException | Error x) {
                failure = x;
            } finally {
                finished.countDown();
            }
        }

        void cancel() {
            if (state.compareAndSet(PENDING, CANCELLED)) {
                finished.countDown();
            }
        }
    }
}
