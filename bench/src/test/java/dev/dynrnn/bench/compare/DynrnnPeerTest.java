package dev.dynrnn.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynrnn.bench.Measurement;
import dev.dynrnn.bench.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dynrnn's runner started as the driver starts it, in a child process, read by the driver's reader. */
class DynrnnPeerTest {
    private final Peer dynrnn = Peer.dynrnn(Peer.currentJava(), System.getProperty("java.class.path"));

    @Test
    void theRunnerIsFoundAndPrintsOneMeasurement() throws Exception {
        assertTrue(dynrnn.unavailable().isEmpty(), dynrnn.unavailable().toString());
        Measurement m = Compare.runOnce(dynrnn.command(Workload.B, 2, 1, 0, 5, 2), 2, null);
        assertEquals("dynrnn", m.system());
        assertEquals("b", m.workload());
        assertEquals(2, m.iterations());
        assertEquals(1, m.warmup());
        assertEquals(5, m.seed());
    }

    @Test
    void runsAsTheLauncherRunsWithTheUsersExtraOptionsAfterOurs() {
        List<String> command = dynrnn.command(Workload.A, 2, 1, 0, 5, 1);
        assertTrue(command.indexOf("-XX:+UseSerialGC") > 0, command.toString());
        assertEquals(List.of("-XX:+TieredCompilation", "-Xmx1g"), Peer.extraJavaOptions("  -XX:+TieredCompilation\t-Xmx1g "));
        assertEquals(List.of(), Peer.extraJavaOptions(" "));
        assertEquals(List.of(), Peer.extraJavaOptions(null));
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy() {
        List<String> command = List.of(Peer.currentJava(), "-cp", System.getProperty("java.class.path"),
                "dev.dynrnn.bench.Workloads", "--workload", "c-lstmm");
        Compare.RunFailure e = assertThrows(Compare.RunFailure.class, () -> Compare.runOnce(command, 2, null));
        assertTrue(e.getMessage().contains("exit code 2"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown workload 'c-lstmm'"), e.getMessage());
    }
}
