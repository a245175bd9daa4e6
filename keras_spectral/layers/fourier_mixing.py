"""FourierMixing: FNet's parameter-free token mixing.

Lee-Thorp et al., "FNet: Mixing Tokens with Fourier Transforms" (2021):
the attention sublayer of a Transformer encoder replaced by
`Re(fft2(x))` over the sequence and hidden axes.

Two ways to compute it, chosen per call from the static sizes:
- "fft": the backend's complex `fft2` of the real input and its real part,
  one native call (written with the half spectrum and Hermitian symmetry
  on (real, imag) pairs it measured 1.4-1.5x slower: the extra passes of
  splitting and rebuilding complex tensors cost more than the halved
  transform saves).
- "matmul": the DFT as two real matrix products,
  `Re(F_L X F_D) = C_L (X C_D) - S_L (X S_D)` with `F = C - iS`, formed as
  `[C_L, -S_L] @ stack(X @ [C_D, S_D])`; FNet's TPU path. O(L D (L + D))
  work in two BLAS calls: fewer dispatched ops, so faster only where
  dispatch dominates (tiny sizes on a CPU; FNet found it faster on TPUs up
  to long sequences).
"""

import functools

import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import config as ks_config
from keras_spectral import numerics
from keras_spectral.ops import primitives
from keras_spectral.layers._base import TransformLayer

METHODS = ("auto", "fft", "matmul")

# "auto" uses the matrix products when seq * hidden * (seq + hidden) is at
# most this. Measured (batch 8, one CPU thread; jit on jax/tensorflow, eager
# torch), matmul time / fft time: 0.92-1.05 up to 16 x 16, 1.02-1.10 at
# 24 x 24, 1.1-1.7 at 64 x 64, 2.3-3.8 at 128 x 128.
MATMUL_WORK_LIMIT = 16 * 16 * 32


@functools.lru_cache(maxsize=32)
def dft_matrices(n):
    """The real and imaginary DFT matrices, `F = C - iS`.

    The product `k j` is reduced mod `n` before the angle is formed, so the
    angles are exact and the error does not grow with `n`.

    Args:
        n: the transform length.

    Returns:
        `(C, S)`: `cos` and `sin` of `2 pi k j / n`, float64 arrays `(n, n)`
        (cached: do not modify them).

    Example:

    >>> cos, sin = dft_matrices(8)  # cos - 1j * sin == numpy.fft.fft(numpy.eye(8))
    """
    k = np.arange(n)
    angle = 2.0 * np.pi * (np.outer(k, k) % n) / n
    return np.cos(angle), np.sin(angle)


@keras.saving.register_keras_serializable(package="keras_spectral")
class FourierMixing(TransformLayer):
    """FNet's Fourier token mixing: `Re(fft2(x))` over (sequence, hidden).

    No weights. The result is symmetric in the two axes (`Re(F_L X F_D)`),
    so it does not depend on which of the last two axes holds the sequence:
    there is no `data_format`. Computed by a half-spectrum FFT or, for short
    sequences where it measures faster, by two real matrix products with the
    DFT matrices; `method="auto"` picks from the static sizes. Sizes unknown
    when traced (a TensorFlow graph with None dimensions) always use the FFT.

    Masking: the layer accepts a Keras mask `(batch, seq)` and passes it on.
    Masked (padded) positions are zeroed before mixing, so their content
    never reaches other tokens; but the DFT still runs over the padded
    length, so a sequence's outputs depend on how much padding it has (as in
    FNet, which pads every sequence to a fixed length).

    Args:
        method: "auto" (default), "fft" or "matmul" (the same result); "auto"
            defers to `transform_method`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the transform is computed where
            `method` is "auto" ("matmul": real matrix products only, which
            every export format runs).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, ..., seq, hidden)`.

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = FourierMixing()
    >>> y = layer(numpy.random.rand(8, 128, 64).astype("float32"))
    >>> tuple(y.shape)
    (8, 128, 64)
    """

    def __init__(self, method="auto", **kwargs):
        super().__init__(**kwargs)
        self.method = checks.one_of("method", method, METHODS)
        self.supports_masking = True
        self.input_spec = keras.layers.InputSpec(min_ndim=3)

    def resolve_method(self, seq, hidden):
        """The method a call at these sizes uses ("fft" or "matmul").

        Args:
            seq: the sequence length (None if unknown).
            hidden: the hidden size (None if unknown).

        Returns:
            "fft" or "matmul".

        Example:

        >>> FourierMixing().resolve_method(16, 16)  # "matmul"
        """
        if seq is None or hidden is None:
            # the layer's own matrices need static sizes; under the "matmul"
            # transform method the library's fftn_real_part builds them at run time
            return "fft"
        method = self.method
        if method == "auto":
            method = self.transform_method or ks_config.transform_method()
        if method != "auto":
            return method
        return "matmul" if seq * hidden * (seq + hidden) <= MATMUL_WORK_LIMIT else "fft"

    def call(self, inputs, mask=None):
        x = primitives.as_real_tensor(inputs)
        if mask is not None:
            x = numerics.multiply(x, ops.cast(mask, x.dtype)[..., None])
        seq, hidden = x.shape[-2], x.shape[-1]
        method = self.resolve_method(seq, hidden)
        out = _by_matmul(x, seq, hidden) if method == "matmul" else _by_fft(x)
        return ops.cast(out, self.compute_dtype)

    def compute_mask(self, inputs, mask=None):
        return mask

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"method": self.method})
        return config


def _by_fft(x):
    rank = len(x.shape)
    return primitives.fftn_real_part(x, (rank - 2, rank - 1))


def _by_matmul(x, seq, hidden):
    dtype = x.dtype
    cos_d, sin_d = dft_matrices(hidden)
    cos_l, sin_l = dft_matrices(seq)
    right = ops.convert_to_tensor(np.concatenate([cos_d, sin_d], axis=1), dtype)
    left = ops.convert_to_tensor(np.concatenate([cos_l, -sin_l], axis=1), dtype)
    both = numerics.matmul(x, right)  # (..., seq, 2 hidden): X C_D | X S_D
    halves = [primitives.slice_axis(both, -1, 0, hidden),
              primitives.slice_axis(both, -1, hidden, None)]
    stacked = numerics.concatenate(halves, axis=-2)  # (..., 2 seq, hidden)
    return numerics.matmul(left, stacked)
