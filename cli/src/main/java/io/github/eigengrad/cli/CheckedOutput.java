package io.github.eigengrad.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 {@link PrintStream} over a stream that remembers the first write error, which
 * PrintStream itself swallows; {@link #check()} turns it into an {@link OutputFailedException}.
 */
final class CheckedOutput extends PrintStream {
    private final Recorder recorder;

    private CheckedOutput(Recorder recorder) {
        super(recorder, false, StandardCharsets.UTF_8);
        this.recorder = recorder;
    }

    static CheckedOutput of(OutputStream out) {
        return new CheckedOutput(new Recorder(out));
    }

    /** Flushes; throws if any write so far failed. */
    static void check(PrintStream out) {
        out.flush();
        if (out.checkError()) {
            IOException cause = out instanceof CheckedOutput c ? c.recorder.failure : null;
            throw new OutputFailedException("cannot write the output" + (cause == null || cause.getMessage() == null
                    ? "" : " (" + cause.getMessage() + ")"));
        }
    }

    private static final class Recorder extends FilterOutputStream {
        private IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }
    }
}
