"""What the audio benchmark times: the signal, the STFT settings, the sides,
the modes per backend, the goals and the timing settings."""

BACKENDS = ("tensorflow", "jax", "torch")

# 8 clips of 10 s at 16 kHz; fft 512, hop 128, 80 mels, power 2, no dB.
SIGNAL = {"batch": 8, "seconds": 10, "sample_rate": 16000}
QUICK_SIGNAL = {"batch": 2, "seconds": 2, "sample_rate": 16000}
STFT = {"frame_length": 512, "frame_step": 128, "fft_length": 512, "num_mel_bins": 80}

CASES = ("spectrogram", "mel")
PASSES = ("forward", "forward+backward")

# The ways each backend is run, as users run it. TensorFlow's XLA is the
# default of Keras's `model.compile` (jit_compile="auto"), but its FFT on
# the CPU can be slower than plain graph mode, so both are timed; a row
# "best" takes each side in its faster mode.
MODES = {"jax": ("jit",), "tensorflow": ("xla", "graph"), "torch": ("eager",)}
MODE_NOTE = {
    "jit": "jax.jit (layers: of layer.stateless_call)",
    "xla": "tf.function(jit_compile=True, autograph=False)",
    "graph": "tf.function(jit_compile=False, autograph=False)",
    "eager": "eager",
}
BEST = "best"

# ours / keras and ours / native, forward (the best mode on TensorFlow).
GOALS = {"keras": 0.5, "native": 1.2}

# The checks: relative max error (against the largest value) allowed.
TOL = {"native": 1e-4, "keras": 1e-4}

# harness.time_interleaved settings; the sides are warmed up (and checked)
# before timing, so warmup 0.
FULL = {"repeats": 12, "warmup": 0, "min_sample_s": 0.05, "max_total_s": 8.0}
QUICK = {"repeats": 3, "warmup": 0, "min_sample_s": 2e-3, "max_total_s": 2.0}
