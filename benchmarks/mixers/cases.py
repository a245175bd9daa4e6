"""What the mixer benchmark times: FFTConv1D against keras.layers.Conv1D
(lengths, crossover sweep), each mixer layer against native code and the
floor, the goals, and the timing settings."""

BACKENDS = ("tensorflow", "jax", "torch")

# The one way each backend is run, as users run it (benchmarks.fno's modes).
MODE = {"jax": "jit", "tensorflow": "xla", "torch": "eager"}
MODE_NOTE = {
    "jit": "jax.jit of layer.stateless_call",
    "xla": "tf.function(jit_compile=True, autograph=False)",
    "eager": "eager",
}

# 1. FFTConv1D(kernel_size=L) against Conv1D(filters=C, kernel_size=L,
# groups=C, padding="causal", use_bias=False), both without skip and bias.
# Batch 8: the figures the goal was set from (Conv1D at L = 4096: ~0.36 s on
# torch, 2.4 s TensorFlow, 12 s JAX; an FFT convolution 20-40 ms, on 2 cores)
# are those of batch 8; batch 1 is 6-8x below them.
CONV = {"batch": 8, "channels": 64, "lengths": (1024, 4096, 16384),
        "goal_length": 4096, "backward_lengths": (1024,)}
QUICK_CONV = {"batch": 1, "channels": 64, "lengths": (256, 1024),
              "goal_length": 1024, "backward_lengths": (256,)}
# The longest length is timed once: Conv1D there costs 16x the goal length,
# minutes on JAX. It is not run when 16x its measured time at the goal
# length exceeds the cap (seconds; --cap); its row then shows that estimate.
CONV_CAP_S = 300.0

# Where FFTConv1D starts to win, at one length: Conv1D(kernel_size=K) against
# FFTConv1D(kernel_size=L) whose kernel is zero beyond K taps (the same
# result; the FFT's cost does not depend on K). Powers of two until the FFT
# has won twice in a row, then REFINE points between the last loss and the
# first win.
CROSSOVER = {"length": 4096, "kernels": tuple(2 ** i for i in range(13))}
QUICK_CROSSOVER = {"length": 1024, "kernels": tuple(2 ** i for i in range(11))}
REFINE = (0.25, 0.5, 0.75)

# 2. Each layer against the native code and the floor (channels_last,
# float32, batch 8). `layer`: which native and floor; `kwargs`: of our layer.
MIXERS = (
    {"name": "fftconv-4096", "layer": "FFTConv1D", "shape": (8, 4096, 64),
     "kwargs": {"kernel_size": 4096}},
    {"name": "gfnet-14x14x384", "layer": "GlobalFilter2D", "shape": (8, 14, 14, 384),
     "kwargs": {}},
    {"name": "gfnet-32x32x64", "layer": "GlobalFilter2D", "shape": (8, 32, 32, 64),
     "kwargs": {}},
    {"name": "afno-32x32x64", "layer": "AFNO2D", "shape": (8, 32, 32, 64),
     "kwargs": {"num_blocks": 8}},
    {"name": "fnet-512x256", "layer": "FourierMixing", "shape": (8, 512, 256),
     "kwargs": {}},
    {"name": "fnet-16x16", "layer": "FourierMixing", "shape": (8, 16, 16),
     "kwargs": {}},
)
QUICK_MIXERS = (
    {"name": "fftconv-1024", "layer": "FFTConv1D", "shape": (2, 1024, 32),
     "kwargs": {"kernel_size": 1024}},
    {"name": "gfnet-14x14x64", "layer": "GlobalFilter2D", "shape": (2, 14, 14, 64),
     "kwargs": {}},
    {"name": "afno-16x16x32", "layer": "AFNO2D", "shape": (2, 16, 16, 32),
     "kwargs": {"num_blocks": 4}},
    {"name": "fnet-128x64", "layer": "FourierMixing", "shape": (2, 128, 64),
     "kwargs": {}},
    {"name": "fnet-16x16", "layer": "FourierMixing", "shape": (2, 16, 16),
     "kwargs": {}},
)
PASSES = ("forward", "forward+backward")

# ours / Conv1D at the goal length (10x faster); ours / native.
GOALS = {"conv1d": 0.1, "native": 1.0}

# harness.time_interleaved settings. The calls of a case are warmed up (and
# checked) before timing, so warmup 0: the harness's calibration call is a
# second warm call, never a sample.
FULL = {"repeats": 15, "warmup": 0, "min_sample_s": 0.02, "max_total_s": 8.0}
SLOW = {"repeats": 5, "warmup": 0, "min_sample_s": 0.0, "max_total_s": 60.0}
CROSS = {"repeats": 9, "warmup": 0, "min_sample_s": 0.01, "max_total_s": 4.0}
QUICK = {"repeats": 3, "warmup": 0, "min_sample_s": 2e-3, "max_total_s": 2.0}
# A mixer case during which other processes kept more than MAX_LOAD cores
# busy is timed again after waiting (at most WAIT_S) for a quiet machine.
MAX_LOAD = 0.3
WAIT_S = 60.0
