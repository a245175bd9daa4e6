"""AFNO1D/2D: the Adaptive Fourier Neural Operator token mixer.

Guibas et al., "Adaptive Fourier Neural Operators: Efficient Token Mixers for
Transformers" (2021), as FourCastNet uses it: transform the tokens over their
spatial axes (rfftn, norm "ortho"), pass every kept mode through a two-layer
complex MLP that is block-diagonal over the channels (weights shared by all
modes), softshrink the result to sparsify it, zero the other modes, transform
back and add the input.

How it is computed: only the kept modes are transformed where that saves
work (the half-spectrum axis is cut before the full-spectrum axes are
transformed, and restored inside the inverse transform) and only they go
through the MLP: each of its two layers is one batched real matrix product
(batched over the channel blocks, all kept modes of the batch as rows) with
the block form `[[wr, wi], [-wi, wr]]` of the complex weights.
"""


import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import ops as spectral_ops
from keras_spectral import numerics
from keras_spectral.ops import primitives
from keras_spectral.layers._base import SpatialLayer

# The MLP is written in the block form of the complex products, with the real
# and imaginary parts kept side by side through both layers (`_mlp`). Measured
# on CPU for B=8, 32x32, C=64, 8 blocks, against `complex_ops.matmul` per product
# ("naive": four real products; "block": one, concatenating the parts at each
# product and splitting after), forward / forward+backward: jax under jit
# 3.5 / 5.0 ms against naive 3.8 / 7.0 and block 3.5 / 6.2; torch 5.4 / 11.7
# ms against naive 7.3 / 18 and block 5.5 / 14.3.


def _block(w, dtype):
    """`[[wr, wi], [-wi, wr]]` of a `(2, nb, n, m)` weight: `(nb, 2n, 2m)`."""
    w = ops.cast(w, dtype)
    return complex_ops.block_form((w[0], w[1]))


def _pair(b, dtype):
    """`[br, bi]` of a `(2, nb, m)` bias, broadcast over the rows: `(nb, 1, 2m)`."""
    b = ops.cast(b, dtype)
    return numerics.concatenate([b[0], b[1]], axis=-1)[:, None, :]


class AFNO(SpatialLayer):
    """The N-D AFNO mixer; use `AFNO1D` or `AFNO2D`.

    Args:
        rank: the number of spatial axes (1 or 2).
        num_blocks: the number of channel blocks; must divide the channels.
        sparsity_threshold: the softshrink threshold (>= 0).
        hard_thresholding_fraction: the fraction of the lowest frequencies
            kept per axis, in (0, 1].
        hidden_size_factor: the MLP's hidden width per block, in block sizes.
        data_format: "channels_last" (default) or "channels_first".
        kernel_initializer: initializer of `w1` and `w2`.
        bias_initializer: initializer of `b1` and `b2`.
        kernel_regularizer: regularizer of `w1` and `w2`.
        bias_regularizer: regularizer of `b1` and `b2`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(self, rank, num_blocks=8, sparsity_threshold=0.01,
                 hard_thresholding_fraction=1.0, hidden_size_factor=1,
                 data_format=None, kernel_initializer=None, bias_initializer=None,
                 kernel_regularizer=None, bias_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.num_blocks = checks.integer("num_blocks", num_blocks, minimum=1)
        self.sparsity_threshold = checks.real("sparsity_threshold", sparsity_threshold, low=0.0)
        self.hard_thresholding_fraction = checks.real(
            "hard_thresholding_fraction", hard_thresholding_fraction, low=0.0, high=1.0,
            low_open=True)
        self.hidden_size_factor = checks.integer(
            "hidden_size_factor", hidden_size_factor, minimum=1)
        self.data_format = checks.data_format(data_format)
        # FourCastNet initialises all four as 0.02 * randn
        self.kernel_initializer = keras.initializers.get(
            kernel_initializer if kernel_initializer is not None
            else keras.initializers.RandomNormal(stddev=0.02))
        self.bias_initializer = keras.initializers.get(
            bias_initializer if bias_initializer is not None
            else keras.initializers.RandomNormal(stddev=0.02))
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.input_spec = keras.layers.InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        channels = self._known_channels(input_shape)
        if channels % self.num_blocks:
            raise ValueError(
                f"`num_blocks` must divide the channel count {channels}; got "
                f"num_blocks={self.num_blocks}.")
        nb, bs = self.num_blocks, channels // self.num_blocks
        hidden = bs * self.hidden_size_factor
        # The MLP runs in float32 at least (the FFTs' dtype): autocast off keeps
        # the float32 variables from being rounded to a half compute dtype.
        for name, shape, kind in (("w1", (2, nb, bs, hidden), "kernel"),
                                  ("b1", (2, nb, hidden), "bias"),
                                  ("w2", (2, nb, hidden, bs), "kernel"),
                                  ("b2", (2, nb, bs), "bias")):
            setattr(self, name, self.add_weight(
                name=name, shape=shape, initializer=getattr(self, f"{kind}_initializer"),
                regularizer=getattr(self, f"{kind}_regularizer"), autocast=False))

    # --- geometry -------------------------------------------------------------------

    def _kept(self, sizes):
        """Per spatial axis, the kept (pos, neg) rows: `[:pos]` and `[n-neg:]`
        on full-spectrum axes, `[:pos]` (neg 0) on the last; None where the
        size is unknown and some modes are dropped."""
        fraction = self.hard_thresholding_fraction
        kept = []
        for i, n in enumerate(sizes):
            last = i == self.rank - 1
            if not isinstance(n, int):
                kept.append((None, 0) if fraction == 1.0 else None)
                continue
            k = int((n // 2 + 1) * fraction)
            if k == 0:
                raise ValueError(
                    f"`hard_thresholding_fraction`={fraction} keeps no mode of spatial "
                    f"axis {i} of size {n} (int((n // 2 + 1) * fraction) = 0).")
            # |freq| < k: rows [:k] and [n-k+1:], all of them once 2k - 1 >= n
            kept.append((k, 0) if last else (k, min(k - 1, n - k)))
        return kept

    # --- the computation ----------------------------------------------------------------

    def call(self, inputs):
        sizes = self._sizes(inputs)
        kept = self._kept(sizes)
        if any(k is None for k in kept):
            return self._call_masked(inputs, sizes)
        axes = self._spatial_axes()
        # only the kept modes are transformed (see primitives.rfftn_low_frequencies)
        keep = [None if pos is None else (pos, neg) for pos, neg in kept[:-1]] + [kept[-1][0]]
        spec = primitives.rfftn_low_frequencies(inputs, axes, keep, "ortho")
        mixed = self._mlp(spec)
        out = primitives.irfftn_low_frequencies(mixed, axes, keep, sizes, "ortho")
        return numerics.add(ops.cast(out, self.compute_dtype), inputs)

    def _call_masked(self, inputs, sizes):
        """Unknown sizes with dropped modes (a TensorFlow graph traced without
        static sizes): the kept counts are tensors, so the MLP runs on every
        mode and a frequency mask zeroes the dropped ones."""
        axes = self._spatial_axes()
        spec = spectral_ops.rfftn(inputs, axes=axes, norm="ortho")
        mixed = self._mlp(spec)
        ndim = self.rank + 2
        mask = None
        for i, (axis, n) in enumerate(zip(axes, sizes)):
            # float64, as Python computes int((n // 2 + 1) * fraction) for known n
            k = ops.cast(ops.cast(n // 2 + 1, "float64") * self.hard_thresholding_fraction,
                         "int32")
            length = ops.shape(mixed.real)[axis]
            freq = ops.arange(length)
            if i < self.rank - 1:  # fft order: 0, 1, ..., then negative
                freq = ops.minimum(freq, n - freq)
            keep = ops.reshape(ops.cast(freq < k, mixed.real.dtype),
                               [-1 if a == axis else 1 for a in range(ndim)])
            mask = keep if mask is None else numerics.multiply(mask, keep)
        mixed = complex_ops.scale(mixed, mask)
        out = primitives.irfftn_of_low_bins(mixed, axes, sizes[-1], "ortho")
        return numerics.add(ops.cast(out, self.compute_dtype), inputs)

    def _mlp(self, x):
        """The block-diagonal complex MLP on every mode of the spectrum `x`.

        Both parts go, with one stack and one transpose, to rows
        `(num_blocks, batch, modes, 2 * block_size)` holding `[real, imag]`,
        the left operand of the block form of a complex product: each layer is
        then one batched real product with `[[wr, wi], [-wi, wr]]` giving
        `[real, imag]` again, and relu / softshrink act on both parts at once.
        The batch axis is never merged with another (ONNX converters tracing a
        free batch size cannot split it out again).
        """
        dtype = x.real.dtype
        nb, bs = self.num_blocks, self.w1.shape[2]
        shape = tuple(ops.shape(x.real))
        modes = 1
        if self.data_format == "channels_last":  # (B, *grid, C)
            for n in shape[1:-1]:
                modes = modes * n
            split, perm, inverse = (shape[0], modes, nb, bs), (3, 1, 2, 0, 4), (3, 1, 2, 0, 4)
        else:  # (B, C, *grid)
            for n in shape[2:]:
                modes = modes * n
            split, perm, inverse = (shape[0], nb, bs, modes), (2, 1, 4, 0, 3), (3, 1, 0, 4, 2)
        rows = numerics.stack([ops.reshape(p, split) for p in x], axis=0)
        rows = ops.transpose(rows, perm)  # (nb, B, modes, 2, bs)
        rows = ops.reshape(rows, (nb, shape[0], modes, 2 * bs))
        w1, w2 = _block(self.w1, dtype)[:, None], _block(self.w2, dtype)[:, None]
        b1, b2 = _pair(self.b1, dtype)[:, None], _pair(self.b2, dtype)[:, None]
        hidden = numerics.relu(numerics.add(numerics.matmul(rows, w1), b1))
        out = numerics.add(numerics.matmul(hidden, w2), b2)
        out = ops.soft_shrink(out, self.sparsity_threshold)
        out = ops.transpose(ops.reshape(out, (nb, shape[0], modes, 2, bs)), inverse)
        out = ops.reshape(out, (2,) + shape)
        return complex_ops.Complex(out[0], out[1])

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "num_blocks": self.num_blocks,
            "sparsity_threshold": self.sparsity_threshold,
            "hard_thresholding_fraction": self.hard_thresholding_fraction,
            "hidden_size_factor": self.hidden_size_factor,
            "data_format": self.data_format,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "bias_initializer": keras.initializers.serialize(self.bias_initializer),
            "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": keras.regularizers.serialize(self.bias_regularizer),
        })
        return config


@keras.saving.register_keras_serializable(package="keras_spectral")
class AFNO1D(AFNO):
    """1-D Adaptive Fourier Neural Operator token mixer (Guibas et al., 2021).

    FourCastNet's AFNO: with `X = rfft over the steps` of the input (norm "ortho")
    and its channels split into `num_blocks` blocks of `block_size =
    channels // num_blocks`, every kept mode goes through a two-layer complex
    MLP that is block-diagonal over the channels and shared by all modes,
    `o1 = relu(X @ w1 + b1)`, `o2 = o1 @ w2 + b2` (relu on the real and
    imaginary parts separately), then `softshrink(o2, sparsity_threshold)`
    (each part: `sign(v) * max(|v| - threshold, 0)`); every other mode is
    zero (no bias there), and the output is the inverse transform at the
    input's size plus the input (a residual). Kept modes
    (`hard_thresholding_fraction`, the lowest frequencies): bins `[:k]` of the
    half spectrum, `k = int((steps // 2 + 1) * fraction)`.
    The MLP is computed on the kept modes only. A fraction that keeps no mode
    of the input's size is a `ValueError`.

    The weights are four real variables, index 0 of the leading axis the real
    part and 1 the imaginary: `w1` `(2, num_blocks, block_size, hidden)`,
    `b1` `(2, num_blocks, hidden)`, `w2` `(2, num_blocks, hidden, block_size)`,
    `b2` `(2, num_blocks, block_size)`, `hidden = block_size *
    hidden_size_factor`. They depend only on the channel count, so the layer
    runs at any spatial size. Transforms and MLP compute in float32 at least
    (under a mixed policy too); the result is cast to the compute dtype
    before the residual.

    Args:
        num_blocks: the number of channel blocks; must divide the channels.
        sparsity_threshold: the softshrink threshold, >= 0.
        hard_thresholding_fraction: the fraction in (0, 1] of the lowest
            frequencies kept per axis.
        hidden_size_factor: the MLP's hidden width per block, in block sizes.
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `w1` and `w2`; default
            `RandomNormal(stddev=0.02)`, FourCastNet's.
        bias_initializer: initializer of `b1` and `b2`; default
            `RandomNormal(stddev=0.02)`, FourCastNet's.
        kernel_regularizer: regularizer of `w1` and `w2`.
        bias_regularizer: regularizer of `b1` and `b2`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, steps, channels)` (channels_last); spatial sizes may be None.

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = AFNO1D(num_blocks=8, hard_thresholding_fraction=0.5)
    >>> y = layer(numpy.random.rand(8, 64, 32).astype("float32"))
    >>> tuple(y.shape)
    (8, 64, 32)
    """

    def __init__(self, num_blocks=8, sparsity_threshold=0.01, hard_thresholding_fraction=1.0,
            hidden_size_factor=1, data_format=None, kernel_initializer=None, bias_initializer=None,
            kernel_regularizer=None, bias_regularizer=None, **kwargs):
        super().__init__(rank=1, num_blocks=num_blocks, sparsity_threshold=sparsity_threshold,
                hard_thresholding_fraction=hard_thresholding_fraction,
                hidden_size_factor=hidden_size_factor, data_format=data_format,
                kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer, **kwargs)


@keras.saving.register_keras_serializable(package="keras_spectral")
class AFNO2D(AFNO):
    """2-D Adaptive Fourier Neural Operator token mixer (Guibas et al., 2021).

    FourCastNet's AFNO: with `X = rfft2 over height and width` of the input (norm "ortho")
    and its channels split into `num_blocks` blocks of `block_size =
    channels // num_blocks`, every kept mode goes through a two-layer complex
    MLP that is block-diagonal over the channels and shared by all modes,
    `o1 = relu(X @ w1 + b1)`, `o2 = o1 @ w2 + b2` (relu on the real and
    imaginary parts separately), then `softshrink(o2, sparsity_threshold)`
    (each part: `sign(v) * max(|v| - threshold, 0)`); every other mode is
    zero (no bias there), and the output is the inverse transform at the
    input's size plus the input (a residual). Kept modes
    (`hard_thresholding_fraction`, the lowest frequencies): on the width
    (half-spectrum) axis the bins `[:kw]`, `kw = int((width // 2 + 1) *
    fraction)`; on the height axis the frequencies `|k| < kh`, `kh =
    int((height // 2 + 1) * fraction)`, i.e. rows `[:kh]` and `[height - kh +
    1:]`. FourCastNet's code slices the rows `[total - kept : total + kept]`
    of the unshifted spectrum instead, which for a fraction below 1 keeps the
    highest height frequencies; this layer follows the paper's intent, the
    lowest (both agree at fraction 1.0).
    The MLP is computed on the kept modes only. A fraction that keeps no mode
    of the input's size is a `ValueError`.

    The weights are four real variables, index 0 of the leading axis the real
    part and 1 the imaginary: `w1` `(2, num_blocks, block_size, hidden)`,
    `b1` `(2, num_blocks, hidden)`, `w2` `(2, num_blocks, hidden, block_size)`,
    `b2` `(2, num_blocks, block_size)`, `hidden = block_size *
    hidden_size_factor`. They depend only on the channel count, so the layer
    runs at any spatial size. Transforms and MLP compute in float32 at least
    (under a mixed policy too); the result is cast to the compute dtype
    before the residual.

    Args:
        num_blocks: the number of channel blocks; must divide the channels.
        sparsity_threshold: the softshrink threshold, >= 0.
        hard_thresholding_fraction: the fraction in (0, 1] of the lowest
            frequencies kept per axis.
        hidden_size_factor: the MLP's hidden width per block, in block sizes.
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `w1` and `w2`; default
            `RandomNormal(stddev=0.02)`, FourCastNet's.
        bias_initializer: initializer of `b1` and `b2`; default
            `RandomNormal(stddev=0.02)`, FourCastNet's.
        kernel_regularizer: regularizer of `w1` and `w2`.
        bias_regularizer: regularizer of `b1` and `b2`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, height, width, channels)` (channels_last); spatial sizes may be None.

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = AFNO2D(num_blocks=8, hard_thresholding_fraction=0.5)
    >>> y = layer(numpy.random.rand(8, 32, 32, 32).astype("float32"))
    >>> tuple(y.shape)
    (8, 32, 32, 32)
    """

    def __init__(self, num_blocks=8, sparsity_threshold=0.01, hard_thresholding_fraction=1.0,
            hidden_size_factor=1, data_format=None, kernel_initializer=None, bias_initializer=None,
            kernel_regularizer=None, bias_regularizer=None, **kwargs):
        super().__init__(rank=2, num_blocks=num_blocks, sparsity_threshold=sparsity_threshold,
                hard_thresholding_fraction=hard_thresholding_fraction,
                hidden_size_factor=hidden_size_factor, data_format=data_format,
                kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer, **kwargs)
