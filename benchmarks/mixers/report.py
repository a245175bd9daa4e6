"""The markdown of one backend's result ({"metadata", "rows"}), and the goals
it meets."""

from benchmarks import harness
from benchmarks.mixers.breakdown import lines as breakdown_lines
from benchmarks.mixers.cases import GOALS, MODE_NOTE


def _met(ratio, goal, control=None):
    """"met", or "not met", with "(within the control)" when the ratio is no
    further above the goal than two equal programs differ (`control`)."""
    if ratio <= goal:
        return "met"
    spread = max(control, 1 / control) if control else None
    return "not met" + (" (within the control)" if spread and ratio <= goal * spread
                        else "")


def _rows(result, bench):
    return [r for r in result["rows"] if r["bench"] == bench]


def goal_lines(result):
    """Every goal of the result: {what, ratio, goal, met}."""
    out = []
    for r in _rows(result, "conv1d"):
        if r["length"] == r.get("goal_length", 4096) and r["pass"] == "forward":
            ratio = r["ratios"]["ours/conv1d"]["ratio"]
            out.append({"what": f"FFTConv1D vs Conv1D, L = {r['length']}", "ratio": ratio,
                        "goal": GOALS["conv1d"], "met": ratio <= GOALS["conv1d"]})
    for r in _rows(result, "mixer"):
        ratio = r["ratios"]["ours/native"]["ratio"]
        out.append({"what": f"{r['case']} {r['pass']} vs native", "ratio": ratio,
                    "goal": GOALS["native"], "met": ratio <= GOALS["native"],
                    "note": _met(ratio, GOALS["native"], _control(r))})
    return out


def _conv_table(result):
    rows = _rows(result, "conv1d")
    if not rows:
        return []
    r0 = rows[0]
    cap = result["metadata"].get("conv1d_cap_s")
    estimate = "not run, estimated" + (f" (over the {cap:.0f} s cap)" if cap else "")
    body = []
    for r in rows:
        ratio = r["ratios"]["ours/conv1d"]["ratio"]
        timing = {"interleaved": f"{r['times']['conv1d']['n']} rounds",
                  "once": "once", "estimated": estimate}[r["conv1d_timing"]]
        goal = (_met(ratio, GOALS["conv1d"]) if r["length"] == r.get("goal_length", 4096)
                and r["pass"] == "forward" else "")
        approx = "~" if r["conv1d_timing"] == "estimated" else ""
        body.append([r["length"], r["pass"], harness.ms(r["times"]["ours"]["median_s"]),
                     approx + harness.ms(r["times"]["conv1d"]["median_s"]), timing,
                     f"{approx}{ratio:.4f}", f"{approx}{1 / ratio:,.{1 if ratio > 0.1 else 0}f}x", goal])
    header = ["length", "pass", "FFTConv1D ms", "Conv1D ms", "Conv1D timed",
              "ours/Conv1D", "speed-up", f"goal (<= {GOALS['conv1d']} at the goal length)"]
    return [f"FFTConv1D against keras.layers.Conv1D (batch {r0['batch']}, "
            f"{r0['channels']} channels, kernel_size = length, causal, depthwise, "
            "no bias; outputs equal before timing):", "",
            harness.markdown_table(header, body), ""]


def _crossover_table(result):
    out = []
    for c in _rows(result, "crossover"):
        body = [[p["kernel"], harness.ms(p["conv1d_s"]), harness.ms(p["ours_s"]), f"{p['ratio']:.2f}",
                 "FFTConv1D" if p["ratio"] < 1.0 else "Conv1D"] for p in c["points"]]
        where = (f"FFTConv1D is faster from kernel_size = **{c['crossover']}** on"
                 if c["crossover"] else "Conv1D is faster at every kernel size timed")
        out += [f"Crossover at length {c['length']} (batch {c['batch']}, "
                f"{c['channels']} channels): Conv1D(kernel_size=K) against "
                f"FFTConv1D(kernel_size={c['length']}) with its kernel zero past K "
                f"taps. {where}.", "",
                harness.markdown_table(["K", "Conv1D ms", "FFTConv1D ms", "ours/Conv1D",
                                        "faster"], body), ""]
    return out


def _mixer_table(result):
    rows = _rows(result, "mixer")
    if not rows:
        return []
    body = []
    for r in rows:
        t, rt = r["times"], r["ratios"]
        case = r["case"] + (f" ({r['method']})" if r.get("method") else "")
        body.append([case, r["pass"], harness.ms(t["ours"]["median_s"]), harness.ms(t["native"]["median_s"]),
                     harness.ms(t["floor"]["median_s"]), harness.with_quartiles(rt["ours/native"]),
                     _met(rt["ours/native"]["ratio"], GOALS["native"], _control(r)),
                     f"{rt['ours/floor']['ratio']:.2f}",
                     f"{_control(r):.2f}" if _control(r) else "-"])
    header = ["case", "pass", "ours ms", "native ms", "floor ms",
              "ours/native (quartiles of the rounds)",
              f"goal (<= {GOALS['native']})", "ours/floor", "control/native"]
    return ["Mixer layers against the native code and the floor (channels_last, "
            "float32; outputs and input gradients equal before timing; control: "
            "the native code compiled again and timed as a side of its own, how "
            "far two equal programs differ here):", "",
            harness.markdown_table(header, body), ""]


def _control(row):
    return row["ratios"].get("control/native", {}).get("ratio")


def _loads(result):
    loads = [r["other_load"] for r in result["rows"] if r.get("other_load") is not None]
    loads += [p["other_load"] for r in _rows(result, "crossover") for p in r["points"]
              if p.get("other_load") is not None]
    if not loads:
        return []
    loads.sort()
    return [f"Other processes' load while timing: median {loads[len(loads) // 2]:.2f}, "
            f"max {loads[-1]:.2f} cores."]


def markdown(result):
    meta = result["metadata"]
    mode = meta.get("mode")
    out = [f"{harness.metadata_line(meta)}."
           + (f" Run as: {MODE_NOTE[mode]}." if mode in MODE_NOTE else "")
           + (f" Allocator: {meta['allocator']}." if meta.get("allocator") else ""), ""]
    out += _conv_table(result) + _crossover_table(result) + _mixer_table(result)
    notes = [line for r in _rows(result, "mixer") for line in breakdown_lines(r)]
    if notes:
        out += ["Where the time goes, for the goals missed:", ""] + notes + [""]
    return "\n".join(out + _loads(result))
