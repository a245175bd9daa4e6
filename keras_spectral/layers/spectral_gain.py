"""SpectralGain: a learnable complex gain per frequency bin and channel."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import complex as complex_ops
from keras_spectral.ops import primitives


@keras.saving.register_keras_serializable(package="keras_spectral")
class SpectralGain(keras.layers.Layer):
    """A learnable linear time-invariant filter applied in the frequency domain.

    `y = irfft(rfft(x, axis=steps) * G, n=steps)`, with `G` a learnable complex
    gain per rFFT bin and channel: a circular convolution of each channel with
    a learnable kernel as long as the sequence, in O(n log n). Phase is kept:
    `G` is complex, stored as one real variable of shape `(2, bins, channels)`
    (real and imaginary parts). Initialised to the identity (`G = 1`).

    The gain is built for the sequence length of the first input; calling
    the layer at another length is a `ValueError`.

    Args:
        norm: the FFT normalisation, None / "backward", "ortho" or "forward"
            (kept for compatibility: an rfft/irfft pair is the identity for
            each, so the filter is the same for every norm).
        data_format: "channels_last" (`(batch, steps, channels)`, default) or
            "channels_first" (`(batch, channels, steps)`); defaults to
            `keras.config.image_data_format()`.
        kernel_regularizer: a regularizer for the gain variable.
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, steps, channels)` (channels_last) with `steps` known.

    Output shape:
        The input's.

    Example:

    >>> layer = SpectralGain()
    >>> y = layer(numpy.random.rand(8, 128, 3).astype("float32"))  # (8, 128, 3)
    """

    def __init__(self, norm=None, data_format=None, kernel_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.norm = checks.one_of("norm", norm, (None, "backward", "ortho", "forward"))
        self.data_format = checks.data_format(data_format)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)

    def _axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 1)

    def build(self, input_shape):
        if len(input_shape) != 3:
            raise ValueError(
                f"SpectralGain expects a rank-3 input (batch, steps, channels); "
                f"got shape {tuple(input_shape)}."
            )
        time_axis, channel_axis = self._axes()
        steps, channels = input_shape[time_axis], input_shape[channel_axis]
        if steps is None or channels is None:
            raise ValueError(
                f"SpectralGain needs known `steps` and `channels`; got input "
                f"shape {tuple(input_shape)}."
            )
        self.steps = steps
        bins = steps // 2 + 1
        shape = (2, bins, channels) if self.data_format == "channels_last" else (2, channels, bins)

        def initializer(shape, dtype=None):  # G = 1: the identity filter
            return ops.stack([ops.ones(shape[1:], dtype), ops.zeros(shape[1:], dtype)])

        self.kernel = self.add_weight(
            name="kernel", shape=shape, initializer=initializer,
            regularizer=self.kernel_regularizer,
        )

    def call(self, inputs):
        time_axis, _ = self._axes()
        steps = inputs.shape[time_axis]
        if steps is not None and steps != self.steps:
            raise ValueError(
                f"SpectralGain was built for {self.steps} steps; got {steps}."
            )
        x = primitives.as_real_tensor(inputs)
        gain = complex_ops.Complex(ops.cast(self.kernel[0], x.dtype)[None],
                          ops.cast(self.kernel[1], x.dtype)[None])
        # one fused, native filtering step; an rfft/irfft pair with the same
        # norm scales alike for every norm, so `norm` does not change it
        out = primitives.filter_real_signal(x, gain, (time_axis,), (self.steps,))
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "norm": self.norm,
            "data_format": self.data_format,
            "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
        })
        return config
