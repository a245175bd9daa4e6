"""The spectral mixer layers against keras.layers.Conv1D, native code and the floor.

For the backend Keras is using (KERAS_BACKEND: tensorflow, jax or torch), in
one process, float32, channels_last, each side run the way users run it:
`jax.jit` of `layer.stateless_call` (weights passed in),
`tf.function(jit_compile=True, autograph=False)`, torch eager:

1. FFTConv1D (no skip, no bias) against keras.layers.Conv1D(filters=64,
   kernel_size=L, groups=64, padding="causal", use_bias=False), the same
   causal depthwise convolution (Conv1D's kernel is ours flipped; outputs
   compared first), batch 8, 64 channels, L = 1024, 4096, 16384: forward,
   and forward+backward at 1024. At 16384 Conv1D is timed once, or, when 16x
   its time at 4096 exceeds `--cap` seconds, not run (the estimate is
   reported). Goal: ours/Conv1D <= 0.1 at 4096.
2. The crossover at L = 4096: Conv1D(kernel_size=K) against
   FFTConv1D(kernel_size=4096) with its kernel zero past K taps, for K = 1, 2,
   4, ... until the FFT has won twice, refined between the last loss and
   the first win: the smallest K from which FFTConv1D is faster.
3. FFTConv1D (8 x 4096 x 64), GlobalFilter2D (8 x 14 x 14 x 384 and
   8 x 32 x 32 x 64), AFNO2D (8 x 32 x 32 x 64, 8 blocks), FourierMixing
   (8 x 512 x 256, and 8 x 16 x 16 where it uses matrix products), forward
   and forward+backward, against the paper's code written directly with the
   backend's complex FFTs (goal: ours/native <= 1.0) and against the floor,
   the bare transforms of the input, and against a control (the native code
   compiled again: how far two equal programs differ). Outputs and input
   gradients checked before timing; half the rounds in reverse order.

Every figure is a ratio of two callables timed in the same process in
interleaved rounds (`harness.time_interleaved`); ms are context. glibc is
told to keep freed memory (`--malloc keep`), so that no side pays for page
faults of buffers another side freed. On torch, a mixer case that misses
its goal gets a profiler breakdown (its costliest ops, Keras's `__call__`).

    KERAS_BACKEND=jax python -m benchmarks.bench_mixers [--quick] [--threads N]
    python -m benchmarks.bench_mixers --all --threads 1   # every backend + docs
    python -m benchmarks.bench_mixers --docs-only         # rebuild the docs section

A full run writes benchmarks/results/mixers-<backend>.{json,md} (a run
restricted with --benches or --cases replaces those rows of the saved
result); `--all` and `--docs-only` rebuild the section of
docs/benchmarks.md between `<!-- mixers:begin -->` and `<!-- mixers:end -->`
(appended when absent). `--quick` runs small cases, few rounds, and writes
nothing.

The code is in benchmarks/mixers/ (its docstring lists the parts).
"""

import os
import sys

if not __package__:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import cli
from benchmarks.mixers.cases import BACKENDS, CONV_CAP_S, MIXERS, QUICK_MIXERS
from benchmarks.mixers.docs import write_docs
from benchmarks.mixers.run import BENCHES, run_all, run_backend


def main(argv=None):
    parser = cli.parser(__doc__, BACKENDS, "small cases, few rounds; writes nothing")
    parser.add_argument("--benches", nargs="+", choices=BENCHES,
                        help="run only these benchmarks (default: all)")
    parser.add_argument("--cases", nargs="+",
                        choices=sorted({c["name"] for c in MIXERS + QUICK_MIXERS}),
                        help="run only these mixer cases")
    parser.add_argument("--cap", type=float, default=CONV_CAP_S,
                        help="seconds: the longest Conv1D call that is run once "
                             f"(default {CONV_CAP_S:.0f})")
    args = cli.add_machine_options(parser).parse_args(argv)
    return cli.main(args, "mixers", write_docs, run_all, run_backend)


if __name__ == "__main__":
    sys.exit(main())
