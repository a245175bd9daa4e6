"""The FNO section of docs/benchmarks.md, between its markers (appended when
absent), rebuilt from every results/fno-<backend>.json."""

from benchmarks import harness
from benchmarks.fno.cases import BACKENDS
from benchmarks.fno.report import goal_lines, markdown

INTRO = [
    "## FNO: SpectralConv and a training step", "",
    "From `python -m benchmarks.bench_fno --all` (raw data: "
    "`benchmarks/results/fno-<backend>.json`). In one process per backend, "
    "interleaved rounds, medians; every figure to judge is a ratio of two "
    "callables timed in that process. SpectralConv cases (channels_last, "
    "float32, filters = input channels, no bias): 1-D batch 20 x 1024 x 64 "
    "channels, 16 modes (the Burgers FNO layer); 2-D batch 8 x 64 x 64 x 32, "
    "16 modes; 2-D batch 4 x 256 x 256 x 32, 32 modes; 3-D batch 2 x 32^3 x 16, "
    "8 modes. forward+backward is the gradient of `sum(y * g)` with respect to "
    "the input and the weights.", "",
    "- ours: the layer as users run it: `jax.jit` of `stateless_call`; "
    "TensorFlow `tf.function` with and without `jit_compile=True`, the faster "
    "shown (`ours mode`; the native code also in its faster mode); torch "
    "eager, and `torch.compile` as separate rows (`compile`).",
    "- native: the original FNO's SpectralConv written directly on the "
    "backend's complex dtypes (rfftn, one einsum per corner into a zero "
    "spectrum, irfftn), compiled the same way, same channels_last input "
    "(TensorFlow: transposed to channels_first and back, as tf.signal needs). "
    "`native_cf`: the same on channels_first input.",
    "- neuralop: neuraloperator's `SpectralConv` (torch only, eager, "
    "channels_first input, `n_modes` = (2m, ..., 2m - 1): it counts both signs "
    "on full axes and keeps `n // 2 + 1` bins of the last).",
    "- floor: `irfftn(rfftn(x))` of a channels_first tensor of the input's "
    "size (twice that for forward+backward), native, compiled the same way.",
    "",
    "Outputs and input gradients equal the native code's and "
    "neuraloperator's (weights copied with `get_spectral_kernel`) before "
    "timing. Goals: ours/neuralop <= 0.5, ours/native <= 1.0, ours/floor <= 2.0, "
    "training step ours/neuralop <= 1.0. Bold = met.", "",
]


def _goals_line(backend_name, result):
    lines = goal_lines(result)
    met = sum(1 for g in lines if g["met"])
    missed = [g for g in lines if not g["met"]]
    text = f"- {backend_name}: {met} of {len(lines)} goals met."
    if missed:
        text += " Missed: " + "; ".join(
            f"{g['case']} {g['pass']} vs {g['against']} {g['ratio']:.2f} "
            f"(goal {g['goal']}, {g['missed_by']:.2f}x over)" for g in missed) + "."
    return text


def docs_section(results):
    """The section, markers included, from {backend: result}."""
    backends = [b for b in BACKENDS if b in results]
    return harness.section_text("fno", INTRO, [_goals_line(b, results[b]) for b in backends],
                                "FNO", results, markdown, backends)


def write_docs(backends=BACKENDS):
    """Rewrites results/fno-<backend>.md and the docs section from the saved
    results; returns the docs path, or None when there are none."""
    return harness.write_section("fno", backends, markdown, docs_section)
