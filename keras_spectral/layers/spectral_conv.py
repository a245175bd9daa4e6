"""SpectralConv1D/2D/3D: the spectral convolution of Fourier neural operators.

Li et al., "Fourier Neural Operator for Parametric Partial Differential
Equations" (ICLR 2021): transform the input over its spatial axes, keep the
lowest `modes` frequencies, multiply them by learned complex weights that mix
the channels, drop every other frequency and transform back.

How it is computed (the result is numpy's `irfftn` of the kept spectrum):
the half-spectrum axis (the last spatial axis) is transformed first and cut
to its kept bins, so the full-spectrum axes are transformed on `modes[-1]`
columns only, and each is cut to its kept rows before the next; the inverse
runs the same way backwards. The kept modes of every corner sit together in
one grid of shape `(2*m_1, ..., 2*m_{d-1}, m_d)` (rows `[:m]` then `[-m:]` on
each full-spectrum axis), and the channel mixing of all of them is one
batched complex matrix product over that grid.
"""

import math

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import ops as spectral_ops
from keras_spectral import numerics
from keras_spectral.ops import primitives
from keras_spectral.initializers import SpectralUniform
from keras_spectral.layers._base import SpatialLayer


class SpectralConv(SpatialLayer):
    """The N-D spectral convolution; use `SpectralConv1D`, `2D` or `3D`.

    Args:
        rank: the number of spatial axes (1, 2 or 3).
        filters: the number of output channels.
        modes: the kept frequencies per spatial axis: an int (every axis) or a
            tuple of `rank` ints.
        use_bias: whether to add a learned bias per output channel.
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of the real variable behind the
            complex weights (shape `(2, modes_total, in_channels, filters)`);
            by default `SpectralUniform()`, the original FNO's.
        bias_initializer: initializer of the bias.
        kernel_regularizer: regularizer of the spectral weights.
        bias_regularizer: regularizer of the bias.
        kernel_constraint: constraint of the spectral weights.
        bias_constraint: constraint of the bias.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(self, rank, filters, modes, use_bias=True, data_format=None,
                 kernel_initializer=None, bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.filters = checks.integer("filters", filters, minimum=1)
        self.modes = checks.integers("modes", modes, rank)
        self.use_bias = checks.boolean("use_bias", use_bias)
        self.data_format = checks.data_format(data_format)
        self.kernel_initializer = keras.initializers.get(
            kernel_initializer if kernel_initializer is not None else SpectralUniform())
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)
        self.input_spec = keras.layers.InputSpec(ndim=rank + 2)

    # --- geometry ---------------------------------------------------------------

    @property
    def num_corners(self):
        """The number of kept spectral corners: `2 ** (rank - 1)`."""
        return 2 ** (self.rank - 1)

    @property
    def _grid(self):
        """The shape of the kept-mode grid: `2*m` on full axes, `m` on the last."""
        return tuple(2 * m for m in self.modes[:-1]) + (self.modes[-1],)

    def build(self, input_shape):
        channels = self._known_channels(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=(2, math.prod(self._grid), channels, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = self.add_weight(
            name="bias", shape=(self.filters,), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
        ) if self.use_bias else None

    def _check_sizes(self, sizes):
        """Each size must hold the modes."""
        for i, (n, m) in enumerate(zip(sizes, self.modes)):
            last = i == self.rank - 1
            if not isinstance(n, int):
                continue
            if (m > n // 2 + 1) if last else (2 * m > n):
                need = f"modes <= size // 2 + 1 = {n // 2 + 1}" if last else \
                    f"2 * modes <= size = {n}"
                raise ValueError(
                    f"{type(self).__name__}: spatial axis {i} has size {n}, too small "
                    f"for modes={m} (needs {need}); modes={self.modes}."
                )

    # --- the computation ----------------------------------------------------------

    def call(self, inputs):
        sizes = self._sizes(inputs)
        axes = self._spatial_axes()
        # only the kept modes: the half-spectrum axis cut first, then the
        # others ("fft"), or the DFT of the kept bins alone ("matmul")
        keep = [(m, m) for m in self.modes[:-1]] + [self.modes[-1]]
        spectrum = primitives.rfftn_low_frequencies(inputs, axes, keep)
        mixed = self._mix(spectrum)
        # numpy's c2r (DC/Nyquist handled) of the kept bins, zero elsewhere
        out = primitives.irfftn_low_frequencies(mixed, axes, keep, sizes)
        if self.use_bias:
            shape = [1] * (self.rank + 2)
            shape[self._channel_axis()] = self.filters
            out = numerics.add(out, ops.reshape(ops.cast(self.bias, out.dtype), shape))
        return ops.cast(out, self.compute_dtype)

    def _mix(self, x):
        """One batched complex product over all kept modes: `(P, B, C) @ (P, C, F)`."""
        kernel = ops.cast(self.kernel, x.real.dtype)
        weights = complex_ops.Complex(kernel[0], kernel[1])
        channels_last = self.data_format == "channels_last"
        grid = self._grid
        perm_in = (1, 0, 2) if channels_last else (2, 0, 1)

        def to_rows(p):  # (B, *grid, C) or (B, C, *grid) -> (P, B, C)
            flat = (ops.shape(p)[0], -1, p.shape[-1]) if channels_last else \
                (ops.shape(p)[0], p.shape[1], -1)
            return ops.transpose(ops.reshape(p, flat), perm_in)

        # Four real products batched over all modes, not the block form: the
        # block matrix would be rebuilt from the weights at every call.
        out = complex_ops.matmul(complex_ops.Complex(*(to_rows(p) for p in x)), weights,
                                 method="naive")

        def from_rows(p):  # (P, B, F) -> (B, *grid, F) or (B, F, *grid)
            if channels_last:
                return ops.reshape(ops.transpose(p, (1, 0, 2)), (-1,) + grid + (self.filters,))
            return ops.reshape(ops.transpose(p, (1, 2, 0)), (-1, self.filters) + grid)

        return complex_ops.Complex(*(from_rows(p) for p in out))

    # --- the weights in the original FNO's layout ------------------------------------

    def _canonical_perm(self):
        """Axes of the kernel split as `(2, s_1, m_1, ..., s_{d-1}, m_{d-1}, m_d, C, F)`
        that give `(corner, C, F, m_1, ..., m_d)` with corner = sum s_a 2^(a-1)."""
        d = self.rank
        signs = [2 * a - 1 for a in range(d - 1, 0, -1)]  # s_{d-1} ... s_1
        mode_axes = [2 * a for a in range(1, d)] + [2 * d - 1]
        return [0] + signs + [2 * d, 2 * d + 1] + mode_axes

    def _split_shape(self, channels):
        split = []
        for m in self.modes[:-1]:
            split += [2, m]
        return [2] + split + [self.modes[-1], channels, self.filters]

    def get_spectral_kernel(self):
        """The complex weights in the original FNO's layout and corner order.

        Returns:
            A `Complex` of shape `(num_corners, in_channels, filters, *modes)`:
            corner `c` multiplies the kept block whose full-spectrum axis `a`
            (0-based) takes the slice `[-m:]` when bit `a` of `c` is set and
            `[:m]` otherwise, i.e. (+), (-) in 2D and (+,+), (-,+), (+,-), (-,-)
            in 3D.

        Example:

        >>> layer = SpectralConv2D(8, modes=4); layer.build((None, 16, 16, 3))
        >>> layer.get_spectral_kernel().real.shape
        (2, 3, 8, 4, 4)
        """
        channels = self.kernel.shape[2]
        k = ops.transpose(ops.reshape(self.kernel, self._split_shape(channels)),
                          self._canonical_perm())
        shape = (self.num_corners, channels, self.filters) + self.modes
        return complex_ops.Complex(ops.reshape(k[0], shape), ops.reshape(k[1], shape))

    def set_spectral_kernel(self, value):
        """Sets the complex weights from the layout `get_spectral_kernel` returns.

        Args:
            value: a `Complex` or `(real, imag)` pair of shape
                `(num_corners, in_channels, filters, *modes)`.

        Example:

        >>> layer.set_spectral_kernel(layer.get_spectral_kernel())  # a no-op
        """
        channels = self.kernel.shape[2]
        shape = (self.num_corners, channels, self.filters) + self.modes
        real, imag = complex_ops.as_complex(value, "value")
        if tuple(real.shape) != shape:
            raise ValueError(
                f"`value` must have shape {shape} (num_corners, in_channels, filters, "
                f"*modes); got {tuple(real.shape)}."
            )
        split = self._split_shape(channels)
        perm = self._canonical_perm()
        canonical = [split[p] for p in perm]
        dtype = self.kernel.dtype
        k = ops.reshape(ops.stack([ops.cast(real, dtype), ops.cast(imag, dtype)]), canonical)
        inverse = [perm.index(i) for i in range(len(perm))]
        self.kernel.assign(ops.reshape(ops.transpose(k, inverse), self.kernel.shape))

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        shape[self._channel_axis()] = self.filters
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "filters": self.filters,
            "modes": self.modes,
            "use_bias": self.use_bias,
            "data_format": self.data_format,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "bias_initializer": keras.initializers.serialize(self.bias_initializer),
            "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": keras.regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": keras.constraints.serialize(self.kernel_constraint),
            "bias_constraint": keras.constraints.serialize(self.bias_constraint),
        })
        return config


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralConv1D(SpectralConv):
    """1-D spectral convolution (the Fourier layer of an FNO).

    `y = irfftn(W * rfftn(x)[kept modes]) + bias` over the 1 spatial
    axes: the lowest `modes[a]` frequencies are kept on each axis (`[:m]` and
    `[-m:]` on full-spectrum axes, `[:m]` on the last, half-spectrum axis;
    1 corner), each kept mode mixes the channels with its own complex
    matrix, every other frequency is zeroed, and the result is numpy's
    `irfftn` of that spectrum at the input's size (norm "backward", as in the
    paper's code). Weights depend only on the channel count, so the layer runs
    at any spatial size holding the modes (`2 * m <= n` on full-spectrum
    axes, `m <= n // 2 + 1` on the last); a smaller size is a `ValueError`.
    Complex weights are one real variable `kernel` of shape
    `(2, modes_total, in_channels, filters)`; `get_spectral_kernel()` /
    `set_spectral_kernel()` read and write them in the original code's layout
    `(num_corners, in_channels, filters, *modes)`.

    Args:
        filters: the number of output channels.
        modes: kept frequencies per spatial axis, an int or 1 ints.
        use_bias: whether to add a learned bias per output channel.
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `kernel`; default `SpectralUniform()`
            (uniform in [0, 1 / (in_channels * filters)), the original FNO's).
        bias_initializer: initializer of the bias (default zeros).
        kernel_regularizer: regularizer of `kernel`.
        bias_regularizer: regularizer of the bias.
        kernel_constraint: constraint of `kernel`.
        bias_constraint: constraint of the bias.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, steps, channels)` (channels_last); spatial sizes may be None.

    Output shape:
        The input's, with `filters` channels.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = SpectralConv1D(filters=16, modes=8)
    >>> y = layer(numpy.random.rand(8, 64, 3).astype("float32"))
    >>> tuple(y.shape)
    (8, 64, 16)
    """

    def __init__(self, filters, modes, use_bias=True, data_format=None, kernel_initializer=None,
            bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
            kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=1, filters=filters, modes=modes, use_bias=use_bias,
                data_format=data_format, kernel_initializer=kernel_initializer,
                bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                bias_constraint=bias_constraint, **kwargs)


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralConv2D(SpectralConv):
    """2-D spectral convolution (the Fourier layer of an FNO).

    `y = irfftn(W * rfftn(x)[kept modes]) + bias` over the 2 spatial
    axes: the lowest `modes[a]` frequencies are kept on each axis (`[:m]` and
    `[-m:]` on full-spectrum axes, `[:m]` on the last, half-spectrum axis;
    2 corners: (+), (-)), each kept mode mixes the channels with its own complex
    matrix, every other frequency is zeroed, and the result is numpy's
    `irfftn` of that spectrum at the input's size (norm "backward", as in the
    paper's code). Weights depend only on the channel count, so the layer runs
    at any spatial size holding the modes (`2 * m <= n` on full-spectrum
    axes, `m <= n // 2 + 1` on the last); a smaller size is a `ValueError`.
    Complex weights are one real variable `kernel` of shape
    `(2, modes_total, in_channels, filters)`; `get_spectral_kernel()` /
    `set_spectral_kernel()` read and write them in the original code's layout
    `(num_corners, in_channels, filters, *modes)`.

    Args:
        filters: the number of output channels.
        modes: kept frequencies per spatial axis, an int or 2 ints.
        use_bias: whether to add a learned bias per output channel.
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `kernel`; default `SpectralUniform()`
            (uniform in [0, 1 / (in_channels * filters)), the original FNO's).
        bias_initializer: initializer of the bias (default zeros).
        kernel_regularizer: regularizer of `kernel`.
        bias_regularizer: regularizer of the bias.
        kernel_constraint: constraint of `kernel`.
        bias_constraint: constraint of the bias.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, height, width, channels)` (channels_last); spatial sizes may be None.

    Output shape:
        The input's, with `filters` channels.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = SpectralConv2D(filters=16, modes=8)
    >>> y = layer(numpy.random.rand(8, 32, 32, 3).astype("float32"))
    >>> tuple(y.shape)
    (8, 32, 32, 16)
    """

    def __init__(self, filters, modes, use_bias=True, data_format=None, kernel_initializer=None,
            bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
            kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=2, filters=filters, modes=modes, use_bias=use_bias,
                data_format=data_format, kernel_initializer=kernel_initializer,
                bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                bias_constraint=bias_constraint, **kwargs)


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralConv3D(SpectralConv):
    """3-D spectral convolution (the Fourier layer of an FNO).

    `y = irfftn(W * rfftn(x)[kept modes]) + bias` over the 3 spatial
    axes: the lowest `modes[a]` frequencies are kept on each axis (`[:m]` and
    `[-m:]` on full-spectrum axes, `[:m]` on the last, half-spectrum axis;
    4 corners: (+,+), (-,+), (+,-), (-,-)), each kept mode mixes the channels with its own complex
    matrix, every other frequency is zeroed, and the result is numpy's
    `irfftn` of that spectrum at the input's size (norm "backward", as in the
    paper's code). Weights depend only on the channel count, so the layer runs
    at any spatial size holding the modes (`2 * m <= n` on full-spectrum
    axes, `m <= n // 2 + 1` on the last); a smaller size is a `ValueError`.
    Complex weights are one real variable `kernel` of shape
    `(2, modes_total, in_channels, filters)`; `get_spectral_kernel()` /
    `set_spectral_kernel()` read and write them in the original code's layout
    `(num_corners, in_channels, filters, *modes)`.

    Args:
        filters: the number of output channels.
        modes: kept frequencies per spatial axis, an int or 3 ints.
        use_bias: whether to add a learned bias per output channel.
        data_format: "channels_last" (default) or "channels_first"; defaults
            to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `kernel`; default `SpectralUniform()`
            (uniform in [0, 1 / (in_channels * filters)), the original FNO's).
        bias_initializer: initializer of the bias (default zeros).
        kernel_regularizer: regularizer of `kernel`.
        bias_regularizer: regularizer of the bias.
        kernel_constraint: constraint of `kernel`.
        bias_constraint: constraint of the bias.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, depth, height, width, channels)` (channels_last); spatial sizes may be None.

    Output shape:
        The input's, with `filters` channels.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = SpectralConv3D(filters=16, modes=8)
    >>> y = layer(numpy.random.rand(2, 16, 16, 16, 3).astype("float32"))
    >>> tuple(y.shape)
    (2, 16, 16, 16, 16)
    """

    def __init__(self, filters, modes, use_bias=True, data_format=None, kernel_initializer=None,
            bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
            kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(rank=3, filters=filters, modes=modes, use_bias=use_bias,
                data_format=data_format, kernel_initializer=kernel_initializer,
                bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                bias_constraint=bias_constraint, **kwargs)
