package io.github.eigengrad.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.eigengrad.runtime.generated.RuleRegistry;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every method of the generated classes is small enough for HotSpot to compile: a method of more
 * than 8,000 bytes of bytecode ({@code -XX:HugeMethodLimit}, with {@code DontCompileHugeMethods}
 * on by default) is never compiled and runs in the interpreter. The sizes are read from the
 * class files' Code attributes.
 */
class GeneratedMethodSizeTest {
    static final int HUGE_METHOD_LIMIT = 8000;

    @Test
    void everyGeneratedMethodIsCompilable() throws IOException, URISyntaxException {
        Path dir = Path.of(RuleRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/github/eigengrad/runtime/generated");
        List<String> huge = new ArrayList<>();
        int methods = 0;
        int largest = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                for (Method m : methods(Files.readAllBytes(file))) {
                    methods++;
                    largest = Math.max(largest, m.codeLength());
                    if (m.codeLength() > HUGE_METHOD_LIMIT) {
                        huge.add(file.getFileName() + " " + m.name() + ": " + m.codeLength() + " bytes");
                    }
                }
            }
        }
        assertTrue(methods > 500, "read " + methods + " methods");
        assertTrue(largest > 4000, "the largest method has " + largest + " bytes; the reader is broken");
        assertTrue(huge.isEmpty(), "methods beyond HotSpot's limit: " + huge);
    }

    record Method(String name, int codeLength) {}

    /** The methods of a class file with the length of their code (JVMS 4.1, 4.6, 4.7.3). */
    static List<Method> methods(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // a long or double takes two entries
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        List<Method> methods = new ArrayList<>();
        int count2 = in.readUnsignedShort();
        for (int m = 0; m < count2; m++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.readUnsignedShort(); // max_stack
                    in.readUnsignedShort(); // max_locals
                    int code = in.readInt();
                    methods.add(new Method(name, code));
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return methods;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
