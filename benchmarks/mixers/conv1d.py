"""FFTConv1D against keras.layers.Conv1D: the same causal depthwise
convolution (checked first) at several lengths, and the kernel size from
which the FFT wins."""

import time

import numpy as np

from benchmarks import harness
from benchmarks.fno.common import close, stats_row
from benchmarks.mixers.cases import REFINE
from benchmarks.mixers.ours import (
    Compiled, build_layer, depthwise_conv1d, inputs, weights_np)


def _fftconv(cfg, length):
    """FFTConv1D(kernel_size=length), a pure convolution (no skip, no bias)."""
    return build_layer("FFTConv1D", (cfg["batch"], length, cfg["channels"]),
                       {"kernel_size": length, "use_skip": False, "use_bias": False})


def _row(cfg, length, p, times, timing, checks, load):
    t = {k: stats_row(times, k) if isinstance(times[k], dict) and "samples" in times[k]
         else times[k] for k in ("ours", "conv1d")}
    ratio = {"ratio": t["ours"]["median_s"] / t["conv1d"]["median_s"]}
    if timing == "interleaved":
        ratio = harness.ratio(times["ours"], times["conv1d"])
    row = {"bench": "conv1d", "length": length, "batch": cfg["batch"],
           "channels": cfg["channels"], "goal_length": cfg["goal_length"], "pass": p,
           "conv1d_timing": timing,
           "times": t, "ratios": {"ours/conv1d": ratio}, "checks": checks,
           "other_load": load}
    print(f"  conv1d L={length:<6} {p:<17} ms: ours {t['ours']['median_s'] * 1e3:.2f}  "
          f"Conv1D {t['conv1d']['median_s'] * 1e3:.1f} ({timing})  ours/Conv1D "
          f"{ratio['ratio']:.4f} = {1 / ratio['ratio']:.0f}x faster  (load {load or 0:.2f})",
          flush=True)
    return row


def _single(seconds, n=1):
    return {"median_s": seconds, "q1_s": seconds, "q3_s": seconds, "n": n}


def run_lengths(cfg, rng, cap_s, settings, slow):
    """A row per length and pass. Lengths past the goal length are timed once
    (Conv1D compiled first where the backend allows), or not at all when 16x
    (the square of the length ratio) the previous length's Conv1D time
    exceeds `cap_s`: that estimate is then reported instead."""
    rows, prev = [], None
    sync = harness.make_sync()
    for length in cfg["lengths"]:
        backward = length in cfg["backward_lengths"]
        layer = _fftconv(cfg, length)
        conv = depthwise_conv1d(cfg["channels"], weights_np(layer)["kernel"])
        ours, base = Compiled(layer, backward), Compiled(conv, backward)
        x, g, _, _ = inputs(rng, (cfg["batch"], length, cfg["channels"]))
        y = ours.fwd(x)
        if length > cfg["goal_length"] and prev is not None:
            predicted = prev[1] * (length / prev[0]) ** 2
            times = harness.time_interleaved({"ours": lambda: ours.fwd(x)}, **settings)
            if predicted > cap_s:
                times["conv1d"] = _single(predicted, 0)
                rows.append(_row(cfg, length, "forward", times, "estimated", {},
                                 times["_load"]))
                continue
            base.ahead_of_time(x)
            monitor = harness.LoadMonitor().start()
            start = time.perf_counter()
            out = base.fwd(x)
            sync(out)
            times["conv1d"] = _single(time.perf_counter() - start)
            checks = {"forward": close(f"L={length}: FFTConv1D vs Conv1D", y, out)}
            rows.append(_row(cfg, length, "forward", times, "once", checks,
                             monitor.stop()))
            continue
        checks = {"forward": close(f"L={length}: FFTConv1D vs Conv1D", y, base.fwd(x))}
        times = harness.time_interleaved(
            {"ours": lambda: ours.fwd(x), "conv1d": lambda: base.fwd(x)}, **slow)
        rows.append(_row(cfg, length, "forward", times, "interleaved", checks,
                         times["_load"]))
        prev = (length, times["conv1d"]["median"])
        if backward:
            checks = {"grad_x": close(f"L={length}: FFTConv1D vs Conv1D input gradient",
                                      ours.fb(x, g)[0], base.fb(x, g)[0])}
            times = harness.time_interleaved(
                {"ours": lambda: ours.fb(x, g), "conv1d": lambda: base.fb(x, g)}, **slow)
            rows.append(_row(cfg, length, "forward+backward", times, "interleaved",
                             checks, times["_load"]))
    return rows


def _point(layer, ours, x, kernel, taps, settings):
    """Conv1D(kernel_size=taps) against FFTConv1D with the kernel zero past
    `taps`, checked, timed; returns the point's figures."""
    padded = np.zeros_like(kernel)
    padded[:taps] = kernel[:taps]
    layer.kernel.assign(padded)
    ours.refresh()
    base = Compiled(depthwise_conv1d(kernel.shape[1], kernel[:taps]), backward=False)
    err = close(f"crossover K={taps}: FFTConv1D vs Conv1D", ours.fwd(x), base.fwd(x))
    times = harness.time_interleaved(
        {"ours": lambda: ours.fwd(x), "conv1d": lambda: base.fwd(x)}, **settings)
    r = harness.ratio(times["ours"], times["conv1d"])
    point = {"kernel": taps, "ours_s": times["ours"]["median"],
             "conv1d_s": times["conv1d"]["median"], **r, "check": err,
             "other_load": times["_load"]}
    print(f"  crossover K={taps:<5} ms: ours {point['ours_s'] * 1e3:.2f}  Conv1D "
          f"{point['conv1d_s'] * 1e3:.2f}  ours/Conv1D {r['ratio']:.2f}", flush=True)
    return point


def crossover_of(points):
    """The smallest kernel size timed from which FFTConv1D is faster at every
    larger size timed too; None if Conv1D is faster at the largest."""
    best = None
    for p in sorted(points, key=lambda p: -p["kernel"]):
        if p["ratio"] >= 1.0:
            break
        best = p["kernel"]
    return best


def run_crossover(cfg, length, kernels, rng, settings):
    """Kernel sizes (powers of two) until FFTConv1D has won twice in a row,
    then REFINE points between the last loss and the first win."""
    layer = _fftconv(cfg, length)
    kernel = weights_np(layer)["kernel"]
    ours = Compiled(layer, backward=False)
    x, _, _, _ = inputs(rng, (cfg["batch"], length, cfg["channels"]))
    points, wins = [], 0
    for taps in (k for k in kernels if k <= length):
        points.append(_point(layer, ours, x, kernel, taps, settings))
        wins = wins + 1 if points[-1]["ratio"] < 1.0 else 0
        if wins == 2:
            break
    first_win = crossover_of(points)
    below = [p["kernel"] for p in points if first_win and p["kernel"] < first_win]
    if first_win and below:
        low = max(below)
        extra = sorted({int(round(low + f * (first_win - low))) for f in REFINE}
                       - {low, first_win})
        points += [_point(layer, ours, x, kernel, k, settings) for k in extra]
    points.sort(key=lambda p: p["kernel"])
    return {"bench": "crossover", "length": length, "batch": cfg["batch"],
            "channels": cfg["channels"], "points": points,
            "crossover": crossover_of(points)}
