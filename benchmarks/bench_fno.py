"""SpectralConv and an FNO-1D training step against native code and neuraloperator.

For the backend Keras is using (KERAS_BACKEND), in one process:

1. `SpectralConv1D/2D/3D` (channels_last, float32, no bias), forward and
   forward+backward (the gradient of `sum(output * g)`, `g` a fixed random
   cotangent, with respect to the input and the weights), run the way a user
   runs it: `jax.jit` of a stateless call on JAX; `tf.function` with
   `jit_compile=True` ("xla") and without ("graph") on TensorFlow, both timed;
   eagerly on torch, and under `torch.compile` as a separate row. Against:

   - native: the original FNO's SpectralConv written directly with the
     backend's complex dtypes (rfftn, one einsum per kept corner into a zero
     spectrum, irfftn), compiled the same way, on the same channels_last
     input; `native_cf` is the same code on channels_first input (the
     original code's layout, the input transposed before timing);
   - neuralop: neuraloperator's `SpectralConv` (torch only; channels_first,
     its layout), with the `n_modes` that keep the same frequencies;
   - floor: the bare rfftn + irfftn of the input (forward), twice that
     (forward+backward: a backward pass needs one more of each), over the
     innermost axes of a channels_first tensor of the same size.

   Our output and input gradient are checked against the native and
   neuraloperator ones, the weights copied with `get_spectral_kernel`, before
   anything is timed. A forward breakdown ("where the time goes") times the
   layer with its channel mixing replaced by the identity (the transforms
   alone) and the mixing alone, and the same two parts of the native code.

2. One training step of the FNO-1D of the Burgers experiment (batch 20,
   s = 1024, width 64, 16 modes, 4 blocks; Adam, relative L2 loss): the
   compiled train function `fit` runs, against neuraloperator's `FNO`
   configured as the original FNO-1D with a plain torch step (forward, loss,
   backward, Adam step). Peak memory of a 20-step run: the peak RSS
   (`ru_maxrss` from `os.wait4`) of a fresh process per configuration, minus
   that of an idle process that imports the same things and builds the data.

Every speed figure is a ratio of two callables timed in the same process in
interleaved rounds (`harness.time_interleaved`); the ms figures are context.

    KERAS_BACKEND=jax python -m benchmarks.bench_fno [--quick] [--threads N]
    python -m benchmarks.bench_fno --all [--threads N]   # every backend + docs
    python -m benchmarks.bench_fno --docs-only           # rebuild the docs section

A full run writes benchmarks/results/fno-<backend>.{json,md}; `--all` and
`--docs-only` rebuild the section of docs/benchmarks.md between the markers
`<!-- fno:begin -->` and `<!-- fno:end -->` (appended when absent) from every
fno-<backend>.json found. `--quick` runs the small cases with few rounds,
without memory and torch.compile, and writes nothing.

The code is in benchmarks/fno/ (its docstring lists the parts); this module
is the command line, and what `--all` and the memory children run.
"""

import argparse
import os
import sys

if not __package__:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks import cli
from benchmarks.fno.cases import BACKENDS, CASES
from benchmarks.fno.docs import write_docs
from benchmarks.fno.memory import memory_child
from benchmarks.fno.run import run_all, run_backend


def main(argv=None):
    parser = cli.parser(__doc__, BACKENDS, "small cases, few rounds, no memory; writes nothing",
                        threads=None)
    parser.add_argument("--cases", nargs="+", choices=[c["name"] for c in CASES])
    parser.add_argument("--no-train", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    return cli.main(args, "fno", write_docs, run_all, run_backend)


if __name__ == "__main__":
    sys.exit(main())
