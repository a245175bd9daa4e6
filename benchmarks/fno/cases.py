"""What the FNO benchmark times: the SpectralConv cases, the FNO-1D of the
Burgers experiment and its data, the goals, and the timing settings."""

import numpy as np

BACKENDS = ("tensorflow", "jax", "torch")

# (name, input shape channels_last, modes); filters = input channels.
CASES = (
    {"name": "1d-burgers", "shape": (20, 1024, 64), "modes": (16,)},
    {"name": "2d-64", "shape": (8, 64, 64, 32), "modes": (16, 16)},
    {"name": "2d-256", "shape": (4, 256, 256, 32), "modes": (32, 32), "big": True},
    {"name": "3d-32", "shape": (2, 32, 32, 32, 16), "modes": (8, 8, 8)},
)
PASSES = ("forward", "forward+backward")
GOALS = {"neuralop": 0.5, "native": 1.0, "floor": 2.0, "train": 1.0}

# harness.time_interleaved settings.
FULL = {"repeats": 15, "warmup": 2, "min_sample_s": 0.02, "max_total_s": 8.0}
BIG = {"repeats": 5, "warmup": 1, "min_sample_s": 0.0, "max_total_s": 20.0}
QUICK = {"repeats": 3, "warmup": 1, "min_sample_s": 0.0, "max_total_s": 2.0}
TRAIN = {"repeats": 12, "warmup": 3, "min_sample_s": 0.0, "max_total_s": 15.0}

BURGERS = {"batch": 20, "s": 1024, "width": 64, "modes": 16, "blocks": 4,
           "projection": 128, "lr": 1e-3, "memory_steps": 20}

# What each backend's modes mean, for the report.
MODE_NOTE = {
    "jit": "jax.jit",
    "xla": "tf.function(jit_compile=True)",
    "graph": "tf.function (no XLA)",
    "eager": "eager",
    "compile": "torch.compile (default mode)",
}


def modes_of(backend_name, quick=False):
    """The modes timed on a backend (the first is the user's default)."""
    return {"jax": ("jit",), "tensorflow": ("xla", "graph"),
            "torch": ("eager",) if quick else ("eager", "compile")}[backend_name]


def settings_of(case, quick):
    """The timing settings of a SpectralConv case."""
    return QUICK if quick else (BIG if case.get("big") else FULL)


def corner_slices(modes):
    """Per corner (the original FNO's order): the spatial slices of the kept
    block of an rfftn spectrum; bit a of the corner -> `[-m:]` on full axis a."""
    rank = len(modes)
    out = []
    for c in range(2 ** (rank - 1)):
        sl = tuple(slice(-m, None) if (c >> a) & 1 else slice(0, m)
                   for a, m in enumerate(modes[:-1]))
        out.append(sl + (slice(0, modes[-1]),))
    return out


def burgers_data(rng, batch=BURGERS["batch"], s=BURGERS["s"]):
    """Smooth random inputs/targets (timing does not depend on the values)."""
    k = np.arange(s // 2 + 1)
    def field(n):
        coef = rng.standard_normal((n, s // 2 + 1)) + 1j * rng.standard_normal((n, s // 2 + 1))
        return np.fft.irfft(coef / (1.0 + k) ** 2, n=s).astype(np.float32) * s
    return field(batch)[..., None], field(batch)[..., None]
