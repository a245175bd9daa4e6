"""ComplexDropout: dropout of complex values, one mask for both parts."""

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.layers.complex_bridges import ComplexLayer, cast_complex, complex_input


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexDropout(ComplexLayer):
    """Dropout of complex values: in training, each complex entry is zeroed
    with probability `rate` (its real and imaginary parts together: one mask
    for both, so a kept value keeps its phase) and the kept ones are scaled
    by `1 / (1 - rate)`; the identity in inference.

    Args:
        rate: the drop probability, in [0, 1).
        noise_shape: None (one draw per entry), or the mask's shape, a tuple
            broadcasting against a part's shape, None entries taken from it
            (as `keras.layers.Dropout`).
        seed: an int seed, or None.
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; called on a `Complex` it returns a `Complex` of the same
        shape.

    Example:

    >>> z = ComplexDropout(0.5, seed=1)((numpy.ones((2, 8)), numpy.ones((2, 8))), training=True)
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = checks.real("rate", rate, low=0.0, high=1.0, high_open=True)
        if noise_shape is not None:
            if not isinstance(noise_shape, (tuple, list)) or not all(
                    d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 1)
                    for d in noise_shape):
                raise TypeError("`noise_shape` must be None or a tuple of ints >= 1 and "
                                f"Nones; got {noise_shape!r}.")
            noise_shape = tuple(noise_shape)
        self.noise_shape = noise_shape
        self.seed = checks.integer("seed", seed, allow_none=True)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def _mask_shape(self, shape):
        if self.noise_shape is None:
            return shape
        if len(self.noise_shape) != len(shape):
            raise ValueError(f"`noise_shape` must have the rank of `inputs` ({len(shape)}); "
                             f"got {self.noise_shape!r}.")
        return tuple(s if d is None else d for d, s in zip(self.noise_shape, shape))

    def call(self, inputs, training=False):
        z = complex_input(inputs)
        if not training or self.rate == 0:
            return cast_complex(z, self.compute_dtype)
        shape = self._mask_shape(tuple(ops.shape(z.real)))
        # Keras's dropout of ones: 0 or 1 / (1 - rate), seeded as its layers
        mask = keras.random.dropout(ops.ones(shape, z.dtype), self.rate,
                                    seed=self.seed_generator)
        return cast_complex((numerics.multiply(z.real, mask), numerics.multiply(z.imag, mask)),
                            self.compute_dtype)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "noise_shape": self.noise_shape,
                "seed": self.seed}
