"""Window functions, with `scipy.signal.get_window`'s names and values."""

import numbers

import numpy as np
from keras_spectral import _checks as checks

__all__ = ["get_window"]

_COSINE_TERMS = {  # generalised cosine windows: sum_k (-1)^k a_k cos(2 pi k n / (M - 1))
    "hann": (0.5, 0.5),
    "hamming": (0.54, 0.46),
    "blackman": (0.42, 0.5, 0.08),
}
_PARAMETRIC = {"kaiser": "beta", "gaussian": "std"}
NAMES = tuple(_COSINE_TERMS) + ("bartlett",) + tuple(_PARAMETRIC)


def _symmetric(name, m, param):
    """The symmetric window of length `m` (float64)."""
    if m == 1:
        return np.ones(1)
    n = np.arange(m, dtype="float64")
    if name in _COSINE_TERMS:
        phase = 2.0 * np.pi * n / (m - 1)
        return sum((-1) ** k * a * np.cos(k * phase) for k, a in enumerate(_COSINE_TERMS[name]))
    if name == "bartlett":
        return 1.0 - np.abs(2.0 * n / (m - 1) - 1.0)
    if name == "kaiser":
        return np.kaiser(m, param)
    return np.exp(-0.5 * ((n - (m - 1) / 2.0) / param) ** 2)  # gaussian


def _parse(window):
    """(name, parameter) of a window spec: a name or a (name, parameter) tuple."""
    if isinstance(window, tuple) and len(window) == 2 and isinstance(window[0], str):
        name, param = window
    else:
        name, param = window, None
    name = name.lower()
    if name not in NAMES:
        raise ValueError(f"`window` must be one of {NAMES} or an array; got {window!r}.")
    if name in _PARAMETRIC:
        what = _PARAMETRIC[name]
        if isinstance(param, bool) or not isinstance(param, numbers.Real) or (
                name == "gaussian" and param <= 0) or (name == "kaiser" and param < 0):
            raise ValueError(
                f"`window` {name!r} needs its {what} as a number "
                f"({'> 0' if name == 'gaussian' else '>= 0'}): pass ({name!r}, {what}); "
                f"got {window!r}."
            )
        param = float(param)
    elif param is not None:
        raise ValueError(f"`window` {name!r} takes no parameter; got {window!r}.")
    return name, param


def get_window(window, length, periodic=True):
    """A window function as a float64 NumPy array, as `scipy.signal.get_window`.

    Args:
        window: a name ("hann", "hamming", "blackman", "bartlett"), a tuple
            ("kaiser", beta) or ("gaussian", std), or an array of `length`
            values (returned as float64).
        length: the number of samples, a positive int.
        periodic: True for the periodic ("DFT-even") window that spectral
            analysis uses (scipy's `fftbins=True`, librosa's and torch's
            default); False for the symmetric one (filter design).

    Returns:
        A float64 array of shape `(length,)`.

    Example:

    >>> get_window("hann", 4)  # [0, 0.5, 1, 0.5]
    [0. , 0.5, 1. , 0.5]
    >>> get_window(("kaiser", 8.0), 64, periodic=False)
    """
    length = checks.integer("length", length, minimum=1)
    periodic = checks.boolean("periodic", periodic)
    named = isinstance(window, str) or (isinstance(window, tuple) and len(window) == 2
                                        and isinstance(window[0], str))
    if not named:
        values = np.asarray(window, dtype="float64")
        if values.shape != (length,):
            raise ValueError(
                f"`window` as an array must have shape ({length},) (`length`); got "
                f"shape {values.shape}."
            )
        return values
    name, param = _parse(window)
    if length == 1:
        return np.ones(1)
    if periodic:
        return _symmetric(name, int(length) + 1, param)[:-1]
    return _symmetric(name, int(length), param)
