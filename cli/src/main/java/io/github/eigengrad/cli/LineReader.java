package io.github.eigengrad.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits a character stream into JSON Lines: a line ends at {@code \n} (a {@code \r} before
 * it is dropped), a UTF-8 byte order mark at the start of the stream is skipped, and a line
 * longer than the limit is read to its end without being kept, so one oversize line costs no
 * memory and the next line is read as usual.
 */
final class LineReader {
    private static final char BOM = '\uFEFF';

    /** One line: its text, or null when it exceeded the limit; {@code length} counts its characters. */
    record Line(String text, long length) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final Reader in;
    private final long maxLength;
    private final char[] buffer = new char[1 << 14];
    private int position;
    private int end;
    private boolean started;

    LineReader(Reader in, long maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        StringBuilder text = new StringBuilder();
        long length = 0;
        boolean any = false;
        while (true) {
            if (position == end) {
                int read = in.read(buffer, 0, buffer.length);
                position = 0;
                end = Math.max(read, 0);
                if (read <= 0) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            if (!started) {
                started = true;
                if (buffer[position] == BOM) {
                    position++;
                    continue;
                }
            }
            any = true;
            int i = position;
            while (i < end && buffer[i] != '\n') {
                i++;
            }
            int chunk = i - position;
            length += chunk;
            if (text != null) {
                if (length > maxLength + 1) { // + 1: a trailing \r is not part of the line
                    text = null;
                } else {
                    text.append(buffer, position, chunk);
                }
            }
            if (i < end) {
                position = i + 1;
                break;
            }
            position = end;
        }
        if (text != null && text.length() > 0 && text.charAt(text.length() - 1) == '\r') {
            text.setLength(text.length() - 1);
            length--;
        }
        if (text != null && length > maxLength) {
            text = null;
        }
        return new Line(text == null ? null : text.toString(), length);
    }
}
