package dev.dynrnn.app;

import dev.dynrnn.app.demo.DemoCommand;
import dev.dynrnn.app.train.PredictCommand;
import dev.dynrnn.app.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code dynrnn} command: a list of subcommands, each in its own class. Usage errors print
 * the problem and exit with 2; a failure while running prints its message and exits with 1.
 */
@Command(name = "dynrnn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Define-by-run recurrent networks for Java.",
        subcommands = {DemoCommand.class, TrainCommand.class, PredictCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The command line with dynrnn's error handling, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("dynrnn: " + e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println("dynrnn: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnExecutionException();
        });
        return commandLine;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // The demo's window (if any) is closed by now; exit also ends AWT's threads.
        System.exit(code);
    }

    /** {@code dynrnn --version}: the build's version and the Java running it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dynrnn " + (version == null ? "(development build)" : version),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
