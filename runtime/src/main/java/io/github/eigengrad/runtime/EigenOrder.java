package io.github.eigengrad.runtime;

/** Stable orders of eigenvalues by index (a merge sort on primitive indices, no boxing). */
final class EigenOrder {
    private EigenOrder() {}

    /** The indices of values by descending value; equal values keep their order. */
    static int[] descending(double[] values) {
        return sort(values, true);
    }

    /** The indices of values by ascending value; equal values keep their order. */
    static int[] ascending(double[] values) {
        return sort(values, false);
    }

    private static int[] sort(double[] values, boolean descending) {
        int n = values.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] scratch = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width);
                int hi = Math.min(n, lo + 2 * width);
                int a = lo;
                int b = mid;
                for (int t = lo; t < hi; t++) {
                    // take from the right run only when strictly before: ties keep the left first
                    boolean right = b < hi && (a == mid || before(values[order[b]], values[order[a]], descending));
                    scratch[t] = right ? order[b++] : order[a++];
                }
            }
            int[] swap = order;
            order = scratch;
            scratch = swap;
        }
        return order;
    }

    private static boolean before(double x, double y, boolean descending) {
        return descending ? Double.compare(x, y) > 0 : Double.compare(x, y) < 0;
    }
}
