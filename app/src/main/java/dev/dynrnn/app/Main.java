package dev.dynrnn.app;

import dev.dynrnn.app.train.PredictCommand;
import dev.dynrnn.app.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code dynrnn} command: a list of subcommands, each in its own class. */
@Command(name = "dynrnn", mixinStandardHelpOptions = true,
        description = "Define-by-run recurrent networks for Java.",
        subcommands = {TrainCommand.class, PredictCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The command line, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
