"""NumPy's float32 matrix products at the sizes of the JMH gemm benchmarks, for comparison.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/numpy_gemm.py

Prints which BLAS NumPy calls (with threadpoolctl when installed: library, version, the kernel
OpenBLAS chose for this CPU, threads), then one line per product: the median time of one call
over --repeats timed batches and GFLOP/s = 2 m k n / time. The products are those of
GemmBenchmark (square, C = A B) and RecurrentGemmBenchmark (y = x W^T, dx = dy W, dW^T = x^T dy
at m x k x n = 64x256x1024 and 1x32x32). NumPy allocates each result, as `a @ b` does.
"""
import argparse
import json
import os
import statistics
import timeit

import numpy as np


def blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed (Debian: python3-threadpoolctl)"
    return json.dumps([{k: v for k, v in info.items() if k in
                        ("internal_api", "version", "architecture", "num_threads", "threading_layer", "filepath")}
                       for info in threadpool_info()])


def time_call(f, repeats, min_seconds=0.2):
    """Median seconds per call of f over `repeats` batches, each batch long enough to time."""
    f()
    number = 1
    while timeit.timeit(f, number=number) < min_seconds / repeats and number < 1 << 20:
        number *= 2
    return statistics.median(timeit.repeat(f, number=number, repeat=repeats)) / number


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    print("numpy", np.__version__, "BLAS:", blas_info())
    print("env:", {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")})

    def uniform(*shape):
        return rng.uniform(-1, 1, shape).astype(np.float32)

    rows = []
    for size in (32, 64, 128, 256, 512, 1024):
        a, b = uniform(size, size), uniform(size, size)
        rows.append((f"square {size}", 2 * size ** 3, time_call(lambda: a @ b, args.repeats)))
    for m, k, n in ((64, 256, 1024), (1, 32, 32)):
        x, w, dy = uniform(m, k), uniform(n, k), uniform(m, n)
        flops = 2 * m * k * n
        rows.append((f"{m}x{k}x{n} forward", flops, time_call(lambda: x @ w.T, args.repeats)))
        rows.append((f"{m}x{k}x{n} inputGrad", flops, time_call(lambda: dy @ w, args.repeats)))
        rows.append((f"{m}x{k}x{n} weightGrad", flops, time_call(lambda: x.T @ dy, args.repeats)))
    for name, flops, seconds in rows:
        print(f"{name:28s} {seconds * 1e6:12.2f} us  {flops / seconds / 1e9:8.2f} GFLOP/s")


if __name__ == "__main__":
    main()
