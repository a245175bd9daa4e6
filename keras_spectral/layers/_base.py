"""What the layers share: the `transform_method` argument of every layer
that computes a transform (`TransformLayer`), and for the layers over `rank`
spatial axes the axes of a layout and the channel check of `build`; a
variable's value in a compute dtype (`variable_as`)."""

import functools

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import config as ks_config


def variable_as(variable, dtype):
    """`variable`'s value in `dtype`. Converted first: Keras's numpy backend
    can hold a float32 array in a float64 variable, and its `cast` trusts
    the variable's dtype."""
    return ops.cast(ops.convert_to_tensor(variable), dtype)


def _scoped_call(call):
    """`call` run inside the layer's `transform_method_scope`."""

    @functools.wraps(call)
    def scoped(self, *args, **kwargs):
        with ks_config.transform_method_scope(self.transform_method):
            return call(self, *args, **kwargs)

    scoped._transform_scoped = True
    return scoped


class TransformLayer(keras.layers.Layer):
    """A layer that computes Fourier transforms: its `transform_method`.

    The keyword argument `transform_method` (None: the global setting of
    `keras_spectral.config`; "auto", "fft" or "matmul") is taken here, from
    the `**kwargs` a subclass passes on, checked, and saved by `get_config`.
    Each subclass's `call` is wrapped (once, when the class is defined) to run
    inside `keras_spectral.config.transform_method_scope(transform_method)`,
    so every transform it makes, eagerly or while traced, uses that method;
    a layer with None follows the method in force around it (a model's).
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        call = cls.__dict__.get("call")
        if call is not None and not getattr(call, "_transform_scoped", False):
            cls.call = _scoped_call(call)

    def __init__(self, *args, transform_method=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transform_method = checks.transform_method(transform_method)

    def get_config(self):
        config = super().get_config()
        config["transform_method"] = self.transform_method
        return config


class SpatialLayer(TransformLayer):
    """A layer over `self.rank` spatial axes and one channel axis, laid out
    as `self.data_format` says ("channels_last" or "channels_first")."""

    def _spatial_axes(self):
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.rank))

    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def _known_channels(self, input_shape):
        """The channel count of `input_shape`; fixes it in the input spec."""
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} needs a known channel count; got input "
                f"shape {tuple(input_shape)}."
            )
        self.input_spec = keras.layers.InputSpec(
            ndim=self.rank + 2, axes={self._channel_axis(): channels})
        return channels


    def _sizes(self, inputs):
        """The spatial sizes, checked by `_check_sizes`: ints, or (in a
        TensorFlow graph traced with unknown sizes) scalar tensors."""
        shape = inputs.shape
        sizes = [shape[a] if shape[a] is not None else ops.shape(inputs)[a]
                 for a in self._spatial_axes()]
        self._check_sizes(sizes)
        return sizes

    def _check_sizes(self, sizes):
        """Raises a `ValueError` for a known size the layer cannot take."""
