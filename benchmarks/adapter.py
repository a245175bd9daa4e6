"""The one module of benchmarks/ that names a framework: an `Engine` per Keras
backend (lazy imports; subclasses override what differs) gives tensors, sync,
compilation as users run it, gradients, threads, versions and the native calls
of the baselines, named like numpy.fft (`innermost`: the framework transforms
the innermost axes only). Also the neuraloperator baselines (torch only)."""

import contextlib
import functools
import importlib.metadata
import importlib.util
import math
import os
import sys

import numpy as np
import scipy.fft

BACKENDS = ("tensorflow", "jax", "torch", "numpy")
DIFFERENTIABLE = BACKENDS[:3]
MODE_NOTES = {  # what each mode means, for the report
    "eager": "the Python code as written",
    "compiled": "jax.jit (a Keras layer: of its stateless_call, weights passed in), or "
                "tf.function(jit_compile=True, autograph=False)",
    "graph": "tf.function(jit_compile=False, autograph=False)",
    "inductor": "torch.compile(dynamic=False), forward+backward by autograd of it"}


def has(module):
    return importlib.util.find_spec(module) is not None


DEVICES = ("cpu", "gpu")


def child_env(env, backend, threads, device="cpu"):
    """`env` for a process on `backend`: every compute pool at `threads` threads, float32,
    seeing only the CPU where `device` is "cpu" (on a GPU machine too)."""
    env = dict(env, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="2")
    if device == "cpu":
        env.update(CUDA_VISIBLE_DEVICES="", JAX_PLATFORMS="cpu")
    env.pop("JAX_ENABLE_X64", None)
    env.update(dict.fromkeys(("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                              "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"), str(threads)))
    if threads == 1:
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    return env


def current():
    import keras

    return engine(keras.backend.backend())


@functools.cache
def engine(name):
    if name == "tensorflow" and has("torch"):
        importlib.import_module("torch")  # before tensorflow: the other order can crash
    return {"jax": Jax, "torch": Torch, "tensorflow": TensorFlow, "numpy": Engine}[name]()


class Engine:
    """NumPy (eager only, no gradients); the frameworks override what differs."""
    name, modes, user, innermost, stft_time_last = "numpy", ("eager",), "eager", False, False
    axis, axes, label, dct_label = "axis", "axes", "np.fft", "scipy.fft.dct (peer: numpy has none)"
    packages = ("numpy", "scipy")  # whose versions a run records
    numpy, device = staticmethod(np.asarray), staticmethod(lambda: "cpu")
    sync = watch = staticmethod(lambda t: t)  # watch: a tensor to differentiate by
    compile = staticmethod(lambda fn, mode: fn)
    set_threads = staticmethod(lambda threads: None)  # beside the environment child_env sets

    def __init__(self, xp=np, fft=np.fft):  # a subclass reassigns what differs after this
        self.xp, self.fft, self.tensor = xp, fft, getattr(xp, "asarray", None)
        self.sum = getattr(xp, "sum", None)
        self.einsum, self.transpose, self.reshape, self.matmul = (
            xp.einsum, xp.transpose, xp.reshape, xp.matmul)
        self.complex, self.real, self.imag = (lambda re, im: re + 1j * im), (
            lambda z: z.real), (lambda z: z.imag)
        self.zeros = lambda shape, like: xp.zeros(shape, dtype=like.dtype)
        self.relu = lambda x: xp.maximum(x, 0.0)
        self.softshrink = lambda x, t: xp.sign(x) * self.relu(xp.abs(x) - t)
        self.dct = lambda x, type=2: scipy.fft.dct(x, type=type)  # the frameworks: their own

    def backward(self, fn, mode):  # d sum(fn(...)^2) / d(inputs, weights), compiled in `mode`
        return self.compile(self.grad(fn), mode)

    def energy(self, out):
        """sum |out|^2 of a real tensor, a (real, imag) pair or a native complex tensor."""
        parts = out if isinstance(out, tuple) else (self.real(out), self.imag(out)) \
            if self.is_complex(out) else (out,)
        return sum(self.sum(p * p) for p in parts)

    def is_complex(self, t):
        return self.xp.iscomplexobj(t)

    def complex_conv2d(self, padding):
        """(fn(z, kernel), label, channels_first) of the framework's own 2-D
        convolution of complex tensors, or None where it has none."""
        return None

    def bind(self, fn, params, inputs, mode, backward=False, watch=False):
        """A zero-argument call of `fn(params, *inputs)` (or of its gradient)."""
        if watch or backward:
            params, inputs = [self.watch(p) for p in params], [self.watch(x) for x in inputs]
        f = self.backward(fn, mode) if backward else self.compile(fn, mode)
        return lambda: f(params, *inputs)

    def session(self, path, fmt):
        """A call `run(x) -> y` of an exported file in its runtime (`fmt` "onnx":
        onnxruntime on the CPU, at the threads of the run), with a `label`."""
        if fmt != "onnx":
            raise ValueError(f"no runtime here for exported {fmt!r} files")
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = int(os.environ.get("OMP_NUM_THREADS", "0"))
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name

        def run(x):
            return session.run(None, {name: x})[0]

        run.label = f"onnxruntime {ort.__version__}"
        return run

    def layer_side(self, layer):
        """(fn(params, *x), params) of a built Keras layer, called as users call it."""
        return (lambda params, *x: layer(*x)), [v.value for v in layer.trainable_variables]

    def versions(self):
        out = {p: importlib.import_module(p).__version__ for p in self.packages}
        if "neuralop" in sys.modules:  # the peer ran beside
            out.setdefault("torch", importlib.import_module("torch").__version__)
            out["neuraloperator"] = importlib.metadata.version("neuraloperator")
        return out

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


class Jax(Engine):
    name, modes, user, stft_time_last = "jax", ("eager", "compiled"), "compiled", True
    label, dct_label, packages = "jnp.fft", "jax.scipy.fft.dct", ("jax", "jaxlib")

    def __init__(self):
        import jax
        import jax.numpy as jnp
        import jax.scipy.fft
        import jax.scipy.signal

        super().__init__(jnp, jnp.fft)
        self.jax, self.complex, self.relu = jax, jax.lax.complex, jax.nn.relu
        self.dct = lambda x, type=2: jax.scipy.fft.dct(x, type=type)
        self.put = lambda out, index, block: out.at[index].set(block)
        self.sync = jax.block_until_ready
        self.compile = lambda fn, mode: jax.jit(fn) if mode == "compiled" else fn

    def bind(self, fn, params, inputs, mode, backward=False, watch=False):
        f = self.backward(fn, mode) if backward else self.compile(fn, mode)
        if mode == "compiled":  # compiled ahead: the first call is a run
            f = f.lower(params, *inputs).compile()
        return lambda: f(params, *inputs)

    def grad(self, fn):
        jnp = self.xp
        g = self.jax.grad(lambda p, xs: self.energy(fn(p, *xs)), argnums=(0, 1))
        return lambda params, *xs: g(params, xs)

    def complex_conv2d(self, padding):
        conv = self.jax.lax.conv_general_dilated
        return (lambda z, k: conv(z, k, (1, 1), padding.upper(),
                                  dimension_numbers=("NHWC", "HWIO", "NHWC")),
                "jax.lax.conv_general_dilated, complex64, NHWC", False)

    def layer_side(self, layer):
        fixed = [v.value for v in layer.non_trainable_variables]
        return ((lambda params, *x: layer.stateless_call(params, fixed, *x)[0]),
                [v.value for v in layer.trainable_variables])

    def device(self):
        d = self.jax.devices()[0]
        return "cpu" if d.platform == "cpu" else f"gpu: {d.device_kind}"

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
    dct_label, packages = "torch.fft.rfft (floor: torch has no DCT)", ("torch",)

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
        self.numpy, self.set_threads = lambda t: t.detach().cpu().numpy(), torch.set_num_threads
        self.watch = lambda t: t if t.requires_grad else t.detach().requires_grad_(True)
        self.device = lambda: f"gpu: {torch.cuda.get_device_name(0)}" if self.cuda else "cpu"

    def sync(self, out):
        if self.cuda:
            self.xp.cuda.synchronize()
        return out

    def compile(self, fn, mode):
        if mode != "inductor":
            return fn
        self.xp._dynamo.reset()
        return self.xp.compile(fn, dynamic=False)

    def backward(self, fn, mode):  # autograd of the compiled forward, as users train
        return self.grad(self.compile(fn, mode))

    def grad(self, fn):
        return lambda params, *xs: self.xp.autograd.grad(self.energy(fn(params, *xs)),
                                                         [*xs, *params])

    def is_complex(self, t):
        return self.xp.is_complex(t)

    def complex_conv2d(self, padding):
        conv = self.xp.nn.functional.conv2d
        return (lambda z, k: conv(z, k, padding=padding),
                "torch.nn.functional.conv2d, complex64, NCHW", True)

    def stft_power(self, x, n, hop, window):
        return self.xp.stft(x, n_fft=n, hop_length=hop, window=self.tensor(window), center=True,
                            pad_mode="reflect", return_complex=True).abs() ** 2


class TensorFlow(Engine):
    """tf.signal transforms the innermost axes (the baselines move theirs there); it
    has no `norm` and no gradient of RFFT3D (3-D: rfft2d, then an fft)."""
    name, modes, user, innermost = "tensorflow", ("eager", "compiled", "graph"), "compiled", True
    label, dct_label, packages = "tf.signal", "tf.signal.dct", ("tensorflow",)

    def __init__(self):
        import tensorflow as tf

        super().__init__(tf, tf.signal)
        tf.get_logger().setLevel("ERROR")  # retracing notes
        self.tf, self.tensor, self.complex, self.relu = tf, tf.constant, tf.complex, tf.nn.relu
        self.real, self.imag, self.dct = tf.math.real, tf.math.imag, tf.signal.dct
        self.sum = tf.reduce_sum
        self.compile = lambda fn, mode: fn if mode == "eager" else tf.function(
            fn, jit_compile=mode == "compiled", autograph=False)

    def sync(self, out):
        if self.tf.config.list_logical_devices("GPU"):
            self.tf.test.experimental.sync_devices()
        return out

    def grad(self, fn):
        def g(params, *xs):
            with self.tf.GradientTape() as tape:
                tape.watch([*xs, *params])
                loss = self.energy(fn(params, *xs))
            return tape.gradient(loss, [*xs, *params])

        return g

    def is_complex(self, t):
        return t.dtype.is_complex

    def set_threads(self, threads):
        with contextlib.suppress(RuntimeError):  # already initialised
            self.tf.config.threading.set_intra_op_parallelism_threads(threads)
            self.tf.config.threading.set_inter_op_parallelism_threads(threads)

    def device(self):
        gpus = self.tf.config.list_physical_devices("GPU")
        return "gpu: " + self.tf.config.experimental.get_device_details(gpus[0]).get(
            "device_name", gpus[0].name) if gpus else "cpu"

    def put(self, out, index, block):  # out + the block zero-padded into place
        spans = [range(n)[i] for i, n in zip(index, out.shape)]
        return out + self.tf.pad(block, [(r.start, n - r.stop) for r, n in zip(spans, out.shape)])

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


# neuraloperator (torch, eager, channels_first): (fn(params, *x), params, engine, label), or
# None without it.
def _neuralop_modes(modes):  # both signs on full axes (2m); n // 2 + 1 bins of 2m - 1
    return tuple(2 * m for m in modes[:-1]) + (2 * modes[-1] - 1,)


def neuralop_spectral_conv(kernel, modes):
    """neuraloperator's SpectralConv with our corner weights `kernel` (corners,
    C, F, *modes); None off torch too."""
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
    return (lambda p, x: conv(x)), list(conv.parameters()), engine("torch"), \
        "neuraloperator SpectralConv (torch eager, channels_first)"


def neuralop_fno_step(lr, modes, width, num_blocks, projection_channels):
    """A step of neuraloperator's FNO as the original FNO-1D, in plain torch
    (forward, relative L2, backward, Adam)."""
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

    def step(params, x, y):
        opt.zero_grad(set_to_none=True)
        diff = torch.linalg.vector_norm((model(x) - y).flatten(1), dim=1)
        (diff / torch.linalg.vector_norm(y.flatten(1), dim=1)).mean().backward()
        opt.step()

    return step, [], engine("torch"), "neuraloperator FNO, a plain torch step (eager)"
