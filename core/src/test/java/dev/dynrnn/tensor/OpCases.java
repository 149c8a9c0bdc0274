package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynrnn.testing.Fixtures;
import dev.dynrnn.testing.TensorAssert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The Java side of one group of PyTorch cases in {@code fixtures/ops.json} (written by
 * {@code scripts/reference/ops_reference.py}): each case names the same expression on both sides,
 * reads its inputs from the fixture and compares the result with PyTorch's.
 *
 * <p>Tolerances: {@link #exact} for ops whose every output element is one correctly rounded float
 * operation (or a copy), so PyTorch and Java agree to the last bit and 1e-6 relative is already
 * loose; {@link #close} for transcendental functions, sums and matrix products, whose rounding
 * depends on the evaluation order or the libm (1e-5 relative, or 1e-5 absolute for results that
 * cancel to near zero).
 */
final class OpCases {
    static final double EXACT_RTOL = 1e-6;
    static final double CLOSE_TOL = 1e-5;

    private static Fixtures ops;

    private final String group;
    private final Fixtures cases;
    private final Map<String, Case> registered = new LinkedHashMap<>();

    private record Case(Function<Inputs, Object> op, double rtol, double atol) {}

    private OpCases(String group) {
        this.group = group;
        this.cases = fixtures().child(group);
    }

    /** All of ops.json, loaded once. */
    static synchronized Fixtures fixtures() {
        if (ops == null) {
            ops = Fixtures.load("ops");
        }
        return ops;
    }

    static OpCases of(String group) {
        return new OpCases(group);
    }

    /** A case whose result must agree with PyTorch to 1e-6 relative (in practice: bit for bit). */
    OpCases exact(String name, Function<Inputs, Object> op) {
        return add(name, op, EXACT_RTOL, 0);
    }

    /** A case compared within 1e-5 relative or absolute. */
    OpCases close(String name, Function<Inputs, Object> op) {
        return add(name, op, CLOSE_TOL, CLOSE_TOL);
    }

    private OpCases add(String name, Function<Inputs, Object> op, double rtol, double atol) {
        if (registered.put(name, new Case(op, rtol, atol)) != null) {
            throw new IllegalArgumentException("case " + name + " registered twice");
        }
        return this;
    }

    /** One test per case, plus one that fails when the Java and PyTorch case lists differ. */
    Stream<DynamicTest> tests() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every PyTorch case has a Java expression and vice versa", () -> {
            assertEquals(new TreeSet<>(cases.keys()), new TreeSet<>(registered.keySet()),
                    group + ": cases in ops.json vs cases in the test");
        }));
        registered.forEach((name, c) -> tests.add(DynamicTest.dynamicTest(name, () -> run(name, c))));
        return tests.stream();
    }

    private void run(String name, Case c) {
        Fixtures fixture = cases.child(name);
        Object result = c.op.apply(new Inputs(fixture.child("in")));
        String what = group + "." + name;
        if (fixture.has("out")) {
            TensorAssert.assertClose(fixture.tensor("out"), (Tensor) result, c.rtol, c.atol, what);
            return;
        }
        Fixtures outs = fixture.child("outs");
        @SuppressWarnings("unchecked")
        List<Tensor> parts = (List<Tensor>) result;
        assertEquals(outs.keys().size(), parts.size(), what + ": number of outputs");
        for (int i = 0; i < parts.size(); i++) {
            TensorAssert.assertClose(outs.tensor(String.valueOf(i)), parts.get(i), c.rtol, c.atol, what + "[" + i + "]");
        }
    }

    /** The named input tensors of one case (fresh copies, so a case cannot disturb another). */
    static final class Inputs {
        private final Fixtures in;

        Inputs(Fixtures in) {
            this.in = in;
        }

        Tensor t(String name) {
            return in.tensor(name);
        }
    }
}
