package dev.dynrnn.optim;

import dev.dynrnn.tensor.Tensor;
import java.util.Map;

/** The Adam / AdamW update of one parameter, PyTorch 1.13's {@code _single_tensor_adam(w)}. */
final class AdamUpdate {
    private AdamUpdate() {}

    /**
     * One step for {@code param}. {@code decoupled} selects AdamW's weight decay
     * (θ ← θ (1 − γλ) before the update) over Adam's (g ← g + λθ).
     */
    static void apply(ParamGroup group, Tensor param, Map<String, Object> state, boolean decoupled) {
        double lr = group.lr();
        double[] betas = group.getDoubles("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double weightDecay = group.getDouble("weight_decay");
        boolean amsgrad = group.getBoolean("amsgrad");
        boolean maximize = group.getBoolean("maximize");

        long step = Optimizer.incrementStep(state);
        float[] expAvg = Optimizer.buffer(state, "exp_avg", param).storage();
        float[] expAvgSq = Optimizer.buffer(state, "exp_avg_sq", param).storage();
        float[] maxExpAvgSq = amsgrad ? Optimizer.buffer(state, "max_exp_avg_sq", param).storage() : null;

        // Python doubles in PyTorch, cast to float where they meet a tensor.
        double biasCorrection1 = 1 - StrictMath.pow(beta1, step);
        double biasCorrection2 = 1 - StrictMath.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        float negStepSize = (float) -stepSize;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float eps = (float) group.getDouble("eps");
        float decay = (float) weightDecay;
        float shrink = (float) (1 - lr * weightDecay);

        Tensor target = Optimizer.writable(param);
        Tensor grad = Optimizer.contiguousGrad(param);
        float[] p = target.storage();
        float[] g = grad.storage();
        int po = target.storageOffset();
        int go = grad.storageOffset();
        int n = param.numel();
        if (!maximize && !decoupled && weightDecay == 0 && !amsgrad) {
            plainStep(p, po, g, go, expAvg, expAvgSq, n, b1, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, negStepSize);
            Optimizer.writeBack(param, target);
            return;
        }
        for (int i = 0; i < n; i++) {
            float gi = maximize ? -g[go + i] : g[go + i];
            if (decoupled) {
                p[po + i] *= shrink;                                       // param.mul_(1 - lr * wd)
            } else if (weightDecay != 0) {
                gi = TorchFloat.add(gi, p[po + i], decay);                 // grad.add(param, alpha=wd)
            }
            expAvg[i] = TorchFloat.add(expAvg[i] * b1, gi, oneMinusB1);   // exp_avg.mul_(β1).add_(g, 1-β1)
            expAvgSq[i] = TorchFloat.addcmul(expAvgSq[i] * b2, gi, gi, oneMinusB2);
            float second = expAvgSq[i];
            if (amsgrad) {
                maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], second);        // torch.maximum (NaN wins)
                second = maxExpAvgSq[i];
            }
            float denom = TorchFloat.sqrt(second) / bc2Sqrt + eps;       // (v.sqrt() / bc2_sqrt).add_(eps)
            p[po + i] = TorchFloat.addcdiv(p[po + i], expAvg[i], denom, negStepSize);
        }
        Optimizer.writeBack(param, target);
    }

    /**
     * The loop above for the default options (no maximize, weight decay or amsgrad), the same
     * operations in the same order, without branches so that the JIT vectorizes it: the square
     * root and the division dominate, and run several lanes at a time.
     */
    private static void plainStep(float[] p, int po, float[] g, int go, float[] expAvg, float[] expAvgSq, int n,
                                  float b1, float oneMinusB1, float b2, float oneMinusB2, float bc2Sqrt, float eps,
                                  float negStepSize) {
        for (int i = 0; i < n; i++) {
            float gi = g[go + i];
            float m = TorchFloat.add(expAvg[i] * b1, gi, oneMinusB1);
            float v = TorchFloat.addcmul(expAvgSq[i] * b2, gi, gi, oneMinusB2);
            expAvg[i] = m;
            expAvgSq[i] = v;
            float denom = TorchFloat.sqrt(v) / bc2Sqrt + eps;
            p[po + i] = TorchFloat.addcdiv(p[po + i], m, denom, negStepSize);
        }
    }

    /** The checks shared by Adam and AdamW, with PyTorch's messages. */
    static Object check(String optimizer, String name, Object value) {
        return switch (name) {
            case "lr" -> Checks.atLeastZero(name, value, "Invalid learning rate: ");
            case "betas" -> Checks.betas(value);
            case "eps" -> Checks.atLeastZero(name, value, "Invalid epsilon value: ");
            case "weight_decay" -> Checks.atLeastZero(name, value, "Invalid weight_decay value: ");
            case "amsgrad", "maximize" -> Checks.flag(name, value);
            default -> throw Checks.unknown(optimizer, name, Adam.NAMES);
        };
    }
}
