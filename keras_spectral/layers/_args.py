"""Argument checks shared by the layers: each error names the argument."""

import numbers

import keras

from keras_spectral._checks import is_one_of


def check_data_format(data_format):
    """`None` -> `keras.config.image_data_format()`; anything else must be
    "channels_last" or "channels_first"."""
    if data_format is None:
        data_format = keras.config.image_data_format()
    if not is_one_of(data_format, ("channels_last", "channels_first")):
        raise ValueError(
            "`data_format` must be 'channels_last' or 'channels_first'; "
            f"got {data_format!r}."
        )
    return data_format


def check_positive_ints(value, name, count):
    """An int or a sequence of `count` ints, all >= 1, as a tuple of `count`."""
    values = (value,) * count if isinstance(value, numbers.Integral) else value
    try:
        values = tuple(values)
    except TypeError:
        values = None
    if values is None or len(values) != count or not all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1
            for v in values):
        what = "a positive int" if count == 1 else f"a positive int or {count} positive ints"
        raise ValueError(f"`{name}` must be {what}; got {value!r}.")
    return tuple(int(v) for v in values)
