package io.github.eigengrad.generator.print;

/** How printers write a double constant: integers without a fraction, everything else so it reads back exactly. */
final class Numbers {
    private Numbers() {}

    static String text(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
