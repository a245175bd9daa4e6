"""The backend adapter: the one module of benchmarks/ that names a framework.

An `Engine` per Keras backend (einops' `_backends.py` pattern: one interface,
lazy imports, reuse by subclassing) gives the rest of benchmarks/ tensors,
synchronisation, compilation as users run it, gradients, threads, versions,
and the native calls the baselines are written with, named and shaped like
numpy.fft (axes anywhere; `innermost`: the framework transforms innermost
axes only, so the axes are moved there). Also here: the Keras layers and the
peer library (neuraloperator, torch only) that serve as baselines.
"""

import importlib.metadata
import importlib.util
import math
import sys

import numpy as np

BACKENDS = ("tensorflow", "jax", "torch", "numpy")
DIFFERENTIABLE = BACKENDS[:3]
MODE_NOTES = {  # what each mode means, for the report
    "eager": "the Python code as written",
    "compiled": "jax.jit (a Keras layer: of its stateless_call, weights passed in), or "
                "tf.function(jit_compile=True, autograph=False)",
    "graph": "tf.function(jit_compile=False, autograph=False)",
    "inductor": "torch.compile(dynamic=False), forward+backward by autograd of it",
}


def has(module):
    return importlib.util.find_spec(module) is not None


def child_env(env, backend, threads):
    """`env` for a process on `backend`, every compute pool at `threads`
    threads (read when a framework is imported), float32 by default."""
    env = dict(env, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="2")
    env.pop("JAX_ENABLE_X64", None)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        env[var] = str(threads)
    if threads == 1:
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    return env


def current():
    import keras

    return engine(keras.backend.backend())


_ENGINES = {}


def engine(name):
    if name not in _ENGINES:
        if name == "tensorflow" and has("torch"):
            importlib.import_module("torch")  # before tensorflow: the other order can crash
        _ENGINES[name] = {"jax": Jax, "torch": Torch, "tensorflow": TensorFlow,
                          "numpy": Engine}[name]()
    return _ENGINES[name]


class Engine:
    """NumPy (eager only, no gradients); the frameworks override what differs."""
    name, modes, user, innermost, stft_time_last = "numpy", ("eager",), "eager", False, False
    axis, axes, label, dct_label = "axis", "axes", "np.fft", "scipy.fft.dct (peer: numpy has none)"

    def __init__(self, xp=np, fft=np.fft):
        self.xp, self.fft, self.tensor = xp, fft, getattr(xp, "asarray", None)
        self.einsum, self.transpose, self.reshape, self.matmul = (
            xp.einsum, xp.transpose, xp.reshape, xp.matmul)
        self.complex, self.real, self.imag = (lambda re, im: re + 1j * im), (
            lambda z: z.real), (lambda z: z.imag)
        self.zeros = lambda shape, like: xp.zeros(shape, dtype=like.dtype)
        self.relu = lambda x: xp.maximum(x, 0.0)
        if xp is np:
            import scipy.fft

            self.dct = lambda x, type=2: scipy.fft.dct(x, type=type)

    def resolve(self, mode):
        mode = self.user if mode == "user" else mode
        return mode if mode in self.modes else None

    def numpy(self, t):
        return np.asarray(t)

    def sync(self, out):
        return out

    def watch(self, t):  # a tensor gradients are taken with respect to
        return t

    def compile(self, fn, mode):
        return fn

    def backward(self, fn, mode):
        """The gradient of the sum of squares of fn's output with respect to its
        inputs and weights, compiled in `mode`."""
        return self.compile(self.grad(fn), mode)

    def bind(self, fn, params, inputs, mode, backward=False, watch=False):
        """A zero-argument call of `fn(params, *inputs)` (or of its gradient)."""
        if watch or backward:
            params, inputs = [self.watch(p) for p in params], [self.watch(x) for x in inputs]
        f = self.backward(fn, mode) if backward else self.compile(fn, mode)
        return lambda: f(params, *inputs)

    def layer_side(self, layer):
        """(fn(params, *x), params) of a built Keras layer, called as users call it."""
        return (lambda params, *x: layer(*x)), [v.value for v in layer.trainable_variables]

    def set_threads(self, threads):  # beside the environment child_env sets
        pass

    def versions(self):
        out = self._versions()
        if "neuralop" in sys.modules:  # the peer ran beside
            out.setdefault("torch", importlib.metadata.version("torch"))
            out["neuraloperator"] = importlib.metadata.version("neuraloperator")
        return out

    def _versions(self):
        return {"numpy": np.__version__, "scipy": importlib.metadata.version("scipy")}

    def device(self):
        return "cpu"

    # --- native calls, numpy.fft's names ----------------------------------------------

    def rfft(self, x, n=None, axis=-1):
        return self.fft.rfft(x, n=n, **{self.axis: axis})

    def irfft(self, z, n=None, axis=-1):
        return self.fft.irfft(z, n=n, **{self.axis: axis})

    def rfftn(self, x, s=None, axes=None, norm=None):
        return self.fft.rfftn(x, s=s, norm=norm, **{self.axes: axes})

    def irfftn(self, z, s=None, axes=None, norm=None):
        return self.fft.irfftn(z, s=s, norm=norm, **{self.axes: axes})

    def fftn(self, z, s=None, axes=None):
        return self.fft.fftn(z, s=s, **{self.axes: axes})

    def put(self, out, index, block):  # out[index] = block, returning out
        out[index] = block
        return out

    def softshrink(self, x, t):
        return self.xp.sign(x) * self.relu(self.xp.abs(x) - t)


class Jax(Engine):
    name, modes, user, stft_time_last = "jax", ("eager", "compiled"), "compiled", True
    label, dct_label = "jnp.fft", "jax.scipy.fft.dct"

    def __init__(self):
        import jax
        import jax.numpy as jnp
        import jax.scipy.fft
        import jax.scipy.signal

        super().__init__(jnp, jnp.fft)
        self.jax, self.complex, self.relu = jax, jax.lax.complex, jax.nn.relu
        self.dct = lambda x, type=2: jax.scipy.fft.dct(x, type=type)

    def sync(self, out):
        return self.jax.block_until_ready(out)

    def compile(self, fn, mode):
        return self.jax.jit(fn) if mode == "compiled" else fn

    def bind(self, fn, params, inputs, mode, backward=False, watch=False):
        f = self.backward(fn, mode) if backward else self.compile(fn, mode)
        if mode == "compiled":  # compiled ahead: the first call is a run
            f = f.lower(params, *inputs).compile()
        return lambda: f(params, *inputs)

    def grad(self, fn):
        jnp = self.xp
        g = self.jax.grad(lambda p, xs: jnp.sum(jnp.square(fn(p, *xs))), argnums=(0, 1))
        return lambda params, *xs: g(params, xs)

    def layer_side(self, layer):
        fixed = [v.value for v in layer.non_trainable_variables]
        return ((lambda params, *x: layer.stateless_call(params, fixed, *x)[0]),
                [v.value for v in layer.trainable_variables])

    def _versions(self):
        return {"jax": self.jax.__version__, "jaxlib": importlib.metadata.version("jaxlib")}

    def device(self):
        d = self.jax.devices()[0]
        return "cpu" if d.platform == "cpu" else f"gpu: {d.device_kind}"

    def put(self, out, index, block):
        return out.at[index].set(block)

    def stft_power(self, x, n, hop, window):
        """|STFT|^2 (batch, bins, frames), reflect-centred; jax.scipy's STFT
        scales by 1 / sum(window), undone here."""
        x = self.xp.pad(x, [(0, 0), (n // 2, n // 2)], mode="reflect")
        z = self.jax.scipy.signal.stft(x, window=self.xp.asarray(window), nperseg=n,
                                       noverlap=n - hop, nfft=n, boundary=None,
                                       padded=False)[-1]
        return self.xp.abs(z) ** 2 * float(window.astype(np.float64).sum()) ** 2


class Torch(Engine):
    name, modes, stft_time_last = "torch", ("eager", "inductor"), True
    axis, axes, label = "dim", "dim", "torch.fft"
    dct_label = "torch.fft.rfft (floor: torch has no DCT)"

    def __init__(self):
        import torch

        super().__init__(torch, torch.fft)
        self.cuda = torch.cuda.is_available()
        self.transpose, self.complex, self.relu = torch.permute, torch.complex, torch.relu
        self.softshrink = torch.nn.functional.softshrink
        self.dct = lambda x, type=2: torch.fft.rfft(x)
        self.zeros = lambda shape, like: like.new_zeros(shape)
        self.tensor = lambda a: torch.as_tensor(np.ascontiguousarray(a),
                                                device="cuda" if self.cuda else "cpu")

    def numpy(self, t):
        return t.detach().cpu().numpy()

    def set_threads(self, threads):
        self.xp.set_num_threads(threads)

    def sync(self, out):
        if self.cuda:
            self.xp.cuda.synchronize()
        return out

    def watch(self, t):
        return t if t.requires_grad else t.detach().requires_grad_(True)

    def compile(self, fn, mode):
        if mode != "inductor":
            return fn
        self.xp._dynamo.reset()
        return self.xp.compile(fn, dynamic=False)

    def backward(self, fn, mode):  # autograd of the compiled forward, as users train
        return self.grad(self.compile(fn, mode))

    def grad(self, fn):
        def g(params, *xs):
            return self.xp.autograd.grad(self.xp.sum(fn(params, *xs) ** 2), [*xs, *params])

        return g

    def _versions(self):
        return {"torch": self.xp.__version__}

    def device(self):
        return f"gpu: {self.xp.cuda.get_device_name(0)}" if self.cuda else "cpu"

    def stft_power(self, x, n, hop, window):
        return self.xp.stft(x, n_fft=n, hop_length=hop, window=self.tensor(window), center=True,
                            pad_mode="reflect", return_complex=True).abs() ** 2


class TensorFlow(Engine):
    name, modes, user, innermost = "tensorflow", ("eager", "compiled", "graph"), "compiled", True
    label, dct_label = "tf.signal", "tf.signal.dct"

    def __init__(self):
        import tensorflow as tf

        super().__init__(tf, tf.signal)
        tf.get_logger().setLevel("ERROR")  # retracing notes
        self.tf, self.tensor, self.complex, self.relu = tf, tf.constant, tf.complex, tf.nn.relu
        self.real, self.imag, self.dct = tf.math.real, tf.math.imag, tf.signal.dct

    def sync(self, out):
        if self.tf.config.list_logical_devices("GPU"):
            self.tf.test.experimental.sync_devices()
        return out

    def compile(self, fn, mode):
        if mode == "eager":
            return fn
        return self.tf.function(fn, jit_compile=mode == "compiled", autograph=False)

    def grad(self, fn):
        def g(params, *xs):
            with self.tf.GradientTape() as tape:
                tape.watch([*xs, *params])
                loss = self.tf.reduce_sum(fn(params, *xs) ** 2)
            return tape.gradient(loss, [*xs, *params])

        return g

    def set_threads(self, threads):
        try:
            self.tf.config.threading.set_intra_op_parallelism_threads(threads)
            self.tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # already initialised
            pass

    def _versions(self):
        return {"tensorflow": self.tf.__version__}

    def device(self):
        gpus = self.tf.config.list_physical_devices("GPU")
        return "gpu: " + self.tf.config.experimental.get_device_details(gpus[0]).get(
            "device_name", gpus[0].name) if gpus else "cpu"

    def put(self, out, index, block):  # out + the block zero-padded into place
        spans = [range(n)[i] for i, n in zip(index, out.shape)]
        return out + self.tf.pad(block, [(r.start, n - r.stop) for r, n in zip(spans, out.shape)])

    # tf.signal transforms the innermost axes (the baselines move theirs there);
    # it has no `norm` and no gradient of RFFT3D (3-D: rfft2d, then an fft).

    def _norm(self, y, s, norm, inverse=False):
        return y * self.tf.cast(math.sqrt(math.prod(s)) ** (1 if inverse else -1), y.dtype) \
            if norm == "ortho" else y

    def _3d(self, z, f):  # f along axis -3: (..., D, H, W') -> (..., H, W', D) and back
        r = len(z.shape)
        z = f(self.tf.transpose(z, list(range(r - 3)) + [r - 2, r - 1, r - 3]))
        return self.tf.transpose(z, list(range(r - 3)) + [r - 1, r - 3, r - 2])

    def rfft(self, x, n=None, axis=-1):
        return self.fft.rfft(x, [n or x.shape[-1]])

    def irfft(self, z, n=None, axis=-1):
        return self.fft.irfft(z, [n or 2 * z.shape[-1] - 2])

    def rfftn(self, x, s=None, axes=None, norm=None):
        s = list(s or x.shape[-len(axes):])
        y = self._3d(self.fft.rfft2d(x, s[1:]), self.fft.fft) if len(s) == 3 else \
            [self.fft.rfft, self.fft.rfft2d][len(s) - 1](x, s)
        return self._norm(y, s, norm)

    def irfftn(self, z, s=None, axes=None, norm=None):
        y = self.fft.irfft2d(self._3d(z, self.fft.ifft), s[1:]) if len(s) == 3 else \
            [self.fft.irfft, self.fft.irfft2d][len(s) - 1](z, list(s))
        return self._norm(y, s, norm, inverse=True)

    def fftn(self, z, s=None, axes=None):
        z = z if z.dtype.is_complex else self.tf.complex(z, self.tf.zeros_like(z))
        return [self.fft.fft, self.fft.fft2d, self.fft.fft3d][len(axes) - 1](z)

    def stft_power(self, x, n, hop, window):
        x = self.tf.pad(x, [[0, 0], [n // 2, n // 2]], mode="REFLECT")
        w = self.tf.constant(window)
        return self.tf.abs(self.fft.stft(x, n, hop, n, window_fn=lambda length, dtype: w)) ** 2


# --- Keras layers and neuraloperator as baselines --------------------------------------


def keras_conv1d(taps):
    """keras.layers.Conv1D computing FFTConv1D's causal depthwise convolution
    with `taps` (K, C): groups=C, causal padding, the kernel flipped (Conv1D
    is a cross-correlation)."""
    import keras

    k, c = taps.shape
    conv = keras.layers.Conv1D(c, k, groups=c, padding="causal", use_bias=False)
    conv.build((None, None, c))
    conv.kernel.assign(np.ascontiguousarray(taps[::-1, None, :]))
    return conv


def keras_audio(mel, n, hop, sample_rate, mels):
    """(Keras's layer closest to our MelSpectrogram (power 2, no dB, its own HTK
    filters) or Spectrogram (STFTSpectrogram "psd" of (batch, time, 1)), a label)."""
    import keras

    if mel:
        return keras.layers.MelSpectrogram(
            fft_length=n, sequence_stride=hop, sequence_length=n, window="hann",
            sampling_rate=sample_rate, num_mel_bins=mels, min_freq=0.0, power_to_db=False,
            mag_exp=2.0), "keras.layers.MelSpectrogram (HTK filters)"
    return keras.layers.STFTSpectrogram(
        mode="psd", frame_length=n, frame_step=hop, fft_length=n, window="hann",
        periodic=True, scaling=None, padding="same"), \
        'keras.layers.STFTSpectrogram("psd", padding="same")'


def _neuralop_modes(modes):  # both signs on full axes (2m); n // 2 + 1 bins of 2m - 1
    return tuple(2 * m for m in modes[:-1]) + (2 * modes[-1] - 1,)


def neuralop_spectral_conv(kernel, modes):
    """(neuraloperator's SpectralConv with our corner weights `kernel`
    (corners, C, F, *modes), its engine, a label); None off torch or without
    neuraloperator."""
    if current().name != "torch" or not has("neuralop"):
        return None
    import torch
    from neuralop.layers.spectral_convolution import SpectralConv

    conv = SpectralConv(kernel.shape[1], kernel.shape[2], n_modes=_neuralop_modes(modes),
                        bias=False)
    dense = np.zeros(kernel.shape[1:3] + tuple(2 * m for m in modes[:-1]) + modes[-1:],
                     kernel.dtype)
    for k in range(kernel.shape[0]):  # full axes in fftshift order (-m..m-1)
        dense[(slice(None),) * 2 + tuple(slice(0, m) if (k >> a) & 1 else slice(m, 2 * m)
                                         for a, m in enumerate(modes[:-1]))] = kernel[k]
    with torch.no_grad():
        getattr(conv.weight, "tensor", conv.weight).copy_(torch.from_numpy(dense))
    return conv, engine("torch"), "neuraloperator SpectralConv (torch eager, channels_first)"


def neuralop_fno_step(modes, width, num_blocks, projection_channels, lr):
    """(step(x, y): neuraloperator's FNO as the original FNO-1D, a plain torch
    step (forward, relative L2, backward, Adam), its engine, a label); None
    without neuraloperator."""
    if not has("neuralop"):
        return None
    import torch
    from neuralop.models import FNO

    model = FNO(n_modes=_neuralop_modes(modes), in_channels=1, out_channels=1,
                hidden_channels=width, n_layers=num_blocks, lifting_channel_ratio=0,
                projection_channel_ratio=projection_channels / width,
                positional_embedding="grid", use_channel_mlp=False, fno_skip="linear",
                norm=None)
    opt = torch.optim.Adam(model.parameters(), lr=lr)

    def step(x, y):
        opt.zero_grad(set_to_none=True)
        diff = torch.linalg.vector_norm((model(x) - y).flatten(1), dim=1)
        (diff / torch.linalg.vector_norm(y.flatten(1), dim=1)).mean().backward()
        opt.step()

    return step, engine("torch"), "neuraloperator FNO, a plain torch step (eager)"
