"""The mixer benchmark, run as `python -m benchmarks.bench_mixers` (what it
times and how: that module's docstring). By part:

- cases.py: what is timed: the Conv1D lengths, the crossover sweep, the
  mixer cases, the goals, the timing settings.
- native.py: each mixer written directly with the backend's complex FFTs,
  as its paper's code does, and the floor (the bare transforms).
- ours.py: our layers and keras.layers.Conv1D built with known weights,
  compiled the way users run them.
- conv1d.py: FFTConv1D against Conv1D per length, and the crossover.
- mixers.py: each layer against its native code and the floor.
- report.py: the markdown of one backend's result, and the goals met.
- docs.py: the section of docs/benchmarks.md.
- run.py: one backend in this process, or every backend in its own.

The shared machinery is imported, not copied: the command line from
benchmarks.cli; the timing harness from benchmarks.harness; threads, child
environments, compilation modes, gradients, tensors and checks from
benchmarks.fno.common; a layer's compiled callables
(`layer_fns`) from benchmarks.fno.conv; the bare-transform floor from
benchmarks.fno.native. Frameworks are imported inside the functions that
use them, so that `--all`'s parent imports none.
"""
