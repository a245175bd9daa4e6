"""The audio benchmark, run as `python -m benchmarks.bench_audio` (what it
times and how: that module's docstring). By part:

- cases.py: what is timed: the signal, the STFT settings, the modes per
  backend, the goals, the timing settings.
- sides.py: our layers, Keras's layers configured to compute the same thing,
  the backend's native STFT by hand, and the float64 definitions Keras's
  outputs are checked against.
- frontends.py: one case: every side in every mode, checked, then timed.
- breakdown.py: where our forward time goes (cumulative prefixes of the
  layer's pass; on torch, the profiler), for a case that misses a goal.
- docs.py: the markdown of one backend's result, the goals, and the section
  of docs/benchmarks.md.
- run.py: one backend in this process, or every backend in its own.

The shared machinery is imported, not copied: the command line, the
allocator setting and `--all` from benchmarks.cli; the timing harness, table
formatting and the docs writer from benchmarks.harness; threads, child
processes, compilation modes, native gradients, tensors and checks from
benchmarks.fno.common; a layer's callables (`layer_fns`) from
benchmarks.fno.conv; balanced interleaving with a retry under load and the
torch profiler breakdown from benchmarks.mixers. Frameworks are imported
inside the functions that use them, so that `--all`'s parent imports none.
"""
