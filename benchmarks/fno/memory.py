"""Peak memory of a short training run (BURGERS["memory_steps"] steps): the
peak RSS of a fresh process per configuration, minus that of an idle process
that imports the same things and builds the data."""

import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks import harness
from benchmarks.fno import peer
from benchmarks.fno.cases import BURGERS, burgers_data
from benchmarks.fno.common import ENTRY, child_env, has
from benchmarks.fno.train import build_ours

# Linux keeps a process's peak RSS across exec, and a forked child's starts at
# its parent's: a child of this (large) process would report at least our own
# peak. So each child is started by a small launcher, which reports the
# child's ru_maxrss from os.wait4.
_LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)\n"
    "out = p.stdout.read().decode().strip().splitlines()\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "print(usage.ru_maxrss, os.waitstatus_to_exitcode(status), out[-1] if out else '{}')\n"
)


def memory_child(kind):
    """Runs in a fresh process: imports, data, and (unless idle) 20 steps;
    prints its own high-water RSS (VmHWM, KiB) as a cross-check."""
    _memory_work(kind)
    hwm = None
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except OSError:
        pass
    print(json.dumps({"vm_hwm_kib": hwm}), flush=True)


def _memory_work(kind):
    """`kind`: "ours" or "neuralop" train; "idle" and "idle-torch" stop after
    the same imports and data."""
    steps = BURGERS["memory_steps"]
    rng = np.random.default_rng(0)
    n = BURGERS["batch"] * steps
    if kind.startswith("neuralop") or kind == "idle-torch":
        import torch

        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
        importlib.import_module("neuralop")

        x_np, y_np = burgers_data(rng, batch=n)
        xs, ys = peer.channels_first(x_np), peer.channels_first(y_np)
        if kind == "idle-torch":
            return
        step = peer.train_step(peer.build_fno())
        b = BURGERS["batch"]
        for i in range(steps):
            step(xs[i * b:(i + 1) * b], ys[i * b:(i + 1) * b])
        return
    for module in ("keras", "keras_spectral"):  # what `ours` imports
        importlib.import_module(module)
    harness.set_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    x_np, y_np = burgers_data(rng, batch=n)
    if kind == "idle":
        return
    model = build_ours()
    model.fit(x_np, y_np, batch_size=BURGERS["batch"], epochs=1, shuffle=False, verbose=0)


def _peak_rss(kind, backend_name, threads):
    """(ru_maxrss, VmHWM) of a fresh child running `kind`, MiB."""
    cmd = [sys.executable, "-I", "-S", "-c", _LAUNCHER,
           sys.executable, "-m", ENTRY, "--memory-child", kind]
    with tempfile.TemporaryFile() as log:
        done = subprocess.run(cmd, cwd=harness.REPO, env=child_env(backend_name, threads),
                              stdout=subprocess.PIPE, stderr=log, text=True)
        fields = done.stdout.strip().split(" ", 2) if done.stdout.strip() else []
        if done.returncode or len(fields) < 3 or fields[1] != "0":
            log.seek(0)
            err = log.read().decode(errors="replace")
            raise RuntimeError(f"memory child {kind} failed: {done.stdout!r} "
                               f"{err[-1500:]}")
    hwm = json.loads(fields[2]).get("vm_hwm_kib")
    return int(fields[0]) / 1024.0, (None if hwm is None else hwm / 1024.0)


def run_memory(threads):
    name = harness.backend()
    out = {"steps": BURGERS["memory_steps"], "unit": "MiB (peak RSS, ru_maxrss)"}
    kinds = [("ours_idle", "idle"), ("ours_peak", "ours")]
    if has("neuralop"):
        kinds += [("neuralop_idle", "idle-torch"), ("neuralop_peak", "neuralop")]
    for key, kind in kinds:
        out[key], out[key + "_vmhwm"] = _peak_rss(kind, name, threads)
    out["ours_delta"] = out["ours_peak"] - out["ours_idle"]
    if "neuralop_peak" in out:
        out["neuralop_delta"] = out["neuralop_peak"] - out["neuralop_idle"]
        out["delta_ratio"] = out["ours_delta"] / out["neuralop_delta"]
    print("  memory MiB: " + "  ".join(f"{k} {v:.0f}" for k, v in out.items()
                                        if isinstance(v, float)), flush=True)
    return out
