"""FNO: the Fourier neural operator of Li et al. (ICLR 2021), in 1, 2 or 3 D."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.layers.spectral_conv import SpectralConv1D, SpectralConv2D, SpectralConv3D


class _Pointwise(keras.layers.Layer):
    """A `Dense` over the channel axis, last or (with `channels_first`) axis 1:
    kernel `(C, F)`, bias `(F,)`. Its products keep float64 on every backend
    (keras's torch matmul rounds float64 to float32)."""

    def __init__(self, units, channels_first=False, **kwargs):
        super().__init__(**kwargs)
        self.units, self.channels_first = units, channels_first

    def build(self, input_shape):
        channels = input_shape[1 if self.channels_first else -1]
        self.kernel = self.add_weight(name="kernel", shape=(channels, self.units),
                                      initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")

    def call(self, x):
        if not self.channels_first:
            return numerics.add(numerics.matmul(x, self.kernel), self.bias)
        # (B, F, C) @ (B, C, points), the kernel broadcast over the batch: a
        # batched product with a contiguous result (an einsum, or a matmul of
        # the 2-D kernel, permutes and copies on torch: 2x slower).
        shape = [ops.shape(x)[i] if s is None else s for i, s in enumerate(x.shape)]
        flat = ops.reshape(x, (shape[0], shape[1], -1))
        kernel = ops.broadcast_to(ops.transpose(self.kernel), (shape[0], self.units, shape[1]))
        # the bias first: Keras's tensorflow `add` turns a product plus a column
        # into a channels-first BiasAdd of rank 3, which LiteRT's converter refuses
        out = numerics.add(ops.reshape(self.bias, (self.units, 1)), numerics.matmul(kernel, flat))
        return ops.reshape(out, [shape[0], self.units] + shape[2:])

    def compute_output_shape(self, input_shape):
        if not self.channels_first:
            return tuple(input_shape[:-1]) + (self.units,)
        return (input_shape[0], self.units) + tuple(input_shape[2:])


@keras.saving.register_keras_serializable(package="keras_spectral")
class FNO(keras.Model):
    """A Fourier neural operator: lifting, Fourier blocks, projection.

    `x -> P(B_L(... B_1(Q([x, grid]))))`, channels_last:
    `Q` lifts each point to `width` channels (a pointwise `Dense`, after the
    grid coordinates are appended as extra channels when
    `positional_encoding`); each Fourier block `B` is
    `activation(SpectralConv(v) + Dense(v))`, a spectral convolution plus a
    pointwise linear skip (the paper's `W`); `P` projects each point to
    `output_channels` through a `projection_channels`-wide hidden `Dense`
    with `activation`. As in the paper's code, the last block has no
    activation (set `final_block_activation=True` to add one). Optional zero
    padding of the spatial axes (right side) after the lifting makes the
    periodic spectral layers usable on non-periodic problems; it is cropped
    off before the projection. Inputs and outputs are channels_last; the
    blocks run channels_first inside, so every FFT runs over the innermost
    axes of contiguous memory (measured faster on every backend).

    The number of spatial axes is `len(modes)`. All weights depend on the
    channel counts only, so a model trained at one resolution runs at any
    other that holds the modes (zero-shot super-resolution).

    Args:
        modes: kept frequencies per spatial axis, a sequence of 1 to 3 ints.
        width: the channel count inside the Fourier blocks.
        num_blocks: the number of Fourier blocks (default 4).
        output_channels: channels of the output (default 1).
        projection_channels: hidden width of the projection (default 128).
        activation: activation of the blocks and the projection (default
            "gelu", exact, as `torch.nn.functional.gelu`).
        positional_encoding: append the grid coordinates `linspace(0, 1, n)`
            of each spatial axis as input channels (default True).
        padding: zero padding added to the end of each spatial axis inside
            the model (default 0: periodic problems). An int is that many
            points at every resolution; a float in (0, 1) is that fraction of
            each axis's size (`round(padding * n)` points), which keeps the
            padded domain, and so what each kept mode means physically, the
            same at every resolution: use a fraction for zero-shot
            super-resolution of a non-periodic problem.
        final_block_activation: apply `activation` after the last block too.
        spectral_kernel_initializer: initializer of the spectral weights
            (default `SpectralUniform()`, the paper's).
        transform_method: None (default: `keras_spectral.config`'s setting),
            "auto", "fft" or "matmul": how the spectral convolutions compute
            their transforms ("matmul": real matrix products of the kept
            modes only, which every export format runs).
        **kwargs: standard `keras.Model` arguments (`name`, `dtype`).

    Input shape:
        `(batch, *spatial, in_channels)`.

    Output shape:
        `(batch, *spatial, output_channels)`.

    Returns:
        A Keras model: `fit`, `predict`, `save` / `keras.saving.load_model`.

    Example:

    >>> model = FNO(modes=(16,), width=64)  # FNO-1D as for Burgers
    >>> model.compile(optimizer="adam", loss=keras_spectral.losses.RelativeL2())
    >>> x_train = numpy.random.rand(8, 128, 1).astype("float32")  # u(x, 0) on 128 points
    >>> history = model.fit(x_train, 2 * x_train, batch_size=4, epochs=1, verbose=0)
    >>> model.predict(numpy.random.rand(2, 256, 1).astype("float32"), verbose=0).shape
    (2, 256, 1)
    """

    def __init__(self, modes, width, num_blocks=4, output_channels=1,
                 projection_channels=128, activation="gelu", positional_encoding=True,
                 padding=0, final_block_activation=False, spectral_kernel_initializer=None,
                 transform_method=None, **kwargs):
        super().__init__(**kwargs)
        self.transform_method = checks.transform_method(transform_method)
        if isinstance(modes, (str, bytes)) or not (
                isinstance(modes, int) or hasattr(modes, "__len__")):
            raise TypeError(f"`modes` must be a sequence of 1 to 3 positive ints (one per "
                            f"spatial axis); got {modes!r}.")
        if not isinstance(modes, (tuple, list)):
            raise TypeError(f"`modes` must be a tuple of 1 to 3 ints >= 1 (one per spatial "
                            f"axis); got {modes!r}.")
        if not 1 <= len(modes) <= 3:
            raise ValueError(f"`modes` must be a tuple of 1 to 3 ints >= 1 (one per spatial "
                             f"axis); got {modes!r}.")
        self.modes = checks.integers("modes", modes, len(modes))
        self.width = checks.integer("width", width, minimum=1)
        self.num_blocks = checks.integer("num_blocks", num_blocks, minimum=1)
        self.output_channels = checks.integer("output_channels", output_channels, minimum=1)
        self.projection_channels = checks.integer(
            "projection_channels", projection_channels, minimum=1)
        if isinstance(padding, float):
            self.padding = checks.real("padding", padding, low=0.0, high=1.0, low_open=True,
                                       high_open=True, what="a fraction of each axis")
        else:
            self.padding = checks.integer("padding", padding, minimum=0)
        self.activation = keras.activations.get(activation)
        self.positional_encoding = checks.boolean("positional_encoding", positional_encoding)
        self.final_block_activation = checks.boolean(
            "final_block_activation", final_block_activation)
        self.spectral_kernel_initializer = spectral_kernel_initializer
        conv = {1: SpectralConv1D, 2: SpectralConv2D, 3: SpectralConv3D}[len(self.modes)]
        self.lifting = _Pointwise(width, name="lifting")
        self.spectral = [
            conv(width, self.modes, use_bias=False, data_format="channels_first",
                         kernel_initializer=spectral_kernel_initializer,
                         transform_method=self.transform_method, name=f"spectral_{i}")
            for i in range(num_blocks)
        ]
        self.skips = [_Pointwise(width, channels_first=True, name=f"skip_{i}")
                      for i in range(num_blocks)]
        self.hidden = _Pointwise(projection_channels, name="projection_hidden")
        self.projection = _Pointwise(output_channels, name="projection")

    @property
    def rank(self):
        return len(self.modes)

    def build(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"FNO with {self.rank} spatial axes (len(modes)) expects inputs of "
                f"rank {self.rank + 2} (batch, *spatial, channels); got shape "
                f"{tuple(input_shape)}."
            )
        spatial = tuple(input_shape[1:-1])
        channels = input_shape[-1] + (self.rank if self.positional_encoding else 0)
        self.lifting.build((None,) + spatial + (channels,))
        inner = (None, self.width) + spatial
        for spectral, skip in zip(self.spectral, self.skips):
            spectral.build(inner)
            skip.build(inner)
        self.hidden.build((None,) + spatial + (self.width,))
        self.projection.build((None,) + spatial + (self.projection_channels,))

    def _with_grid(self, x):
        """`x` with the coordinates `linspace(0, 1, n)` of each spatial axis
        appended as channels (sizes may be known only when the model runs)."""
        rank = self.rank
        sizes = [x.shape[i] if x.shape[i] is not None else ops.shape(x)[i]
                 for i in range(1, rank + 1)]
        target = [ops.shape(x)[0]] + sizes + [1]
        coords = []
        for a, n in enumerate(sizes):
            shape = [1] * (rank + 2)
            shape[a + 1] = -1
            # arange / (n - 1) is linspace(0, 1, n); ops.linspace needs an int n.
            # arange(0, n), not arange(n): jax2onnx cannot lower stop=None
            step = ops.cast(ops.maximum(n - 1, 1), "float32")
            line = ops.divide(ops.arange(0, n, dtype="float32"), step)
            line = ops.reshape(ops.cast(line, x.dtype), shape)
            coords.append(ops.broadcast_to(line, target))
        return ops.concatenate([x] + coords, axis=-1)

    def padding_for(self, sizes):
        """The zero padding of each spatial axis for these sizes.

        Args:
            sizes: the spatial sizes of an input.

        Returns:
            A tuple of ints, one per axis.

        Example:

        >>> FNO(modes=(12, 12), width=32, padding=9 / 85).padding_for((421, 421))  # (45, 45)
        """
        if isinstance(self.padding, int):
            return (self.padding,) * len(sizes)
        # a size known only when the model runs (a traced graph) gives a scalar
        # tensor; ops.round rounds halves to even, as Python's round
        return tuple(int(round(self.padding * n)) if isinstance(n, int) else ops.cast(
            ops.round(ops.multiply(ops.cast(n, "float32"), self.padding)), "int32")
            for n in sizes)

    def call(self, inputs):
        x = self._with_grid(inputs) if self.positional_encoding else inputs
        x = self.lifting(x)
        rank = self.rank
        x = ops.transpose(x, (0, rank + 1) + tuple(range(1, rank + 1)))  # channels first
        sizes = [n if n is not None else ops.shape(inputs)[i + 1]
                 for i, n in enumerate(inputs.shape[1:rank + 1])]
        if self.padding:
            x = ops.pad(x, [(0, 0), (0, 0)] + [(0, p) for p in self.padding_for(sizes)])
        for i, (spectral, skip) in enumerate(zip(self.spectral, self.skips)):
            x = ops.add(spectral(x), skip(x))
            if i < self.num_blocks - 1 or self.final_block_activation:
                x = self.activation(x)
        if self.padding:  # back to the input's sizes
            x = x[(slice(None), slice(None)) + tuple(slice(0, n) for n in sizes)]
        x = ops.transpose(x, (0,) + tuple(range(2, rank + 2)) + (1,))  # channels last
        return self.projection(self.activation(self.hidden(x)))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.output_channels,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "modes": self.modes,
            "width": self.width,
            "num_blocks": self.num_blocks,
            "output_channels": self.output_channels,
            "projection_channels": self.projection_channels,
            "activation": keras.activations.serialize(self.activation),
            "positional_encoding": self.positional_encoding,
            "padding": self.padding,
            "final_block_activation": self.final_block_activation,
            "spectral_kernel_initializer": keras.initializers.serialize(
                self.spectral[0].kernel_initializer),
            "transform_method": self.transform_method,
        })
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["spectral_kernel_initializer"] = keras.initializers.deserialize(
            config["spectral_kernel_initializer"])
        return cls(**config)
