package io.github.eigengrad.runtime;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed thread pool whose executor counts the tasks it ran. Close to shut it down. */
final class CountingPool implements AutoCloseable {
    private final ExecutorService pool;
    private final AtomicInteger ran = new AtomicInteger();
    private final Executor executor;

    CountingPool(int threads) {
        pool = Executors.newFixedThreadPool(threads);
        executor = task -> pool.execute(() -> {
            ran.incrementAndGet();
            task.run();
        });
    }

    Executor executor() {
        return executor;
    }

    /** The number of tasks the pool has run. */
    int ran() {
        return ran.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
