"""One case (spectrogram or mel): every side built in every mode of the
backend, outputs and input gradients checked, then forward (ours, keras,
native) and forward+backward (ours, native) timed, all modes of a pass in
the same interleaved rounds."""

import numpy as np

from benchmarks import harness
from benchmarks.audio import cases
from benchmarks.audio.breakdown import breakdown
from benchmarks.audio.sides import (
    keras_expected, keras_filters, keras_layer, layer_sides, native_sides, our_filters,
    ours_layer, time_major)
from benchmarks.fno.common import close, stats_row, tensor, to_numpy
from benchmarks.mixers.mixers import time_with_retry

SIDES = {"forward": ("ours", "keras", "native"), "forward+backward": ("ours", "native")}


def _bind(fn, *args):
    return lambda: fn(*args)


def _inputs(rng, shape):
    """(x, x requiring grad on torch, x_np)."""
    x_np = rng.standard_normal(shape).astype(np.float32)
    x, xg = tensor(x_np), tensor(x_np)
    if harness.backend() == "torch":
        xg.requires_grad_(True)
    return x, xg, x_np


def _check(what, got, want):
    return close(what, got, want, cases.TOL["native"])


def build_case(case, signal, rng):
    """{pass: {"side@mode": zero-argument callable}}, the checks (relative
    max errors), and what the breakdown needs."""
    modes = cases.MODES[harness.backend()]
    sr = signal["sample_rate"]
    shape = (signal["batch"], signal["seconds"] * sr)
    frames = 1 + shape[1] // cases.STFT["frame_step"]
    x, xg, x_np = _inputs(rng, shape)
    ours, kl = ours_layer(case, sr), keras_layer(case, sr)
    filters = our_filters(ours) if case == "mel" else None
    expected = keras_expected(case, x_np, keras_filters(kl) if case == "mel" else None)
    calls = {p: {} for p in cases.PASSES}
    checks = {}
    g_np = None
    for mode in modes:
        o_fwd, o_fb = layer_sides(ours, mode, shape, backward=True)
        k_fwd, _ = layer_sides(kl, mode, shape, backward=False)
        n_fwd, n_fb = native_sides(case, mode, filters)
        # the checks also warm every callable up (and compile it)
        y = to_numpy(o_fwd(x))
        n_y = to_numpy(n_fwd(x))
        checks[f"ours vs native, {mode}"] = _check(
            f"{case} {mode}: ours vs native", y, time_major(n_y, frames))
        checks[f"keras vs definition, {mode}"] = close(
            f"{case} {mode}: keras vs its definition", time_major(to_numpy(k_fwd(x)), frames),
            expected, cases.TOL["keras"])
        if g_np is None:
            g_np = rng.standard_normal(y.shape).astype(np.float32)
            g = tensor(g_np)
            n_g = tensor(np.ascontiguousarray(np.swapaxes(g_np, -1, -2))
                         if n_y.shape != y.shape else g_np)
        checks[f"ours vs native input gradient, {mode}"] = _check(
            f"{case} {mode}: ours vs native input gradient",
            o_fb(xg, g)[0], n_fb(xg, n_g)[0])
        calls["forward"].update({f"ours@{mode}": _bind(o_fwd, x),
                                 f"keras@{mode}": _bind(k_fwd, x),
                                 f"native@{mode}": _bind(n_fwd, x)})
        calls["forward+backward"].update({f"ours@{mode}": _bind(o_fb, xg, g),
                                          f"native@{mode}": _bind(n_fb, xg, n_g)})
    info = {"shape": list(shape), "frames": frames,
            "output": list(y.shape), "checks": checks}
    return calls, info, (ours, x, filters)


def faults_per_call(fn, calls=5):
    """Minor page faults per call of `fn` (after one call): large buffers
    the allocator maps afresh fault in page by page on every call."""
    import resource

    sync = harness.make_sync()
    sync(fn())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(calls):
        sync(fn())
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / calls


def _best(times, side, modes):
    """The mode in which `side` was fastest."""
    return min(modes, key=lambda m: times[f"{side}@{m}"]["median"])


def _row(case, p, mode, times, sides, chosen):
    """A row of one pass: `chosen` {side: mode} (one mode, or each side's best)."""
    t = {s: times[f"{s}@{chosen[s]}"] for s in sides}
    return {"bench": "audio", "case": case, "pass": p, "mode": mode, "modes": dict(chosen),
            "times": {s: stats_row(times, f"{s}@{chosen[s]}") for s in sides},
            "ratios": {f"ours/{b}": harness.ratio(t["ours"], t[b]) for b in sides[1:]}}


def goal_misses(row):
    """{baseline: ratio} of the goals a goal row misses."""
    return {b: row["ratios"][f"ours/{b}"]["ratio"] for b in cases.GOALS
            if f"ours/{b}" in row["ratios"] and row["pass"] == "forward"
            and row["ratios"][f"ours/{b}"]["ratio"] > cases.GOALS[b]}


def run_case(case, signal, rng, settings, retry=True):
    """Rows per pass: one per mode, and on a backend with several modes a
    row "best" (each side in its faster mode), which the goals judge."""
    calls, info, (ours, x, filters) = build_case(case, signal, rng)
    modes = cases.MODES[harness.backend()]
    rows = []
    for p in cases.PASSES:
        sides = SIDES[p]
        times = time_with_retry(calls[p], settings, retry)
        faults = {k: faults_per_call(fn) for k, fn in calls[p].items()}
        chosen = [(m, {s: m for s in sides}) for m in modes]
        if len(modes) > 1:
            chosen.append((cases.BEST, {s: _best(times, s, modes) for s in sides}))
        for mode, which in chosen:
            row = _row(case, p, mode, times, sides, which)
            row.update(info, other_load=times["_load"],
                       faults={s: faults[f"{s}@{which[s]}"] for s in sides},
                       goal_row=mode == (cases.BEST if len(modes) > 1 else modes[0]))
            rows.append(row)
            print(f"  {case:<12} {p:<17} {mode:<6} ms: " + "  ".join(
                f"{s}({which[s]}) {row['times'][s]['median_s'] * 1e3:.2f}" for s in sides)
                + "  " + "  ".join(f"{k} {v['ratio']:.3f}" for k, v in row["ratios"].items())
                + f"  (load {times['_load'] or 0:.2f})", flush=True)
    for row in rows:
        if row["goal_row"] and goal_misses(row):
            mode = row["modes"]["ours"]
            sides = {s: calls["forward"][f"{s}@{m}"] for s, m in row["modes"].items()}
            row["breakdown"] = breakdown(case, ours, x, filters, mode, settings, sides)
    return rows
