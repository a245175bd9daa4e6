"""The native code: each mixer written by hand with the backend's own complex
FFT calls (jnp.fft, torch.fft, tf.signal) the way its paper's code does, and
the floor (the bare transforms the layer cannot avoid).

`native(backend_name, layer, shape)` returns fwd(x, *weights) -> y and
fb(x, g, *weights) -> (dx, *dweights), the gradient of `sum(fwd(...) * g)`,
on channels_last input; `weights_of(layer_name, weights)` orders our layer's
weights (NumPy, by variable name) as the native code takes them.
`floor(backend_name, layer, shape)` returns floor(x), floor_fb(x, g) and
floor_input(x_np), the array floor(x) takes.

The papers' code:
- FFTConv1D: Hyena's `fftconv`: rfft of input and kernel at n = 2L,
  product, irfft, the first L samples, plus `D * x` (and a bias).
- GlobalFilter2D: GFNet's GlobalFilter: rfft2 (norm "ortho") over the
  spatial axes, times the complex weight (a real array with a trailing axis
  of 2, `view_as_complex`), irfft2.
- AFNO2D: FourCastNet's AFNO2D at hard_thresholding_fraction 1: rfft2
  ("ortho"), the block-diagonal complex MLP as real einsums on the real and
  imaginary parts, softshrink, irfft2, plus the input.
- FourierMixing: FNet's `Re(fftn(x))` over (sequence, hidden).
TensorFlow's tf.signal transforms the innermost axes only and has no `norm`:
its native code transposes channels_last input to channels_first and back,
and scales by hand where the "ortho" factors do not cancel.
"""

from functools import partial
from types import SimpleNamespace

import numpy as np

from benchmarks.fno import native as fno_native
from benchmarks.fno.common import jax_gradient, tf_gradient, torch_grad

# Our variables by name, in the order the native code takes them.
WEIGHTS = {
    "FFTConv1D": ("kernel", "skip", "bias"),
    "GlobalFilter2D": ("kernel",),
    "AFNO2D": ("w1", "b1", "w2", "b2"),
    "FourierMixing": (),
}


def weights_of(layer_name, weights):
    """NumPy arrays for the native code from {variable name: array}."""
    out = [weights[k] for k in WEIGHTS[layer_name]]
    if layer_name == "GlobalFilter2D":  # (2, H, W', C) -> GFNet's (H, W', C, 2)
        out = [np.ascontiguousarray(np.moveaxis(out[0], 0, -1))]
    return out


def native(backend_name, layer, shape):
    if backend_name == "tensorflow":
        fwd = _TF[layer](shape)
        return fwd, tf_gradient(fwd)
    ns = _jax_ns() if backend_name == "jax" else _torch_ns()
    fwd = _GENERIC[layer](ns, shape)
    return fwd, ns.gradient(fwd)


def floor(backend_name, layer, shape):
    """The bare forward + inverse transforms of the input (twice that for
    forward+backward), on the cheapest layout: channels_first, transformed
    axes innermost. FFTConv1D: rfft + irfft at n = 2L of the zero-padded
    input; FourierMixing, which has no inverse: its forward rfft2 alone."""
    if layer == "FourierMixing":
        fwd = _rfft2_innermost(backend_name)
        return fwd, lambda x, g: (fwd(x), fwd(g)), lambda x: x
    if layer == "FFTConv1D":
        batch, steps, channels = shape

        def make_input(x):
            padded = np.zeros((batch, 2 * steps, channels), x.dtype)
            padded[:, :steps] = x
            return np.ascontiguousarray(padded.transpose(0, 2, 1))

        return fno_native.floor(backend_name, 1, (2 * steps,)) + (make_input,)
    to_cf = (0, len(shape) - 1) + tuple(range(1, len(shape) - 1))
    return fno_native.floor(backend_name, len(shape) - 2, tuple(shape[1:-1])) + (
        lambda x: np.ascontiguousarray(x.transpose(to_cf)),)


def _rfft2_innermost(backend_name):
    if backend_name == "jax":
        import jax.numpy as jnp

        return jnp.fft.rfft2
    if backend_name == "torch":
        import torch

        return torch.fft.rfft2
    import tensorflow as tf

    return tf.signal.rfft2d


# --- JAX and torch: one code on a namespace of their numpy-like calls ----------------


def _jax_ns():
    import jax
    import jax.numpy as jnp

    return SimpleNamespace(
        rfft=lambda x, n, axis: jnp.fft.rfft(x, n=n, axis=axis),
        irfft=lambda z, n, axis: jnp.fft.irfft(z, n=n, axis=axis),
        rfft2=partial(jnp.fft.rfft2, axes=(1, 2), norm="ortho"),
        irfft2=lambda z, s: jnp.fft.irfft2(z, s=s, axes=(1, 2), norm="ortho"),
        fftn=partial(jnp.fft.fftn, axes=(-2, -1)), complex=jax.lax.complex,
        einsum=jnp.einsum, relu=jax.nn.relu,
        softshrink=lambda v, t: jnp.sign(v) * jnp.maximum(jnp.abs(v) - t, 0.0),
        gradient=jax_gradient)


def _torch_ns():
    import torch
    import torch.nn.functional as F

    def gradient(fwd):
        fb = torch_grad(fwd)
        return lambda x, g, *weights: fb(x, *weights, g)

    return SimpleNamespace(
        rfft=lambda x, n, axis: torch.fft.rfft(x, n=n, dim=axis),
        irfft=lambda z, n, axis: torch.fft.irfft(z, n=n, dim=axis),
        rfft2=partial(torch.fft.rfft2, dim=(1, 2), norm="ortho"),
        irfft2=lambda z, s: torch.fft.irfft2(z, s=s, dim=(1, 2), norm="ortho"),
        fftn=partial(torch.fft.fftn, dim=(-2, -1)), complex=torch.complex,
        einsum=torch.einsum, relu=F.relu, softshrink=F.softshrink,
        gradient=gradient)


def _fftconv(ns, shape):
    steps = shape[1]
    n = 2 * steps

    def fwd(x, k, d, b):
        y = ns.irfft(ns.rfft(x, n, 1) * ns.rfft(k, n, 0), n, 1)[:, :steps]
        return y + x * d + b

    return fwd


def _global_filter(ns, shape):
    spatial = tuple(shape[1:3])

    def fwd(x, w):
        return ns.irfft2(ns.rfft2(x) * ns.complex(w[..., 0], w[..., 1]), spatial)

    return fwd


def _afno_mlp(ns, re, im, w1, b1, w2, b2, eq):
    """FourCastNet's MLP: `eq` contracts a block's channels with a weight."""
    o1r = ns.relu(ns.einsum(eq, re, w1[0]) - ns.einsum(eq, im, w1[1]) + b1[0])
    o1i = ns.relu(ns.einsum(eq, im, w1[0]) + ns.einsum(eq, re, w1[1]) + b1[1])
    o2r = ns.einsum(eq, o1r, w2[0]) - ns.einsum(eq, o1i, w2[1]) + b2[0]
    o2i = ns.einsum(eq, o1i, w2[0]) + ns.einsum(eq, o1r, w2[1]) + b2[1]
    return ns.softshrink(o2r, 0.01), ns.softshrink(o2i, 0.01)


def _afno(ns, shape):
    batch, height, width, channels = shape

    def fwd(x, w1, b1, w2, b2):
        nb = w1.shape[1]
        z = ns.rfft2(x).reshape(batch, height, width // 2 + 1, nb, channels // nb)
        re, im = _afno_mlp(ns, z.real, z.imag, w1, b1, w2, b2, "...bi,bio->...bo")
        z = ns.complex(re, im).reshape(batch, height, width // 2 + 1, channels)
        return ns.irfft2(z, (height, width)) + x

    return fwd


def _fnet(ns, shape):
    return lambda x: ns.fftn(x).real


_GENERIC = {"FFTConv1D": _fftconv, "GlobalFilter2D": _global_filter, "AFNO2D": _afno,
            "FourierMixing": _fnet}


# --- TensorFlow: tf.signal over the innermost axes ---------------------------------------


def _tf_fftconv(shape):
    import tensorflow as tf

    steps = shape[1]
    n = [2 * steps]

    def fwd(x, k, d, b):
        xf = tf.signal.rfft(tf.transpose(x, (0, 2, 1)), fft_length=n)
        kf = tf.signal.rfft(tf.transpose(k), fft_length=n)
        y = tf.signal.irfft(xf * kf, fft_length=n)[..., :steps]
        return tf.transpose(y, (0, 2, 1)) + x * d + b

    return fwd


def _tf_global_filter(shape):
    import tensorflow as tf

    spatial = list(shape[1:3])

    def fwd(x, w):
        # the "ortho" factors of the two transforms cancel around a product
        w = tf.transpose(tf.complex(w[..., 0], w[..., 1]), (2, 0, 1))
        y = tf.signal.irfft2d(tf.signal.rfft2d(tf.transpose(x, (0, 3, 1, 2))) * w,
                              fft_length=spatial)
        return tf.transpose(y, (0, 2, 3, 1))

    return fwd


def _tf_afno(shape):
    import tensorflow as tf

    batch, height, width, channels = shape
    scale = float(np.sqrt(height * width))
    ns = SimpleNamespace(einsum=tf.einsum, relu=tf.nn.relu,
                         softshrink=lambda v, t: tf.sign(v) * tf.nn.relu(tf.abs(v) - t))

    def fwd(x, w1, b1, w2, b2):
        nb = w1.shape[1]
        z = tf.signal.rfft2d(tf.transpose(x, (0, 3, 1, 2)))
        z = tf.reshape(z, (batch, nb, channels // nb, height, width // 2 + 1))
        # biases (nb, o) broadcast over the modes of (B, nb, o, H, W')
        b1, b2 = b1[..., None, None], b2[..., None, None]
        re, im = _afno_mlp(ns, tf.math.real(z) / scale, tf.math.imag(z) / scale,
                           w1, b1, w2, b2, "bkihw,kio->bkohw")
        z = tf.reshape(tf.complex(re, im), (batch, channels, height, width // 2 + 1))
        y = tf.signal.irfft2d(z, fft_length=[height, width]) * scale
        return tf.transpose(y, (0, 2, 3, 1)) + x

    return fwd


def _tf_fnet(shape):
    import tensorflow as tf

    return lambda x: tf.math.real(tf.signal.fft2d(tf.complex(x, tf.zeros_like(x))))


_TF = {"FFTConv1D": _tf_fftconv, "GlobalFilter2D": _tf_global_filter, "AFNO2D": _tf_afno,
       "FourierMixing": _tf_fnet}
