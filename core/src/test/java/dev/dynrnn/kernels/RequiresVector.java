package dev.dynrnn.kernels;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * jqwik hook: skips a property when the vector kernels are not loaded (the surefire execution
 * without {@code jdk.incubator.vector}); it runs in the other execution.
 */
public final class RequiresVector implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return Kernels.vector().isPresent()
                ? SkipResult.doNotSkip()
                : SkipResult.skip("needs --add-modules " + Kernels.VECTOR_MODULE);
    }
}
