package dev.dynrnn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A scope lends large results, takes them back when it closes and lends them again, zero-filled;
 * tensors over taken-back storage refuse to be used; kept ones survive; scopes nest.
 */
class TensorScopeTest {
    private static final int LARGE = TensorScope.MIN_LENGTH;   // lent
    private static final int SMALL = TensorScope.MIN_LENGTH - 1;   // never lent

    @Test
    void closedScopesStorageIsLentAgainZeroFilled() {
        float[] first;
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Tensor.empty(2, LARGE / 2);
            first = t.storage();
            t.fill_(3f);
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor t = Tensor.empty(LARGE / 2, 2);   // same length, another shape
            assertSame(first, t.storage());
            assertEquals(0f, t.sum().item());
        }
    }

    @Test
    void outsideAScopeEmptyIsNewAndStaysUsable() {
        Tensor a = Tensor.empty(LARGE);
        Tensor b = Tensor.empty(LARGE);
        assertNotSame(a.storage(), b.storage());
        assertEquals(LARGE, a.numel());
        assertEquals(0f, a.sum().item());
    }

    @Test
    void tensorsOverTakenBackStorageRefuseToBeUsed() {
        Tensor lent;
        Tensor view;
        Tensor small;
        Tensor leaf = Tensor.randn(LARGE).requiresGrad(true);
        Tensor graphRoot;
        try (TensorScope scope = TensorScope.open()) {
            lent = Tensor.empty(4, LARGE / 4);
            view = lent.select(0, 1);
            small = Tensor.empty(SMALL);
            graphRoot = leaf.mul(2f).view(4, LARGE / 4).t().contiguous().sum();   // the copy is lent
            assertEquals(0f, lent.sum().item());
        }
        String opened = "thread " + Thread.currentThread().getName();
        for (Executable use : new Executable[] {
                lent::storage, () -> lent.get(0, 0), lent::toArray, () -> lent.add(1f), () -> lent.view(-1),
                lent::detach, lent::toString, view::storage, () -> view.mul(view), () -> lent.set(1f, 0, 0)}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use);
            assertTrue(e.getMessage().contains("TensorScope") && e.getMessage().contains(opened)
                    && e.getMessage().contains("keep"), e.getMessage());
        }
        assertEquals(0f, small.sum().item(), "a small result is never lent");
        IllegalStateException e = assertThrows(IllegalStateException.class, graphRoot::backward);
        assertTrue(e.getMessage().contains("TensorScope"), e.getMessage());
        assertEquals(null, leaf.grad(), "nothing was accumulated");
    }

    @Test
    void keptTensorsAndTheirViewsSurvive() {
        Tensor kept;
        Tensor viewBeforeKeep;
        try (TensorScope scope = TensorScope.open()) {
            kept = Tensor.empty(2, LARGE);
            viewBeforeKeep = kept.select(0, 1);
            kept.fill_(5f);
            assertSame(kept, scope.keep(kept));
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor next = Tensor.empty(2, LARGE);
            assertNotSame(kept.storage(), next.storage(), "a kept array is not lent again");
            next.fill_(1f);
        }
        assertEquals(5f * 2 * LARGE, kept.sum().item());
        assertEquals(5f * LARGE, viewBeforeKeep.sum().item());
        assertEquals(5f, kept.detach().get(0, 0));
    }

    @Test
    void attachedTensorsGoBackWithTheScope() {
        Tensor state;
        try (TensorScope first = TensorScope.open()) {
            state = first.keep(Tensor.empty(LARGE));
        }
        float[] stateArray = state.storage();
        Tensor small = Tensor.empty(SMALL);
        try (TensorScope second = TensorScope.open()) {
            assertSame(state, second.attach(state));
            assertSame(small, second.attach(small), "not lent: left as it is");
            assertEquals(0f, state.sum().item(), "usable until the scope closes");
        }
        assertThrows(IllegalStateException.class, state::storage);
        assertEquals(0f, small.sum().item());
        try (TensorScope third = TensorScope.open()) {
            assertSame(stateArray, Tensor.empty(LARGE).storage(), "lent again");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> third.attach(state));
            assertTrue(e.getMessage().contains("keep"), e.getMessage());
        }
    }

    @Test
    void resultsOfOpsAreLent() {
        Tensor x = Tensor.randn(LARGE, 2);
        try (TensorScope scope = TensorScope.open()) {
            Tensor copy = x.t().contiguous();
            Tensor cloned = x.t().clone();
            TensorScope.Lease copyLease = copy.lease;
            assertTrue(copyLease != null && copyLease.owner == scope, "contiguous() of a large view is lent");
            assertEquals(null, cloned.lease, "clone() is always a new array");
            assertArrayEquals(copy.toArray(), cloned.toArray());
        }
    }

    @Test
    void scopesNestAndKeepHandsToTheEnclosingScope() {
        Tensor handedOut;
        TensorScope outer = TensorScope.open();
        try {
            try (TensorScope inner = TensorScope.open()) {
                handedOut = inner.keep(Tensor.empty(LARGE));
                assertThrows(IllegalStateException.class, outer::close, "an inner scope is open");
                assertThrows(IllegalStateException.class, () -> outer.keep(handedOut), "an inner scope is open");
            }
            assertEquals(0f, handedOut.sum().item(), "the outer scope holds it");
        } finally {
            outer.close();
        }
        assertThrows(IllegalStateException.class, handedOut::storage);
        assertEquals(null, TensorScope.current());
        outer.close();   // closing twice does nothing
        assertThrows(IllegalStateException.class, () -> outer.keep(handedOut));
    }

    @Test
    void aScopeBelongsToItsThread() throws InterruptedException {
        try (TensorScope scope = TensorScope.open()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<TensorScope> seen = new AtomicReference<>();
            Thread other = new Thread(() -> {
                seen.set(TensorScope.current());
                try {
                    scope.close();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            other.start();
            other.join();
            assertEquals(null, seen.get(), "another thread has no scope open");
            assertTrue(failure.get() instanceof IllegalStateException && failure.get().getMessage().contains("thread"),
                    String.valueOf(failure.get()));
            assertEquals(0f, Tensor.empty(LARGE).sum().item(), "still open on its own thread");
        }
    }

    @Test
    void aScopeAroundEachStepChangesNoResult() {
        float[] plain = train(false);
        try (TensorScope warm = TensorScope.open()) {   // leaves dirty arrays behind for the next scopes
            Tensor.empty(128, 64).fill_(Float.NaN);
            Tensor.empty(64, 128).fill_(Float.NaN);
        }
        assertArrayEquals(plain, train(true));
    }

    /** Five steps of gradient descent through lent results (when {@code scoped}); the losses, then w. */
    private static float[] train(boolean scoped) {
        Tensor.manualSeed(3);
        Tensor w = Tensor.randn(64, 64).requiresGrad(true);
        Tensor x = Tensor.randn(128, 64);
        float[] losses = new float[5];
        for (int i = 0; i < losses.length; i++) {
            TensorScope step = scoped ? TensorScope.open() : null;
            try {
                // (64, 128) and (128, 64) copies: lent when scoped
                Tensor loss = x.t().contiguous().t().matmul(w).tanh().t().contiguous().pow(2f).mean();
                w.zeroGrad();
                loss.backward();
                try (NoGrad off = NoGrad.enter()) {
                    w.add_(w.grad(), -0.1f);
                }
                losses[i] = loss.item();
            } finally {
                if (step != null) {
                    step.close();
                }
            }
        }
        float[] result = new float[losses.length + w.numel()];
        System.arraycopy(losses, 0, result, 0, losses.length);
        System.arraycopy(w.toArray(), 0, result, losses.length, w.numel());
        return result;
    }
}
