"""What the layers over `rank` spatial axes share: the axes of a layout
and the channel check of `build`."""

import keras
from keras import ops


class SpatialLayer(keras.layers.Layer):
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
