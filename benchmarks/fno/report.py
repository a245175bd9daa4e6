"""The markdown of one backend's result, and the goals it meets."""

from benchmarks import harness
from benchmarks.fno.cases import BURGERS, GOALS, PASSES, modes_of


def _ms(s):
    return "" if s is None else (f"{s * 1e3:.3f}" if s < 0.01 else
                                 f"{s * 1e3:.2f}" if s < 1 else f"{s * 1e3:.0f}")


def _pick(times, prefix):
    """(key, median) of the fastest timed variant of `prefix` (e.g. ours[xla])."""
    keys = [k for k in times if k == prefix or k.startswith(prefix + "[")]
    keys = [k for k in keys if "compile" not in k]  # torch.compile: its own row
    if not keys:
        return None, None
    k = min(keys, key=lambda k: times[k]["median_s"])
    return k, times[k]["median_s"]


def _mode_of(key, backend_name):
    if "[" in key:
        return key[key.index("[") + 1:-1]
    return modes_of(backend_name)[0]


def _summary(row, modes, ours, native, native_cf, floor, neuralop):
    return {
        "case": row["case"], "pass": row["pass"],
        "ours_mode": modes[0], "native_mode": modes[1], "floor_mode": modes[2],
        "ours": ours, "native": native, "native_cf": native_cf, "floor": floor,
        "neuralop": neuralop,
        "r_native": ours / native, "r_floor": ours / floor,
        "r_native_cf": ours / native_cf if native_cf else None,
        "r_neuralop": ours / neuralop if neuralop else None,
    }


def summary_rows(result):
    """Per case and pass, the user's way: each side in its faster mode
    (TensorFlow) / eager (torch) / jit (JAX); torch.compile as extra rows."""
    backend_name = result["metadata"]["backend"]
    out = []
    for row in result["conv"]:
        t = row["times"]
        ok, ours = _pick(t, "ours")
        nk, native = _pick(t, "native")
        fk, floor = _pick(t, "floor")
        _, native_cf = _pick(t, "native_cf")
        neuralop = t.get("neuralop", {}).get("median_s")
        modes = tuple(_mode_of(k, backend_name) for k in (ok, nk, fk))
        out.append(_summary(row, modes, ours, native, native_cf, floor, neuralop))
        if any("[compile]" in k for k in t):
            c = {side: t.get(f"{side}[compile]", {}).get("median_s")
                 for side in ("ours", "native", "native_cf", "floor")}
            out.append(_summary(row, ("compile",) * 3, c["ours"], c["native"],
                                c["native_cf"], c["floor"], neuralop))
    return out


def _fmt_ratio(r, goal):
    if r is None:
        return "-"
    return f"**{r:.2f}**" if r <= goal else f"{r:.2f}"


def _goal(case, pass_, against, goal, r):
    return {"case": case, "pass": pass_, "against": against, "goal": goal, "ratio": r,
            "met": r <= goal, "missed_by": None if r <= goal else r / goal}


def goal_lines(result):
    """Which goals are met (the user's default mode rows), and by how much
    each missed one is missed."""
    lines = []
    for e in summary_rows(result):
        if e["ours_mode"] == "compile":
            continue
        for key, label in (("r_neuralop", "neuralop"), ("r_native", "native"),
                           ("r_floor", "floor")):
            if e[key] is not None:
                lines.append(_goal(e["case"], e["pass"], label, GOALS[label], e[key]))
    train = result.get("train")
    if train and "ours/neuralop" in train.get("ratios", {}):
        lines.append(_goal("fno1d-burgers", "train step", "neuralop", GOALS["train"],
                           train["ratios"]["ours/neuralop"]["ratio"]))
    return lines


def _blocks_ratio(tb):
    """How many times one Fourier block the chain of all of them takes."""
    nb = BURGERS["blocks"]
    return tb[f"ours {nb} blocks"]["median_s"] / tb["ours 1 block"]["median_s"]


# --- markdown, a section per function -------------------------------------------------


def markdown(result):
    meta = result["metadata"]
    out = [f"{harness.metadata_line(meta)}."
           + (f" neuraloperator {meta['neuraloperator']}." if meta.get("neuraloperator") else ""),
           ""]
    out += _conv_table(result)
    out += _train_table(result)
    out += _train_breakdown(result)
    out += _memory_table(result)
    out += _conv_breakdown(result)
    notes = where_time_goes(result)
    if notes:
        out += ["Where the time goes, for the goals missed:", ""] + notes + [""]
    loads = [r["other_load"] for r in result["conv"] if r.get("other_load") is not None]
    if loads:
        out.append(f"Other processes' load while timing: median "
                   f"{sorted(loads)[len(loads) // 2]:.2f}, max {max(loads):.2f} cores.")
    return "\n".join(out)


def _conv_table(result):
    header = ["case", "pass", "ours mode", "ours ms", "native ms", "neuralop ms",
              "floor ms", "ours/native (<= 1)", "ours/neuralop (<= 0.5)",
              "ours/floor (<= 2)", "ours/native_cf"]
    rows = []
    for e in summary_rows(result):
        mode = e["ours_mode"] + ("" if e["native_mode"] == e["ours_mode"]
                                 else f" (native {e['native_mode']})")
        rows.append([e["case"], e["pass"], mode, _ms(e["ours"]), _ms(e["native"]),
                     _ms(e["neuralop"]) or "-", _ms(e["floor"]),
                     _fmt_ratio(e["r_native"], GOALS["native"]),
                     _fmt_ratio(e["r_neuralop"], GOALS["neuralop"]),
                     _fmt_ratio(e["r_floor"], GOALS["floor"]),
                     "-" if e["r_native_cf"] is None else f"{e['r_native_cf']:.2f}"])
    return ["SpectralConv (channels_last, float32, no bias; medians; bold = goal met):",
            "", harness.markdown_table(header, rows), ""]


def _train_table(result):
    train = result.get("train")
    if not train:
        return []
    b = result["metadata"]["backend"]
    t = train["times"]
    trows = []
    for k in t:
        if not k.startswith("ours"):
            continue
        r = train["ratios"].get(f"{k}/neuralop", {}).get("ratio")
        mode = {"jax": "jax.jit (fit's step)",
                "tensorflow": "tf.function, jit_compile=True (fit's default)"
                if k == "ours" else "tf.function, jit_compile=False",
                "torch": "eager (fit's default)"}[b]
        trows.append([k, mode, _ms(t[k]["median_s"]),
                      _ms(t["neuralop"]["median_s"]) if "neuralop" in t else "-",
                      _fmt_ratio(r, GOALS["train"])])
    return [f"FNO-1D training step (batch {train['batch']}, s = {train['s']}, width "
            f"{train['width']}, {train['modes']} modes, {train['blocks']} blocks, Adam, "
            f"relative L2; parameters: ours {train['ours_params']:,}, neuraloperator "
            f"{train.get('neuralop_params', 0):,}):", "",
            harness.markdown_table(["ours", "how", "ours ms", "neuralop ms (torch eager)",
                                    "ratio (<= 1)"], trows), ""]


def _train_breakdown(result):
    tb = (result.get("train") or {}).get("breakdown")
    if not tb:
        return []
    keys = [k for k, v in tb.items() if isinstance(v, dict) and "median_s" in v]
    nb = BURGERS["blocks"]
    text = (f"Training step, where the time goes (ms; forward compiled as the step "
            f"is, torch without autograd; `ours {nb} blocks` should cost {nb}x "
            f"`ours 1 block`: measured {_blocks_ratio(tb):.1f}x)")
    if "contiguous/ours" in tb:  # torch results that timed that variant of the step
        text += (f"; the step with each SpectralConv output copied to a contiguous "
                 f"channels_last tensor takes {tb['contiguous/ours']['ratio']:.2f}x "
                 f"the step as it is")
    return [text + ":", "", harness.markdown_table(
        ["", "ms"], [[k, _ms(tb[k]["median_s"])] for k in keys]), ""]


def _memory_table(result):
    mem = result.get("memory")
    if not mem:
        return []
    rows = [["ours", f"{mem['ours_idle']:.0f}", f"{mem['ours_peak']:.0f}",
             f"{mem['ours_delta']:.0f}"]]
    if "neuralop_delta" in mem:
        rows.append(["neuraloperator (torch)", f"{mem['neuralop_idle']:.0f}",
                     f"{mem['neuralop_peak']:.0f}", f"{mem['neuralop_delta']:.0f}"])
    out = [f"Peak RSS of a {mem['steps']}-step training run in a fresh process, "
           "minus an idle process with the same imports and data (MiB):", "",
           harness.markdown_table(["", "idle", "peak", "delta"], rows), ""]
    if "delta_ratio" in mem:
        out += [f"Delta ours / neuraloperator: {mem['delta_ratio']:.2f}.", ""]
    return out


def _conv_breakdown(result):
    brows = []
    for row in result["conv"]:
        bd = row.get("breakdown")
        if not bd:
            continue
        brows.append([row["case"], bd["mode"]] + [
            _ms(bd[k]["median_s"]) for k in ("ours", "ours_fft", "ours_mix",
                                             "native", "native_fft", "native_mix")])
    if not brows:
        return []
    return ["Where the time goes (forward, ms): each layer with its channel mixing "
            "replaced by the identity (transforms, cuts and pads alone: `fft`) and "
            "the mixing alone on a ready spectrum (`mix`; ours includes its "
            "reshapes and transposes).", "",
            harness.markdown_table(["case", "mode", "ours", "ours fft", "ours mix",
                                    "native", "native fft", "native mix"], brows), ""]


def where_time_goes(result):
    """Short, measured lines for each case with a missed goal."""
    missed = {}
    for g in goal_lines(result):
        if not g["met"]:
            missed.setdefault((g["case"], g["pass"]), []).append(
                f"{g['against']} {g['ratio']:.2f}")
    rows = {(r["case"], r["pass"]): r for r in result["conv"]}
    lines, per_case, train_line = [], {}, None
    for (case, p), what in missed.items():
        if p == "train step":
            train_line = _train_missed(result, what)
            continue
        per_case.setdefault(case, []).append((p, what))
    for case, passes in per_case.items():
        fwd = rows.get((case, "forward"), {})
        bd = fwd.get("breakdown")
        if not bd:
            continue
        missed_text = "; ".join(f"{p} vs {', '.join(what)}" for p, what in passes)
        line = (f"- {case} ({missed_text}): forward [{bd['mode']}] ours "
                f"{_ms(bd['ours']['median_s'])} ms = transforms, cuts and pads "
                f"{_ms(bd['ours_fft']['median_s'])} + mixing {_ms(bd['ours_mix']['median_s'])}; "
                f"native {_ms(bd['native']['median_s'])} = "
                f"{_ms(bd['native_fft']['median_s'])} + {_ms(bd['native_mix']['median_s'])}")
        for p in PASSES:
            t = rows.get((case, p), {}).get("times")
            if not t:
                continue
            line += (f". {p}: native on channels_last input {_ms(_pick(t, 'native')[1])} ms, "
                     f"on channels_first {_ms(_pick(t, 'native_cf')[1])}, floor "
                     f"{_ms(_pick(t, 'floor')[1])}")
        lines.append(line + ".")
    return lines + ([train_line] if train_line else [])


def _train_missed(result, what):
    """The line of a missed training-step goal (`what`: the ratios missed)."""
    tb = (result.get("train") or {}).get("breakdown") or {}
    t = result["train"]["times"]
    line = (f"- FNO-1D training step ({', '.join(what)}): ours "
            f"{_ms(t['ours']['median_s'])} ms")
    if "ours forward" in tb:
        line += f", of which the forward pass alone {_ms(tb['ours forward']['median_s'])}"
    if "neuralop forward" in tb:
        line += (f"; neuraloperator {_ms(t['neuralop']['median_s'])} ms, forward "
                 f"{_ms(tb['neuralop forward']['median_s'])}")
    nb = BURGERS["blocks"]
    if f"ours {nb} blocks" in tb:
        line += (f". {nb} Fourier blocks of ours take "
                 f"{_ms(tb[f'ours {nb} blocks']['median_s'])} ms, "
                 f"{_blocks_ratio(tb):.1f}x one block")
    if "contiguous/ours" in tb:
        line += (f"; with each SpectralConv output made contiguous the step takes "
                 f"{tb['contiguous/ours']['ratio']:.2f}x (torch.fft returns the "
                 f"inverse transform along a non-innermost axis with channels_first "
                 f"strides, and the elementwise ops that follow, forward and "
                 f"backward, run on mixed layouts)")
    return line + "."
