package io.github.eigengrad.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
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
        subcommands = {DemoCommand.class, EighCommand.class, PullbackCommand.class, DeriveCommand.class, GenerateCommand.class,
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
        this(System.in, new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false,
                StandardCharsets.UTF_8));
    }

    /** A command reading requests from {@code in} and writing responses to {@code out}. */
    public EigengradCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EigengradCommand()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    BufferedReader input() {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
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
