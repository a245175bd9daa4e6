"""SpectralPooling1D/2D: pooling by truncating the Fourier spectrum.

Rippel, Snoek & Adams, "Spectral Representations for Convolutional Neural
Networks" (NeurIPS 2015): transform the input over its spatial axes, keep
the central (lowest-frequency) window whose size is the output size, and
transform back at that size. Unlike max or average pooling it keeps as much
of the signal as the output grid can hold, and any output size (not only a
halving) is allowed.

Precisely, the layer is band-limited resampling, `scipy.signal.resample(x,
m, axis=a)` on each spatial axis in turn: on an axis cut from `n` to an even
`m < n`, the unpaired output frequency `m/2` receives `X[m/2] + X[-m/2]`
(the paper's Nyquist "corner case", which keeps the output real), and values
are scaled by `m / n` (a constant stays the same constant).

How it is computed: only the axes whose size changes are transformed (where
a size stays, the resampling is the identity). The last of them is the
half-spectrum axis: its `rfft` is cut to `m // 2 + 1` bins first, so each
full-spectrum axis is transformed on the kept columns only, and cut (Nyquist
pair folded) before the next. Both transforms use norm "forward", which
gives the `m / n` scaling for free; the inverse is one c2r transform at the
output size. The doubled Nyquist bin of the half axis and the random
truncation mask are one product with a small broadcast gain.
"""


import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import ops as spectral_ops
from keras_spectral import numerics
from keras_spectral.ops import primitives
from keras_spectral.layers._base import SpatialLayer


def _cut_flag(n, m, dtype):
    """1 where the axis is cut (`n > m`), 0 where it keeps its size, as a
    scalar tensor: for sizes known only at run time (a traced graph)."""
    return ops.cast(ops.greater(n, m), dtype)


def _cut_full(x, axis, m, n):
    """The `m` lowest frequencies of a full-spectrum axis of length `n`, in
    fft order; for even `m` the pair `+-m/2` is folded into one bin."""
    if m % 2:
        return primitives.keep_low_frequencies(x, axis, (m + 1) // 2, m // 2)
    h = m // 2
    if isinstance(n, int) and n == m:
        return x
    partner = primitives.slice_axis(x, axis, -h, (-h + 1) or None)
    if not isinstance(n, int):  # no partner to fold if the size stays
        partner = numerics.multiply(partner, _cut_flag(n, m, x.dtype))
    nyquist = numerics.add(primitives.slice_axis(x, axis, h, h + 1), partner)
    parts = [primitives.slice_axis(x, axis, 0, h), nyquist]
    if h > 1:
        parts.append(primitives.slice_axis(x, axis, -h + 1, None))
    return numerics.concatenate(parts, axis=axis)


def _kept_rows(m, n):
    """The (pos, neg) rows of a full axis of size `n` that `_cut_full` reads
    for a window of `m`: for even `m` (and `n > m`) the pair `+-m/2` both."""
    if m % 2 or n == m:
        return (m + 1) // 2, m // 2
    return m // 2 + 1, m // 2


def _with_window_shape(x, plan):
    """`x` with the window's (known) sizes in its static shape. Slices of an
    axis of unknown size lose it in a traced graph, and the inverse transform
    would then take the output size for a run-time value."""
    shape = [ops.shape(x)[i] if s is None else s for i, s in enumerate(x.shape)]
    for i, (axis, m, _) in enumerate(plan):
        shape[axis] = m // 2 + 1 if i == len(plan) - 1 else m
    return ops.reshape(x, shape)


def _abs_frequencies(m, half):
    """|frequency| (in bins) of each bin of an output axis of size `m`."""
    k = np.arange(m // 2 + 1 if half else m)
    return k if half else np.minimum(k, m - k)


class SpectralPooling(SpatialLayer):
    """The N-D spectral pooling; use `SpectralPooling1D` or `SpectralPooling2D`.

    Args:
        rank: the number of spatial axes (1 or 2).
        output_size: the output's spatial size: an int (every axis) or a
            tuple of `rank` ints, each at most the input's.
        random_truncation: None, or the lowest cutoff fraction in (0, 1] of
            the paper's randomised resolution (training only).
        seed: the seed of the cutoff draws.
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(self, rank, output_size, random_truncation=None, seed=None,
                 data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.output_size = checks.integers("output_size", output_size, rank)
        self.random_truncation = checks.real(
            "random_truncation", random_truncation, low=0.0, high=1.0, low_open=True,
            allow_none=True)
        self.seed = checks.integer("seed", seed, allow_none=True)
        self.data_format = checks.data_format(data_format)
        self.input_spec = keras.layers.InputSpec(ndim=rank + 2)
        # Only a randomised layer carries a generator (and its state variable).
        self.seed_generator = keras.random.SeedGenerator(self.seed) \
            if self.random_truncation is not None else None

    def _check_sizes(self, sizes):
        for i, (n, m) in enumerate(zip(sizes, self.output_size)):
            if isinstance(n, int) and n < m:
                raise ValueError(
                    f"{type(self).__name__}: `output_size`={self.output_size} is larger "
                    f"than the input on spatial axis {i} (size {n}); pooling cannot "
                    f"enlarge an axis."
                )

    def call(self, inputs, training=None):
        sizes = self._sizes(inputs)
        truncate = bool(training) and self.random_truncation is not None
        # (axis, m, n) of the axes to transform: those that change size, or
        # every axis when the truncation must reach all of them.
        plan = [(a, m, n) for a, m, n in zip(self._spatial_axes(), self.output_size, sizes)
                if truncate or not (isinstance(n, int) and n == m)]
        if not plan:
            return ops.cast(inputs, self.compute_dtype)
        last, m_last, n_last = plan[-1]
        if all(isinstance(n, int) for _, _, n in plan):
            # only the kept rows are transformed (the DFT of those alone under
            # "matmul"); an even window's +-m/2 pair is folded after
            keep = [_kept_rows(m, n) for _, m, n in plan[:-1]] + [m_last // 2 + 1]
            spectrum = primitives.rfftn_low_frequencies(
                inputs, [a for a, _, _ in plan], keep, "forward")
            for (axis, m, _), (pos, neg) in zip(plan[:-1], keep[:-1]):
                if pos + neg > m:
                    spectrum = complex_ops.Complex(
                        *(_cut_full(p, axis, m, pos + neg) for p in spectrum))
        else:
            spectrum = spectral_ops.rfft(inputs, axis=last, norm="forward")
            spectrum = primitives.slice_axis(spectrum, last, 0, m_last // 2 + 1)
            for axis, m, n in plan[:-1]:
                spectrum = spectral_ops.fft(spectrum, axis=axis, norm="forward")
                spectrum = complex_ops.Complex(*(_cut_full(p, axis, m, n) for p in spectrum))
        if any(not isinstance(n, int) for _, _, n in plan):
            spectrum = complex_ops.Complex(*(_with_window_shape(p, plan) for p in spectrum))
        gain = self._gain(plan, spectrum.real, truncate)
        if gain is not None:
            spectrum = complex_ops.Complex(*(numerics.multiply(p, gain) for p in spectrum))
        out = primitives.irfftn_of_low_bins(spectrum, [a for a, _, _ in plan], m_last, "forward")
        return ops.cast(out, self.compute_dtype)

    def _gain(self, plan, like, truncate):
        """The broadcast factor on the kept spectrum, or None if it is 1:
        2 on the half axis's unpaired Nyquist bin (its conjugate partner is
        not stored; scipy's real resample doubles it too), times the random
        truncation mask."""
        ndim = len(like.shape)
        dtype = keras.backend.standardize_dtype(like.dtype)
        gain = None
        last, m_last, n_last = plan[-1]
        if m_last % 2 == 0 and not (isinstance(n_last, int) and n_last == m_last):
            onehot = np.zeros(m_last // 2 + 1)
            onehot[-1] = 1.0
            shape = [1] * ndim
            shape[last] = -1
            onehot = ops.reshape(ops.convert_to_tensor(onehot, dtype), shape)
            if not isinstance(n_last, int):
                onehot = numerics.multiply(onehot, _cut_flag(n_last, m_last, dtype))
            gain = numerics.add(onehot, 1.0)
        if truncate:
            mask = self._truncation_mask(plan, ndim, dtype)
            gain = mask if gain is None else numerics.multiply(gain, mask)
        return gain

    def _truncation_mask(self, plan, ndim, dtype):
        """1 where every axis's |frequency| is at most `r` times the
        window's highest, `r ~ U(random_truncation, 1)` drawn once per call
        and shared by the axes (one random resolution per mini-batch)."""
        r = keras.random.uniform((), minval=self.random_truncation, maxval=1.0,
                                 seed=self.seed_generator)
        mask = None
        for i, (axis, m, _) in enumerate(plan):
            k = _abs_frequencies(m, half=i == len(plan) - 1)
            shape = [1] * ndim
            shape[axis] = -1
            k = ops.reshape(ops.convert_to_tensor(k, "float32"), shape)
            keep = ops.cast(ops.less_equal(k, r * float(m // 2)), dtype)
            mask = keep if mask is None else numerics.multiply(mask, keep)
        return mask

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        self._check_sizes([shape[a] for a in self._spatial_axes()])
        for a, m in zip(self._spatial_axes(), self.output_size):
            shape[a] = m
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "output_size": self.output_size,
            "random_truncation": self.random_truncation,
            "seed": self.seed,
            "data_format": self.data_format,
        })
        return config


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralPooling1D(SpectralPooling):
    """1-D spectral pooling (Rippel, Snoek & Adams, 2015).

    The input is transformed over its 1 spatial axes, the central
    window of its spectrum whose size is `output_size` (the lowest
    frequencies) is kept, and it is transformed back at that size: exactly
    `scipy.signal.resample(x, output_size[a], axis=a)` on each spatial axis.
    On an axis cut to an even size `m`, the output's unpaired frequency `m/2`
    receives both `+m/2` and `-m/2` of the input (so the output is real);
    values are scaled by `m / n`, so a constant stays the same constant, and
    a signal with no frequency at or above the output's Nyquist is sampled
    exactly on the output's grid. An axis whose size equals its output size
    is passed through. The layer has no weights.

    With `random_truncation`, in training only, each call draws one
    fraction `r ~ U(random_truncation, 1)` and zeros the frequencies of the
    kept window above `r` times its highest frequency on each axis (the
    paper's spectral pooling with randomised resolution, a regulariser); the
    output size does not change, and at inference nothing is dropped.

    Args:
        output_size: the output's spatial size: an int or 1 ints, each
            at least 1 and at most the input's size on its axis.
        random_truncation: None (default), or the lowest fraction in (0, 1]
            of the window's frequencies kept in training.
        seed: an int seed of the random cutoffs (None: a random seed).
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, steps, channels)` (channels_last); spatial sizes may be None (a size known
        to be smaller than `output_size` is a `ValueError`).

    Output shape:
        `(batch, output_size, channels)`.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = SpectralPooling1D(output_size=16)
    >>> y = layer(numpy.random.rand(8, 64, 3).astype("float32"))
    >>> tuple(y.shape)
    (8, 16, 3)
    """

    def __init__(self, output_size, random_truncation=None, seed=None, data_format=None, **kwargs):
        super().__init__(rank=1, output_size=output_size, random_truncation=random_truncation,
                seed=seed, data_format=data_format, **kwargs)


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralPooling2D(SpectralPooling):
    """2-D spectral pooling (Rippel, Snoek & Adams, 2015).

    The input is transformed over its 2 spatial axes, the central
    window of its spectrum whose size is `output_size` (the lowest
    frequencies) is kept, and it is transformed back at that size: exactly
    `scipy.signal.resample(x, output_size[a], axis=a)` on each spatial axis.
    On an axis cut to an even size `m`, the output's unpaired frequency `m/2`
    receives both `+m/2` and `-m/2` of the input (so the output is real);
    values are scaled by `m / n`, so a constant stays the same constant, and
    a signal with no frequency at or above the output's Nyquist is sampled
    exactly on the output's grid. An axis whose size equals its output size
    is passed through. The layer has no weights.

    With `random_truncation`, in training only, each call draws one
    fraction `r ~ U(random_truncation, 1)` and zeros the frequencies of the
    kept window above `r` times its highest frequency on each axis (the
    paper's spectral pooling with randomised resolution, a regulariser); the
    output size does not change, and at inference nothing is dropped.

    Args:
        output_size: the output's spatial size: an int or 2 ints, each
            at least 1 and at most the input's size on its axis.
        random_truncation: None (default), or the lowest fraction in (0, 1]
            of the window's frequencies kept in training.
        seed: an int seed of the random cutoffs (None: a random seed).
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, height, width, channels)` (channels_last); spatial sizes may be None (a size known
        to be smaller than `output_size` is a `ValueError`).

    Output shape:
        `(batch, output_size[0], output_size[1], channels)`.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = SpectralPooling2D(output_size=(16, 12))
    >>> y = layer(numpy.random.rand(8, 32, 32, 3).astype("float32"))
    >>> tuple(y.shape)
    (8, 16, 12, 3)
    """

    def __init__(self, output_size, random_truncation=None, seed=None, data_format=None, **kwargs):
        super().__init__(rank=2, output_size=output_size, random_truncation=random_truncation,
                seed=seed, data_format=data_format, **kwargs)
