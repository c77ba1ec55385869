package io.github.eigengrad.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code eigengrad} command; see {@code eigengrad --help}. */
@Command(name = "eigengrad",
        description = "Backpropagation-friendly symmetric eigendecomposition.",
        subcommands = {DemoCommand.class, EighCommand.class, PullbackCommand.class, PushforwardCommand.class, DeriveCommand.class, GenerateCommand.class,
            PlotCommand.class,
            CommandLine.HelpCommand.class},
        mixinStandardHelpOptions = true,
        versionProvider = EigengradCommand.Version.class)
public final class EigengradCommand implements Runnable {
    private final InputStream in;
    private final PrintStream out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** A command on standard input and output; output is UTF-8 whatever the platform default. */
    public EigengradCommand() {
        this(System.in, CheckedOutput.of(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16)));
    }

    /** A command reading requests from {@code in} and writing responses to {@code out}. */
    public EigengradCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    public static void main(String[] args) {
        EigengradCommand command = new EigengradCommand();
        System.exit(command.execute(args, new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8),
                true)));
    }

    /**
     * Runs the command line; returns the exit status: 0 served, 1 some request lines failed,
     * 2 a usage error, an I/O error (an unreadable input, an unwritable file) or a failed
     * write of the output, each reported as one line on {@code err}.
     */
    int execute(String[] args, PrintWriter err) {
        PrintWriter helpOut = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        CommandLine line = new CommandLine(this).setOut(helpOut).setErr(err)
                .setParameterExceptionHandler((e, arguments) -> {
                    // one line and a hint, not the whole usage
                    CommandLine cmd = e.getCommandLine();
                    String path = qualifiedName(cmd);
                    cmd.getErr().println(path + ": " + e.getMessage());
                    cmd.getErr().println("Try '" + path + " --help' for more information.");
                    return EXIT_IO;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof OutputFailedException || e instanceof IOException
                            || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
                        String message = e instanceof UncheckedIOException u ? describe(u.getCause()) : describe(e);
                        cmd.getErr().println(qualifiedName(cmd) + ": " + message);
                        return EXIT_IO;
                    }
                    throw e;
                });
        int code = line.execute(args);
        helpOut.flush();
        if (code != EXIT_IO && (out.checkError() || helpOut.checkError())) {
            err.println("eigengrad: cannot write the output");
            return EXIT_IO;
        }
        return code;
    }

    /** "eigengrad" or "eigengrad generate": the command as typed. */
    private static String qualifiedName(CommandLine cmd) {
        String name = cmd.getCommandName();
        return cmd.getParent() == null ? name : qualifiedName(cmd.getParent()) + " " + name;
    }

    /** Exit status of a usage or I/O error (picocli's own usage errors use it too). */
    static final int EXIT_IO = 2;

    private static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            return "not a folder: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    Reader input() {
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    PrintStream output() {
        return out;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = EigengradCommand.class.getPackage().getImplementationVersion();
            return new String[] {"eigengrad " + (v == null ? "(development build)" : v)};
        }
    }
}
