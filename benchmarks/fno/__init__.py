"""The FNO benchmark, run as `python -m benchmarks.bench_fno` (what it times and
how: that module's docstring). By part:

- cases.py: what is timed: the SpectralConv cases, the FNO-1D of the Burgers
  experiment and its data, the goals, the timing settings, the modes per backend.
- common.py: the glue shared by the parts: threads and child environments,
  compilation as users run it, tensors, the checks before timing.
- native.py: the original FNO's SpectralConv written directly on each
  backend, and the floor (the bare transforms).
- peer.py: neuraloperator: its SpectralConv with our weights, its FNO-1D and
  a plain torch training step.
- conv.py: SpectralConv against native, neuraloperator and the floor.
- train.py: one training step of the FNO-1D, and where its time goes.
- memory.py: peak RSS of a short training run, each in a fresh process.
- report.py: the markdown of one backend's result, and the goals met.
- docs.py: the section of docs/benchmarks.md.
- run.py: one backend in this process, or every backend in its own.

Frameworks are imported inside the functions that use them, so that the
memory children and `--all`'s parent import none they do not need.
"""
