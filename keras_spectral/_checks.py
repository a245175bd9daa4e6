"""The argument checks of every public op, layer, model and dataset.

One rule everywhere: a value of the wrong type is a `TypeError`, a value of
the right type outside what the argument allows is a `ValueError`, and every
message names the argument and repeats what was received. Framework-free, so
the ops floor, the layers and the datasets all use it.
"""

import math
import numbers

import numpy as np

PAD_MODES = ("reflect", "constant")
MEL_SCALES = ("slaney", "htk")
# keras_spectral.config: how the Fourier transforms are computed
TRANSFORM_METHODS = ("auto", "fft", "matmul")


def _fail(error, name, expected, value):
    raise error(f"`{name}` must be {expected}; got {value!r}.")


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def is_one_of(value, choices):
    """`value in choices`, False (not numpy's ambiguity error) for an array.

    Args:
        value: any argument a user passed.
        choices: the allowed values (strings, numbers, None).

    Returns:
        A bool.

    Example:
        >>> is_one_of("ortho", ("backward", "ortho")), is_one_of([1], (1, 2))
        (True, False)
    """
    return isinstance(value, (str, numbers.Number, type(None))) and value in choices


def one_of(name, value, choices):
    """`value`, which must be one of `choices`.

    Args:
        name: the argument's name, for the message.
        value: what the user passed.
        choices: the allowed strings, numbers or None.

    Returns:
        `value`.

    Raises:
        TypeError: `value` is of a kind no choice has (an array for a string).
        ValueError: `value` is of the right kind but not a choice.

    Example:
        >>> one_of("norm", "ortho", ("backward", "ortho", "forward"))
        'ortho'
    """
    if is_one_of(value, choices) and not isinstance(value, (bool, np.bool_)):
        return value
    listed = ", ".join(repr(c) for c in choices)
    kinds = [str if isinstance(c, str) else type(None) if c is None else numbers.Real
             for c in choices]
    right_kind = isinstance(value, tuple(kinds)) and not isinstance(value, (bool, np.bool_))
    _fail(ValueError if right_kind else TypeError, name, f"one of {listed}", value)


def boolean(name, value, allow_none=False):
    """`value` as a bool (Python's or NumPy's).

    Args:
        name: the argument's name.
        value: what the user passed.
        allow_none: whether None is accepted (and returned).

    Returns:
        A Python bool, or None.

    Raises:
        TypeError: `value` is not a bool (an int 0 / 1 included).

    Example:
        >>> boolean("center", True)
        True
    """
    if value is None and allow_none:
        return None
    if not isinstance(value, (bool, np.bool_)):
        _fail(TypeError, name, "None, True or False" if allow_none else "True or False", value)
    return bool(value)


def _bounds(low, high, low_open, high_open):
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    return " and ".join(parts)


def _in_bounds(v, low, high, low_open, high_open):
    return ((low is None or (v > low if low_open else v >= low))
            and (high is None or (v < high if high_open else v <= high)))


def integer(name, value, minimum=None, maximum=None, allow_none=False, what=""):
    """`value` as an int in [`minimum`, `maximum`].

    Args:
        name: the argument's name.
        value: what the user passed.
        minimum: the smallest value allowed, or None.
        maximum: the largest value allowed, or None.
        allow_none: whether None is accepted (and returned).
        what: what the bounds mean, added to the message ("an axis of ...").

    Returns:
        A Python int, or None.

    Raises:
        TypeError: `value` is not an integer (bools and floats included).
        ValueError: `value` is out of range.

    Example:
        >>> integer("frame_step", 128, minimum=1)
        128
    """
    return _number(name, value, "an integer", _is_int, int, (minimum, maximum, False, False),
                   allow_none, what)


def _number(name, value, kind, is_kind, convert, bounds, allow_none, what):
    """`convert(value)`, of `kind` (`is_kind`), finite and within `bounds`
    = (low, high, low_open, high_open)."""
    if value is None and allow_none:
        return None

    def expected():  # formatted only for a bad value: the good path stays comparisons
        described = _bounds(*bounds)
        return kind + (f" {described}" if described else "") + (f" ({what})" if what else "")

    if not is_kind(value):
        _fail(TypeError, name, expected() + (" or None" if allow_none else ""), value)
    converted = convert(value)
    finite = isinstance(converted, int) or math.isfinite(converted)  # (torch.compile: a SymInt)
    if not finite or not _in_bounds(converted, *bounds):
        _fail(ValueError, name, expected(), value)
    return converted


def real(name, value, low=None, high=None, low_open=False, high_open=False,
         allow_none=False, what=""):
    """`value` as a finite float within the given bounds.

    Args:
        name: the argument's name.
        value: what the user passed.
        low: the lower bound, or None.
        high: the upper bound, or None.
        low_open: whether `low` itself is excluded.
        high_open: whether `high` itself is excluded.
        allow_none: whether None is accepted (and returned).
        what: what the bounds mean, added to the message.

    Returns:
        A Python float, or None.

    Raises:
        TypeError: `value` is not a real number (bools, strings, arrays).
        ValueError: `value` is NaN, infinite or out of bounds.

    Example:
        >>> real("top_db", 80, low=0.0)
        80.0
    """
    return _number(name, value, "a finite number", _is_real, float,
                   (low, high, low_open, high_open), allow_none, what)


def integers(name, value, count, minimum=1):
    """An int, or a sequence of `count` ints, as a tuple of `count` ints.

    Args:
        name: the argument's name.
        value: what the user passed.
        count: how many entries (an int is repeated `count` times).
        minimum: the smallest entry allowed.

    Returns:
        A tuple of `count` Python ints.

    Raises:
        TypeError: `value` is neither an int nor a sequence of ints.
        ValueError: the sequence has the wrong length or an entry is too small.

    Example:
        >>> integers("modes", 4, 2)
        (4, 4)
    """
    what = f"an integer >= {minimum}" + ("" if count == 1 else f" or {count} such integers")
    if _is_int(value):
        value_tuple = (value,) * count
    elif isinstance(value, (tuple, list)) and all(_is_int(v) for v in value):
        value_tuple = tuple(value)
    else:
        _fail(TypeError, name, what, value)
    if len(value_tuple) != count or not all(v >= minimum for v in value_tuple):
        _fail(ValueError, name, what, value)
    return tuple(int(v) for v in value_tuple)


def data_format(value):
    """A layer's `data_format`: None is `keras.config.image_data_format()`.

    Args:
        value: None, "channels_last" or "channels_first".

    Returns:
        "channels_last" or "channels_first".

    Example:
        >>> data_format("channels_first")
        'channels_first'
    """
    if value is None:
        import keras  # imported here: the checks themselves are framework-free

        return keras.config.image_data_format()
    return one_of("data_format", value, ("channels_last", "channels_first"))


def frame_lengths(frame_length, frame_step, fft_length, default=None):
    """The STFT lengths checked. Either length defaults to the other, as in
    librosa, torchaudio and Keras (the window fills the FFT frame).

    Args:
        frame_length: the window length, an int >= 1, or None.
        frame_step: the hop, an int >= 1.
        fft_length: the FFT size, an int >= `frame_length`, or None.
        default: both lengths when neither is given (None: an error).

    Returns:
        `(frame_length, frame_step, fft_length)` as ints.

    Example:
        >>> frame_lengths(None, 128, 1024)
        (1024, 128, 1024)
    """
    if frame_length is None:
        frame_length = fft_length if fft_length is not None else default
        if frame_length is None:
            raise ValueError("`frame_length` or `fft_length` must be given; got neither.")
    frame_length = integer("frame_length", frame_length, minimum=1)
    frame_step = integer("frame_step", frame_step, minimum=1)
    if fft_length is None:
        return frame_length, frame_step, frame_length
    return frame_length, frame_step, integer("fft_length", fft_length, minimum=frame_length)


def frequency_band(sample_rate, min_freq, max_freq):
    """A sampling rate and a band within its Nyquist frequency.

    Args:
        sample_rate: the rate in Hz, > 0.
        min_freq: the band's low edge in Hz, in [0, sample_rate / 2).
        max_freq: the high edge in Hz, in (min_freq, sample_rate / 2], or
            None for sample_rate / 2.

    Returns:
        `(sample_rate, min_freq, max_freq)` as floats.

    Example:
        >>> frequency_band(16000, 0, None)
        (16000.0, 0.0, 8000.0)
    """
    sample_rate = real("sample_rate", sample_rate, low=0.0, low_open=True)
    nyquist = sample_rate / 2.0
    min_freq = real("min_freq", min_freq, low=0.0, high=nyquist, high_open=True,
                    what="below `sample_rate` / 2")
    max_freq = nyquist if max_freq is None else real(
        "max_freq", max_freq, low=min_freq, high=nyquist, low_open=True)
    return sample_rate, min_freq, max_freq


def transform_method(value):
    """A layer's `transform_method`: None (the global setting) or a method.

    Args:
        value: None, "auto", "fft" or "matmul" (see `keras_spectral.config`).

    Returns:
        `value`.

    Example:
        >>> transform_method("matmul")
        'matmul'
    """
    return one_of("transform_method", value, (None,) + TRANSFORM_METHODS)
