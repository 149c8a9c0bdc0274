package dev.dynrnn.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every PyTorch case of {@code fixtures/random.json}: seed, then replay the calls in order and
 * require the very same float bits (rand, uniform_, randn, normal_, bernoulli_, randint).
 */
class GeneratorPytorchParityTest {

    @TestFactory
    Stream<DynamicTest> everyRecordedPytorchCaseIsReproducedBitForBit() {
        return RandomFixture.cases("torch").stream()
                .map(testCase -> DynamicTest.dynamicTest(RandomFixture.describe(testCase), () -> replay(testCase)));
    }

    private static void replay(Map<String, Object> testCase) {
        Generator generator = new Generator(RandomFixture.integer(testCase, "seed"));
        assertEquals(testCase.get("initial_seed"), Long.toUnsignedString(generator.initialSeed()),
                "torch.initial_seed()");
        List<Map<String, Object>> calls = RandomFixture.calls(testCase);
        for (int i = 0; i < calls.size(); i++) {
            Map<String, Object> call = calls.get(i);
            String context = RandomFixture.describe(testCase) + ", call " + i + " " + call.get("op")
                    + "(n=" + call.getOrDefault("n", "?") + ")";
            PytorchReplay.replay(generator, call, context);
        }
    }
}
