"""The mixers section of docs/benchmarks.md, between its markers (appended
when absent; the rest of the file is left as it is), rebuilt from every
results/mixers-<backend>.json."""

from benchmarks import harness
from benchmarks.mixers.cases import BACKENDS, CONV, CROSSOVER, GOALS
from benchmarks.mixers.report import goal_lines, markdown

INTRO = [
    "## Spectral mixers: FFTConv1D, GlobalFilter2D, AFNO2D, FourierMixing", "",
    "From `python -m benchmarks.bench_mixers --all --threads 1` (raw data: "
    "`benchmarks/results/mixers-<backend>.json`). One process per backend, one "
    "compute thread, float32, channels_last, each side run the way users run "
    "it: `jax.jit` of `layer.stateless_call` (weights passed in), "
    "`tf.function(jit_compile=True, autograph=False)`, torch eager. Every "
    "figure to judge is a ratio of two callables timed in interleaved rounds in "
    "the same process (medians); ms are context. glibc is told to keep freed "
    "memory (`--malloc keep`, the default): otherwise large temporaries are "
    "mapped and faulted in afresh on every call, and the side timed after a "
    "Conv1D call pays for the buffers Conv1D freed (torch FFTConv1D at L = "
    "4096 took 28 to 60 ms instead of 26, varying from process to process).", "",
    f"- FFTConv1D against `keras.layers.Conv1D(filters=C, kernel_size=L, "
    f"groups=C, padding=\"causal\", use_bias=False)`, the same causal depthwise "
    f"convolution (its kernel is ours flipped: Conv1D is a cross-correlation), "
    f"batch {CONV['batch']}, {CONV['channels']} channels, FFTConv1D without skip "
    f"and bias. Batch {CONV['batch']} because the figures the goal was set from "
    f"(Conv1D ~0.36 s on torch, 2.4 s TensorFlow, 12 s JAX at L = 4096 on 2 "
    f"cores; an FFT convolution 20-40 ms) are batch {CONV['batch']}'s. The "
    f"longest length is timed once (Conv1D compiled ahead on JAX; on "
    f"TensorFlow the one call includes the XLA compilation, under 1 s), and "
    f"not run when 16x the Conv1D time at L = {CONV['goal_length']} exceeds "
    f"the cap (`--cap`): the row then shows that estimate (`~`). "
    f"forward+backward (the gradient of `sum(y * g)` with respect to the "
    f"input and the weights) at the shortest length only: Conv1D's is minutes "
    f"beyond it on JAX.",
    f"- Crossover: at L = {CROSSOVER['length']}, Conv1D(kernel_size=K) against "
    f"FFTConv1D(kernel_size=L) whose kernel is zero past K taps (the same "
    f"output; the FFT's cost does not depend on K), K = 1, 2, 4, ... until "
    f"FFTConv1D has won twice in a row, then three sizes between the last loss "
    f"and the first win. The crossover is the smallest K timed from which "
    f"FFTConv1D is faster at every larger K timed.",
    "- Mixers against native code: the layer against its paper's code written "
    "directly with the backend's complex FFTs (Hyena's fftconv; GFNet's "
    "GlobalFilter; FourCastNet's AFNO2D; FNet's `Re(fftn)`), compiled the "
    "same way, on the same input and weights; TensorFlow's native code "
    "transposes to channels_first and back, as tf.signal needs. Floor: the "
    "bare forward and inverse transforms of the input (FFTConv1D: rfft and "
    "irfft at n = 2L; FourierMixing: its rfft2 alone), native, on "
    "channels_first input (the cheapest layout), twice that for "
    "forward+backward. GlobalFilter2D at GFNet-S's 14 x 14 x 384 and at 32 x "
    "32 x 64; AFNO2D with 8 blocks; FourierMixing at 512 x 256 (the FFT path) "
    "and 16 x 16 (where `method=\"auto\"` picks the matrix products). Half "
    "the rounds run the sides in one order, half in the reverse (the position "
    "in a round biases a ratio by several percent), and a control side, the "
    "native code compiled again as a program of its own, shows how far two "
    "equal programs differ: a missed goal no further above 1.0 than that is "
    "marked \"within the control\". On "
    "torch, a case that misses its goal gets a profiler breakdown of its "
    "forward pass (\"Where the time goes\").", "",
    f"Goals: FFTConv1D at least 10x faster than Conv1D at L = "
    f"{CONV['goal_length']} (ours/Conv1D <= {GOALS['conv1d']}) on every "
    f"backend; ours/native <= {GOALS['native']} for every mixer and pass.", "",
]


def _goals_line(backend_name, result):
    lines = goal_lines(result)
    met = sum(1 for g in lines if g["met"])
    missed = [g for g in lines if not g["met"]]
    text = f"- {backend_name}: {met} of {len(lines)} goals met."
    if missed:
        text += " Not met: " + "; ".join(
            f"{g['what']} {g['ratio']:.2f} (goal {g['goal']}"
            + (", within the control" if "within" in g.get("note", "") else "") + ")"
            for g in missed) + "."
    return text


def docs_section(results):
    """The section, markers included, from {backend: result}."""
    backends = [b for b in BACKENDS if b in results]
    return harness.section_text("mixers", INTRO, [_goals_line(b, results[b]) for b in backends],
                                "Mixers", results, markdown, backends)


def write_docs(backends=BACKENDS):
    """Rewrites results/mixers-<backend>.md and the docs section from the saved
    results; returns the docs path, or None when there are none."""
    return harness.write_section("mixers", backends, markdown, docs_section)
