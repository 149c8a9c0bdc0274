package dev.dynrnn.bench.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.dynrnn.bench.BenchOptions;
import dev.dynrnn.bench.Measurement;
import dev.dynrnn.bench.SeedData;
import dev.dynrnn.bench.Workload;

/**
 * The benchmark workloads (bench/README.md) trained with DJL on its PyTorch engine; prints one
 * {@link Measurement} JSON line per workload.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp dynrnn-bench-djl.jar:lib/* dev.dynrnn.bench.djl.DjlWorkloads
 *      --workload a [--iterations N] [--warmup W] [--warmup-seconds S] [--seed S]
 * </pre>
 * Written the way DJL's documentation trains a model: a {@link Model} holding the block, a
 * {@link Trainer} with {@link Loss#l2Loss(String, float)} at weight 1 (plain MSE; DJL's default
 * weight is 1/2) and {@link Optimizer#adam()}, a {@link GradientCollector} per iteration, and a
 * sub-manager per iteration that frees that iteration's arrays. The state is detached with
 * {@code stopGradient()} and moved to a manager that outlives the iteration.
 * Unless set as system properties, DJL runs offline with {@code --threads} intra-op threads (2).
 */
public final class DjlWorkloads {

    private DjlWorkloads() {}

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // read once when the engine loads, so set before Engine.getEngine
        setDefault("ai.djl.offline", "true");
        setDefault("ai.djl.pytorch.num_threads", Integer.toString(options.threads()));
        Engine engine = Engine.getEngine("PyTorch");
        for (Workload w : options.workloads()) {
            Measurement m = run(engine, w, options.iterationsFor(w), options.warmupFor(w), options.warmupSecondsFor(w),
                    options.seed());
            System.out.println(m.toJson());
            System.out.flush();
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Untimed iterations until both {@code warmup} are done and {@code warmupSeconds} have passed, then the timed ones. */
    static Measurement run(Engine engine, Workload w, int iterations, int warmup, double warmupSeconds, long seed) {
        engine.setRandomSeed((int) seed);
        try (Model model = Model.newInstance(w.id, Device.cpu(), engine.getEngineName())) {
            RecurrentRegressor block = new RecurrentRegressor(w);
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss("mse", 1f))
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed((float) w.learningRate)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                int initSteps = w.isSeed() ? 10 : w.steps;
                trainer.initialize(new Shape(w.batch, initSteps, w.inputSize));
                Loop loop = new Loop(trainer, block, w, seed);
                long warmupStart = System.nanoTime();
                long warmupNanos = (long) (warmupSeconds * 1e9);
                int warmed = 0;
                while (warmed < warmup || System.nanoTime() - warmupStart < warmupNanos) {
                    loop.iteration(false);
                    warmed++;
                }
                long start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    loop.iteration(i == iterations - 1);
                }
                double seconds = (System.nanoTime() - start) * 1e-9;
                loop.close();
                return new Measurement("djl", Engine.getDjlVersion() + "/PyTorch " + engine.getVersion(), w.id,
                        iterations, warmed, seed, Integer.getInteger("ai.djl.pytorch.num_threads", -1),
                        seconds / iterations, Measurement.currentPeakRssBytes(), loop.lastLoss);
            }
        }
    }

    /** The training loop's state: data, the carried hidden state, the last loss. */
    private static final class Loop implements AutoCloseable {
        private final Trainer trainer;
        private final RecurrentRegressor block;
        private final Workload workload;
        /** Holds what outlives one iteration: the fixed data and the carried state. */
        private final NDManager keep;
        private final SeedData seedData;
        private final NDArray fixedX;
        private final NDArray fixedY;
        private NDList state;
        double lastLoss = Double.NaN;

        Loop(Trainer trainer, RecurrentRegressor block, Workload w, long seed) {
            this.trainer = trainer;
            this.block = block;
            this.workload = w;
            this.keep = trainer.getManager().newSubManager();
            if (w.isSeed()) {
                seedData = new SeedData(seed);
                fixedX = null;
                fixedY = null;
            } else {
                seedData = null;
                fixedX = keep.randomNormal(new Shape(w.batch, w.steps, w.inputSize));  // fixed input
                fixedY = keep.randomNormal(new Shape(w.batch, w.steps, 1));            // fixed target
            }
        }

        /** One training iteration: forward, MSE, backward, Adam step; the state carried, detached. */
        void iteration(boolean keepLoss) {
            // every array made in this iteration is made in (or by ops on arrays of) this manager
            try (NDManager step = keep.newSubManager()) {
                NDArray x;
                NDArray y;
                if (seedData != null) {
                    float[][] xy = seedData.next();
                    Shape shape = new Shape(1, xy[0].length, 1);
                    x = step.create(xy[0], shape);
                    y = step.create(xy[1], shape);
                } else {
                    x = fixedX;
                    y = fixedY;
                    x.tempAttach(step);   // ops' outputs land in the input's manager: make it this one
                    y.tempAttach(step);
                }
                NDList inputs = new NDList(x);
                if (state != null) {
                    inputs.addAll(state);
                }
                NDList previous = state;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(inputs);
                    NDArray prediction = out.get(0);
                    NDList next = new NDList(block.stateCount());
                    for (int i = 1; i < out.size(); i++) {
                        NDArray detached = out.get(i).stopGradient();  // truncated BPTT
                        detached.attach(keep);
                        next.add(detached);
                    }
                    state = next;
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(prediction));
                    collector.backward(loss);
                    if (keepLoss) {
                        lastLoss = loss.getFloat();
                    }
                }
                trainer.step();   // Adam update of every parameter, then zeroes the gradients
                if (previous != null) {
                    previous.close();
                }
            }
        }

        @Override
        public void close() {
            keep.close();
        }
    }
}
