"""The markdown of one backend's result, the goals it meets, and the audio
section of docs/benchmarks.md (between its markers; appended when absent),
rebuilt from every results/audio-<backend>.json."""

from benchmarks import harness
from benchmarks.audio.cases import BACKENDS, BEST, GOALS, SIGNAL, STFT
from benchmarks.mixers.breakdown import lines as torch_lines


def _goal_rows(result):
    return [r for r in result["rows"] if r.get("goal_row")]


def goal_lines(result):
    """Every goal of the result: {what, ratio, goal, met}."""
    out = []
    for r in _goal_rows(result):
        if r["pass"] != "forward":
            continue
        for b, goal in GOALS.items():
            ratio = r["ratios"][f"ours/{b}"]["ratio"]
            out.append({"what": f"{r['case']} vs {b}", "ratio": ratio, "goal": goal,
                        "met": ratio <= goal})
    return out


def _mode(row):
    if row["mode"] != BEST:
        return row["mode"]
    return "best (" + ", ".join(f"{s} {m}" for s, m in row["modes"].items()) + ")"


def _cell(row, b):
    r = row["ratios"].get(f"ours/{b}")
    if r is None:
        return "-"
    text = harness.with_quartiles(r)
    if row.get("goal_row") and row["pass"] == "forward":
        text = f"**{text}**" if r["ratio"] <= GOALS[b] else text + " (missed)"
    return text


def _table(result):
    body = []
    for r in result["rows"]:
        t = r["times"]
        body.append([r["case"], r["pass"], _mode(r)]
                    + [harness.ms(t[s]["median_s"]) if s in t else "-"
                       for s in ("ours", "keras", "native")]
                    + [_cell(r, "keras"), _cell(r, "native"), _faults(r)])
    header = ["case", "pass", "mode", "ours ms", "keras ms", "native ms",
              f"ours/keras (goal <= {GOALS['keras']})",
              f"ours/native (goal <= {GOALS['native']})", "page faults per call"]
    return harness.markdown_table(header, body)


def _faults(row):
    f = row.get("faults")
    if not f:
        return "-"
    return ", ".join(f"{s} {v:,.0f}" for s, v in f.items())


def _checks(result):
    worst = {}
    for r in result["rows"]:
        for k, v in r["checks"].items():
            kind = k.rsplit(",", 1)[0]
            worst[kind] = max(worst.get(kind, 0.0), v)
    return ("Checked before timing (relative max error against the largest "
            "value, worst over cases and modes): "
            + "; ".join(f"{k} {v:.1e}" for k, v in worst.items()) + ".")


def _breakdown_lines(row):
    b = row.get("breakdown")
    if not b:
        return []

    def listed(pairs):
        return ", ".join(f"{k} {v * 1e3:.2f}" for k, v in pairs)

    total = sum(v for _, v in b["parts"])
    ratios = ", ".join(f"{k} {v['ratio']:.2f}" for k, v in b["ratios"].items())
    out = [f"- {row['case']} forward ({b['mode']}), ms. Sides in the breakdown's own "
           f"rounds: {listed(b['sides'])} ({ratios}). Parts timed alone: "
           f"{listed(b['parts'])} (sum {total * 1e3:.2f}); whole: {listed(b['whole'])}. "
           f"Native, alone: {listed(b['native'])}."]
    if b.get("torch"):
        out += torch_lines({"case": row["case"], "breakdown": b["torch"]})
    return out


def _loads(result):
    loads = sorted(r["other_load"] for r in result["rows"] if r.get("other_load") is not None)
    if not loads:
        return []
    return [f"Other processes' load while timing: median {loads[len(loads) // 2]:.2f}, "
            f"max {loads[-1]:.2f} cores."]


def markdown(result):
    meta = result["metadata"]
    modes = "; ".join(f"{m}: {note}" for m, note in meta.get("modes", {}).items())
    sig = meta.get("signal", SIGNAL)
    out = [f"{harness.metadata_line(meta)}. Modes: {modes}."
           + (f" Allocator: {meta['allocator']}." if meta.get("allocator") else ""), "",
           f"Batch {sig['batch']} x {sig['seconds'] * sig['sample_rate']} samples, "
           f"output frames {result['rows'][0]['frames'] if result['rows'] else '-'}.", "",
           _table(result), "", _checks(result)]
    notes = [line for r in result["rows"] for line in _breakdown_lines(r)]
    if notes:
        out += ["", "Where our forward time goes, for the goals missed:", ""] + notes
    return "\n".join(out + [""] + _loads(result))


# --- docs/benchmarks.md ---------------------------------------------------------------

INTRO = [
    "## Audio front-ends: Spectrogram and MelSpectrogram", "",
    "From `python -m benchmarks.bench_audio --all --threads 1` (raw data: "
    "`benchmarks/results/audio-<backend>.json`). One process per backend, one "
    f"compute thread, float32, {SIGNAL['batch']} clips of {SIGNAL['seconds']} s "
    f"at {SIGNAL['sample_rate'] // 1000} kHz, fft {STFT['fft_length']}, hop "
    f"{STFT['frame_step']}, periodic Hann, power 2, no dB, "
    f"{STFT['num_mel_bins']} mels. Every figure to judge is a ratio of two "
    "callables timed in the same interleaved rounds (medians, quartiles of "
    "the per-round ratios; half the rounds in reverse order); ms are context.", "",
    "- ours: `Spectrogram(512, 128)` and `MelSpectrogram(512, 128, "
    "sample_rate=16000, num_mel_bins=80)` (reflect centre padding).",
    "- keras: `keras.layers.STFTSpectrogram(mode=\"psd\", frame_length=512, "
    "frame_step=128, fft_length=512, periodic=True, scaling=None, "
    "padding=\"valid\")` of the signal reflect-padded by 256 inside the timed "
    "call (its frames are then ours; it frames by a strided convolution with a "
    "512 x 257 real and an imaginary kernel; \"psd\" doubles the bins other "
    "than DC and Nyquist, \"magnitude\" would add a square root), and "
    "`keras.layers.MelSpectrogram(fft_length=512, sequence_stride=128, "
    "sequence_length=512, num_mel_bins=80, sampling_rate=16000, min_freq=0, "
    "power_to_db=False, mag_exp=2.0)`: the backend's own STFT (`keras.ops.stft`: "
    "torch.stft, tf.signal.stft, jax.scipy.signal.stft), a square root and a "
    "power 2, and its own HTK filterbank, which cannot be set to ours (the "
    "matmul costs the same); checked against their definitions in float64.",
    "- native: the backend's STFT by hand: `torch.stft(center=True, "
    "pad_mode=\"reflect\", return_complex=True).abs() ** 2`; `tf.signal.stft` "
    "of the signal reflect-padded by 256, then `tf.square(tf.abs(z))`; "
    "`jax.scipy.signal.stft(boundary=None, padded=False)` of the signal "
    "reflect-padded by 256 (it frames the same way configured so; it scales "
    "by 1 / sum(window), undone on the power), `jnp.abs(z) ** 2`. Mel: a "
    "matmul with our filterbank (torch and JAX on the transpose of their "
    "(batch, bins, frames) output, as torchaudio does). Checked equal to ours "
    "(forward and input gradient) before timing.",
    "- Modes, as users run them: `jax.jit` (layers: of `layer.stateless_call`), "
    "torch eager; TensorFlow both `tf.function(jit_compile=True)` (XLA, what "
    "Keras's `model.compile` picks by default) and `jit_compile=False` "
    "(graph), all in the same rounds; the goals judge the row \"best\", each "
    "side in its faster mode (the mode each side got is in the row).",
    "- forward+backward: the input gradient of `sum(y * g)`, ours and native "
    "only.",
    "- page faults per call: minor page faults of each side's call, counted "
    "after timing. Where the allocator hands out large buffers mapped afresh, "
    "they fault in page by page on every call and the time is theirs, not the "
    "computation's: on JAX, in a diagnostic process without `--malloc keep` "
    "(about 11,000 faults per call), ours and native each took about 19 ms "
    "instead of 6. JAX also moved most with other load: two earlier runs of "
    "the same code on a busy machine (faults not counted) gave the "
    "spectrogram's ours/keras 0.28 and 0.81 (Keras 59 and 28 ms, ours 16 and "
    "22 ms). The tables are from a run on a quiet machine, faults near 0.",
    "- A case that misses a goal gets a breakdown of our forward pass (each "
    "part compiled and timed alone, on the previous part's output). Our mel "
    "matmul is 4 products, each of a run of mel bands with only the FFT bins "
    "where it is nonzero (5260 of the 20560 weights at 80 mels).",
    "- Keras's `MelSpectrogram` is the backend's own STFT followed by a matmul, "
    "so it is no slower than the native side: 2x faster than it would need "
    "both an STFT and a matmul at half the backend's cost. The goal against "
    "it is reported as measured.", "",
    f"Goals (forward): ours/keras <= {GOALS['keras']} (2x faster than Keras's "
    f"layers), ours/native <= {GOALS['native']}. Bold = met.", "",
]


def _goals(results, backends):
    """A line per backend: how many goals it meets, and the ratios it misses."""
    out = []
    for b in backends:
        goals = goal_lines(results[b])
        missed = "; ".join(f"{g['what']} {g['ratio']:.2f}" for g in goals if not g["met"])
        out.append(f"- {b}: {sum(g['met'] for g in goals)} of {len(goals)} met"
                   + (f"; missed: {missed}" if missed else "") + ".")
    return out


def _summary(results):
    backends = [b for b in BACKENDS if b in results]
    keys = []
    for b in backends:
        for r in _goal_rows(results[b]):
            if (r["case"], r["pass"]) not in keys:
                keys.append((r["case"], r["pass"]))
    body = []
    for case, p in keys:
        cells = []
        for b in backends:
            row = next((r for r in _goal_rows(results[b])
                        if r["case"] == case and r["pass"] == p), None)
            cells += [_cell(row, "keras"), _cell(row, "native")] if row else ["", ""]
        body.append([case, p] + cells)
    header = ["case", "pass"] + [f"{b} ours/{s}" for b in backends for s in ("keras", "native")]
    return harness.markdown_table(header, body)


def docs_section(results):
    """The section, markers included, from {backend: result}."""
    backends = [b for b in BACKENDS if b in results]
    summary = ["### Summary (TensorFlow: row \"best\")", "", _summary(results), ""]
    return harness.section_text("audio", INTRO, _goals(results, backends), "Audio",
                                results, markdown, backends, summary)


def write_docs(backends=BACKENDS):
    """Rewrites results/audio-<backend>.md and the docs section from the saved
    results; returns the docs path, or None when there are none."""
    return harness.write_section("audio", backends, markdown, docs_section)
