"""FFTConv1D: a depthwise long convolution computed with zero-padded real FFTs.

The long convolution of Hyena (Poli et al., 2023) and S4 (Gu et al., 2022):
each channel is convolved with its own kernel as long as the sequence, in
O(L log L) instead of the O(L * K) of a direct convolution, plus a skip term
`D * x`. Only the kernel taps that can reach the output are transformed, and
the FFT length is the 5-smooth length just above `L + taps - 1`, where no
circular wrap-around reaches the kept outputs.
"""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral import ops as spectral_ops
from keras_spectral import numerics
from keras_spectral.layers._base import SpatialLayer
from keras_spectral.ops import primitives


@keras.saving.register_keras_serializable(package="keras_spectral")
class FFTConv1D(SpatialLayer):
    """Depthwise long convolution by FFT, causal or centred (Hyena / S4).

    Causal (default): `y[t] = sum_s k[s, c] x[t - s, c] + D[c] x[t, c] + b[c]`,
    the first `steps` samples of `numpy.convolve(x[:, c], k[:, c])`. Centred
    (`causal=False`, bidirectional): tap `(kernel_size - 1) // 2` is the
    current sample, so `kernel_size = 2 * steps - 1` reaches every input from
    every output (numpy's `convolve(..., mode="same")` when the kernel is no
    longer than the sequence). It is a convolution, not Keras's
    cross-correlation: tap 0 multiplies the current sample, tap `s` the one
    `s` steps back. Sequences may have any length: a kernel shorter than the
    sequence acts as a zero-padded one, as `keras.layers.Conv1D` with
    `padding="causal"` / `"same"`; only the taps that can reach the output
    are transformed, with a zero-padded real FFT just long enough to avoid
    wrap-around. A length unknown until the layer runs (a None axis in a
    traced graph or an exported file) is convolved by overlap-add: blocks of
    a fixed length, each transformed at a fixed FFT length, so any length
    gives the same result.

    Args:
        kernel_size: the kernel length (the longest reach in steps).
        causal: whether output `t` sees only inputs `<= t`.
        use_skip: whether to add the learnable skip term `D * x`.
        use_bias: whether to add a learnable bias per channel.
        data_format: "channels_last" (`(batch, steps, channels)`, default) or
            "channels_first"; defaults to `keras.config.image_data_format()`.
        kernel_initializer: initializer of `kernel`, shape `(kernel_size,
            channels)`; default "lecun_uniform" (variance `1 / kernel_size`,
            so the output keeps the input's scale).
        skip_initializer: initializer of `skip` (`D`), default "ones".
        bias_initializer: initializer of `bias`, default "zeros".
        kernel_regularizer: regularizer of `kernel`.
        kernel_constraint: constraint of `kernel`.
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the Fourier transforms are computed
            ("matmul": real matrix products, only of the kept bins where
            the layer keeps few; what ONNX, LiteRT and OpenVINO run).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, steps, channels)` (channels_last).

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = FFTConv1D(kernel_size=4096)
    >>> y = layer(numpy.random.rand(2, 4096, 64).astype("float32"))
    >>> tuple(y.shape)
    (2, 4096, 64)
    """

    def __init__(self, kernel_size, causal=True, use_skip=True, use_bias=True,
                 data_format=None, kernel_initializer="lecun_uniform",
                 skip_initializer="ones", bias_initializer="zeros",
                 kernel_regularizer=None, kernel_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = 1
        self.kernel_size = checks.integer("kernel_size", kernel_size, minimum=1)
        self.causal = checks.boolean("causal", causal)
        self.use_skip = checks.boolean("use_skip", use_skip)
        self.use_bias = checks.boolean("use_bias", use_bias)
        self.data_format = checks.data_format(data_format)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.skip_initializer = keras.initializers.get(skip_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.input_spec = keras.layers.InputSpec(ndim=3)

    def build(self, input_shape):
        channels = self._known_channels(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=(self.kernel_size, channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.skip = self.add_weight(
            name="skip", shape=(channels,), initializer=self.skip_initializer,
        ) if self.use_skip else None
        self.bias = self.add_weight(
            name="bias", shape=(channels,), initializer=self.bias_initializer,
        ) if self.use_bias else None

    def taps(self, steps):
        """The kernel taps that can reach the output, and the output's offset.

        Args:
            steps: the sequence length, or None if unknown (every tap is kept).

        Returns:
            `(first, last, offset)`: taps `first..last` (inclusive) are used,
            and the output is the full convolution with them from `offset` on.

        Example:

        >>> FFTConv1D(100, causal=False).taps(10)  # (40, 58, 9)
        """
        centre = 0 if self.causal else (self.kernel_size - 1) // 2
        if steps is None:
            return 0, self.kernel_size - 1, centre
        first = max(0, centre - steps + 1)
        last = min(self.kernel_size - 1, centre + steps - 1)
        return first, last, centre - first

    def call(self, inputs):
        (steps_axis,), channel_axis = self._spatial_axes(), self._channel_axis()
        steps = inputs.shape[steps_axis]
        x = primitives.as_real_tensor(inputs)
        dtype = x.dtype
        if steps is None:
            out = self._overlap_add(x)
        else:
            first, last, offset = self.taps(steps)
            n = spectral_ops.next_fast_len(steps + last - first, real=True)
            kernel = ops.cast(self.kernel[first:last + 1], dtype)
            response = spectral_ops.rfft(kernel, n=n, axis=0)  # (bins, channels)
            if self.data_format == "channels_first":
                response = complex_ops.Complex(*(ops.transpose(p) for p in response))
            response = complex_ops.Complex(*(p[None] for p in response))  # the batch axis
            out = primitives.filter_real_signal(x, response, (steps_axis,), (n,))
            out = primitives.slice_axis(out, steps_axis, offset, offset + steps)
        shape = [1, 1, 1]
        shape[channel_axis] = -1  # the channel axis, -1 or 1
        if self.use_skip:
            out = numerics.add(out, numerics.multiply(x, ops.reshape(ops.cast(self.skip, dtype), shape)))
        if self.use_bias:
            out = numerics.add(out, ops.reshape(ops.cast(self.bias, dtype), shape))
        return ops.cast(out, self.compute_dtype)

    def _overlap_add(self, x):
        """The convolution of a sequence whose length is known only at run time.

        The (zero-padded) sequence is cut into blocks of `block` steps; each is
        convolved with every tap by a real FFT of the fixed length `n >= block +
        kernel_size - 1`, and the `2 * block` long results are added where they
        overlap (each block's tail onto the next block's head). The FFT length
        never depends on the run-time length, so a traced graph is right at any.
        """
        channels_first = self.data_format == "channels_first"
        if channels_first:
            x = ops.transpose(x, (0, 2, 1))
        _, _, offset = self.taps(None)
        n = spectral_ops.next_fast_len(2 * self.kernel_size - 1, real=True)
        block = n - self.kernel_size + 1  # >= kernel_size - 1: one block of overlap
        batch, length = ops.shape(x)[0], ops.shape(x)[1]
        blocks = (length + block - 1) // block
        x = ops.pad(x, ((0, 0), (0, block), (0, 0)))
        x = primitives.slice_axis(x, 1, 0, blocks * block)
        x = ops.reshape(x, (batch, blocks, block, x.shape[-1]))
        response = spectral_ops.rfft(ops.cast(self.kernel, x.dtype), n=n, axis=0)
        response = complex_ops.Complex(*(p[None, None] for p in response))
        y = primitives.filter_real_signal(x, response, (2,), (n,))  # (batch, blocks, n, c)
        y = ops.pad(y, ((0, 0), (0, 0), (0, 2 * block - n), (0, 0)))
        head, tail = y[:, :, :block], y[:, :, block:]
        zeros = ops.zeros_like(head[:, :1])
        y = numerics.add(ops.concatenate([head, zeros], axis=1),
                         ops.concatenate([zeros, tail], axis=1))
        y = ops.reshape(y, (batch, -1, y.shape[-1]))
        y = primitives.slice_axis(y, 1, offset, offset + length)
        return ops.transpose(y, (0, 2, 1)) if channels_first else y

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "kernel_size": self.kernel_size,
            "causal": self.causal,
            "use_skip": self.use_skip,
            "use_bias": self.use_bias,
            "data_format": self.data_format,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
            "skip_initializer": keras.initializers.serialize(self.skip_initializer),
            "bias_initializer": keras.initializers.serialize(self.bias_initializer),
            "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
            "kernel_constraint": keras.constraints.serialize(self.kernel_constraint),
        })
        return config
