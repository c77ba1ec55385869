package io.github.eigengrad.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Executors that do not simply run what they are given: one-thread pools with a queue of one
 * that reject (AbortPolicy) or silently drop (DiscardPolicy) what does not fit, and one that
 * holds every task back until {@link #runHeld()}. Close to shut the pools down.
 */
final class AwkwardExecutors implements AutoCloseable {
    private final List<ThreadPoolExecutor> pools = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private final List<Executor> all = new ArrayList<>();

    AwkwardExecutors() {
        for (var policy : List.of(new ThreadPoolExecutor.AbortPolicy(), new ThreadPoolExecutor.DiscardPolicy())) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                    policy);
            pools.add(pool);
            all.add(pool);
        }
        all.add(held::add);
    }

    /** The rejecting pool, the discarding pool and the holding executor. */
    List<Executor> all() {
        return all;
    }

    /** Runs the tasks held back so far and returns how many there were. */
    int runHeld() {
        List<Runnable> tasks = new ArrayList<>(held);
        held.clear();
        tasks.forEach(Runnable::run);
        return tasks.size();
    }

    @Override
    public void close() {
        pools.forEach(ThreadPoolExecutor::shutdownNow);
    }
}
