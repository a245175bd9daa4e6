"""Glue shared by the parts of the FNO benchmark (and used by the other
families): threads and the environment of child processes, compilation as
users run it, native gradients, tensors of the current backend, the checks
before timing, and timing rows."""

import importlib.util
import os
import subprocess
import sys
import time

import numpy as np

from benchmarks import harness

# --- environment ------------------------------------------------------------------

# The command line, which `--all` runs once per backend and run_memory once per
# memory child (python -m ENTRY ...).
ENTRY = "benchmarks.bench_fno"


def thread_env(threads, env=None):
    """`env` (default os.environ, copied) with every compute pool at `threads`."""
    env = dict(os.environ if env is None else env)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        env[var] = str(threads)
    if threads == 1:
        env["XLA_FLAGS"] = ("--xla_cpu_multi_thread_eigen=false "
                            "intra_op_parallelism_threads=1")
    env.pop("JAX_ENABLE_X64", None)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def child_env(backend_name, threads):
    """The environment of a child process on `backend_name` with `threads`
    compute threads, which imports `benchmarks` from the repository root."""
    env = thread_env(threads)
    env["KERAS_BACKEND"] = backend_name
    env["PYTHONPATH"] = os.pathsep.join(
        [str(harness.REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def run_children(entry, backends, extra, threads):
    """`python -m entry *extra` once per backend, each in its own process
    (Keras picks its backend once per process); returns the failed backends."""
    failed = []
    for b in backends:
        cmd = [sys.executable, "-m", entry] + list(extra)
        print(f"== {b}: {' '.join(cmd[1:])}", flush=True)
        start = time.perf_counter()
        code = subprocess.run(cmd, cwd=harness.REPO, env=child_env(b, threads)).returncode
        print(f"== {b}: exit {code} after {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(b)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return failed


def has(module):
    return importlib.util.find_spec(module) is not None


def set_threads(threads):
    """harness.set_threads, and torch's pools too where torch is imported
    alongside another backend (neuraloperator)."""
    harness.set_threads(threads)
    if has("torch"):
        import torch

        torch.set_num_threads(threads)
        try:
            torch.set_num_interop_threads(threads)
        except RuntimeError:  # already set
            pass


# --- compilation ------------------------------------------------------------------


def compile_as(fn, mode):
    """`fn` run in `mode` (cases.MODE_NOTE)."""
    if mode in ("jit", "xla"):
        return harness.compile_fn(fn, "compiled")
    if mode == "graph":
        import tensorflow as tf

        return tf.function(fn, jit_compile=False, autograph=False)
    if mode == "compile":
        import torch

        return torch.compile(fn, dynamic=False)
    return fn


def torch_grad(fwd, params=()):
    """fb(x, *rest, g): the gradient of `sum(fwd(x, *rest) * g)` with respect
    to x, rest and `params`. On torch a compiled forward is differentiated this
    way (torch.compile of the backward call itself is not what users run)."""
    import torch

    def fb(x, *rest):
        *rest, g = rest
        return torch.autograd.grad((fwd(x, *rest) * g).sum(), [x, *rest, *params])

    return fb


def jax_gradient(fwd):
    """fb(x, g, *weights): the gradient of `sum(fwd(x, *weights) * g)` with
    respect to x and the weights, by jax.grad."""
    import jax
    import jax.numpy as jnp

    def fb(x, g, *weights):
        def loss(x, *weights):
            return jnp.sum(fwd(x, *weights) * g)
        return jax.grad(loss, argnums=tuple(range(1 + len(weights))))(x, *weights)

    return fb


def tf_gradient(fwd):
    """fb(x, g, *weights): the gradient of `sum(fwd(x, *weights) * g)` with
    respect to x and the weights, by a tf.GradientTape."""
    import tensorflow as tf

    def fb(x, g, *weights):
        with tf.GradientTape() as tape:
            tape.watch([x, *weights])
            loss = tf.reduce_sum(fwd(x, *weights) * g)
        return tape.gradient(loss, [x, *weights])

    return fb


# --- tensors and checks -------------------------------------------------------------


def tensor(a):
    """A NumPy array as a tensor of the current backend."""
    name = harness.backend()
    if name == "jax":
        import jax.numpy as jnp

        return jnp.asarray(a)
    if name == "torch":
        import torch

        return torch.from_numpy(np.ascontiguousarray(a))
    import tensorflow as tf

    return tf.constant(a)


def to_numpy(t):
    if hasattr(t, "detach"):
        t = t.detach()
    if hasattr(t, "numpy"):
        return np.asarray(t.numpy())
    return np.asarray(t)


def close(name, a, b, tol=2e-4):
    """The relative max error of `a` against `b`; raises past `tol` (timing
    two sides that disagree would mean nothing)."""
    a, b = to_numpy(a), to_numpy(b)
    scale = max(float(np.abs(b).max()), 1e-30)
    err = float(np.abs(a - b).max()) / scale
    if a.shape != b.shape or not err <= tol:
        raise AssertionError(f"{name}: shapes {a.shape} vs {b.shape}, "
                             f"relative max error {err:.2e}")
    return err


# --- timing rows --------------------------------------------------------------------


def stats_row(times, name):
    """What the results keep of harness.time_interleaved's `times[name]`."""
    t = times[name]
    return {"median_s": t["median"], "q1_s": t["q1"], "q3_s": t["q3"], "n": t["n"]}
