"""Phase-shift-keyed tone bursts: a classification task whose label is a phase.

Each sample is a real signal of `length` samples,

    x[t] = A cos(2 pi k t / length + 2 pi c / num_classes) + noise_std * e[t],

a tone on an integer rfft bin `k` (drawn uniformly from `bins`), of random
amplitude `A` (uniform in `amplitude_range`) and of carrier phase
`2 pi c / num_classes`, in white Gaussian noise `e`. The label is the symbol
`c` (M-PSK with M = `num_classes`; 8-PSK by default), read against the
absolute time origin t = 0, as a coherent receiver does after carrier
recovery.

The magnitude spectrum carries no information on the label. The tone sits on
a bin of the transform, so its rfft is `A length / 2 * exp(2i pi c / M)` on
bin `k` and 0 elsewhere (the negative-frequency image lands on bin `-k`,
outside the half spectrum); the noise's rfft is circularly symmetric on each
bin 0 < j < length / 2 and independent of `c`. `|rfft(x)|` therefore has the
same distribution for every class: no model of the magnitude (or power)
spectrum can beat chance, however it is trained. The phase of bin `k` holds
the label: `coherent_detector` reads it off and is the reference a learned
model is measured against.

Everything is numpy and deterministic for a seed; nothing is cached (10,000
samples of 64 points take a few milliseconds).
"""

import math

import numpy as np

from keras_spectral import _checks as checks

__all__ = ["load_data", "generate", "coherent_detector"]


def _check_pair(name, value, low, cast):
    """`value` as a pair `(a, b)` with `low <= a <= b`."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"`{name}` must be a pair (low, high); got {value!r}.")
    a, b = (cast(f"{name}[{i}]", v) for i, v in enumerate(value))
    if not low <= a <= b:
        raise ValueError(f"`{name}` must satisfy {low} <= low <= high; got {value!r}.")
    return a, b


def _check_arguments(length, num_classes, bins, amplitude_range, noise_std):
    length = checks.integer("length", length, minimum=8)
    num_classes = checks.integer("num_classes", num_classes, minimum=2)
    if bins is None:
        bins = (2, length // 2 - 2)
    bins = _check_pair("bins", bins, 1, lambda n, v: checks.integer(n, v))
    if bins[1] >= length / 2:
        raise ValueError(f"`bins` must lie strictly between 0 and length / 2 = {length / 2} "
                         f"(the DC and Nyquist bins are real); got {bins!r}.")
    amplitude_range = _check_pair("amplitude_range", amplitude_range, 0.0,
                                  lambda n, v: checks.real(n, v))
    if amplitude_range[0] <= 0:
        raise ValueError(f"`amplitude_range` must be positive; got {amplitude_range!r}.")
    noise_std = checks.real("noise_std", noise_std, low=0.0)
    return length, num_classes, bins, amplitude_range, noise_std


def generate(num, seed=0, length=64, num_classes=8, bins=None, amplitude_range=(0.5, 2.0),
             noise_std=0.5):
    """Draws `num` labelled tone bursts (see the module's docstring).

    Labels are balanced (each class `num // num_classes` or one more times) in
    a random order.

    Args:
        num: the number of samples, an int >= 0.
        seed: an int >= 0; the same seed gives the same samples.
        length: samples per signal, an int >= 8.
        num_classes: the number of phases M (classes), an int >= 2.
        bins: `(low, high)`, the inclusive range of rfft bins the tone sits
            on, with 0 < low <= high < length / 2; default
            `(2, length // 2 - 2)`.
        amplitude_range: `(low, high)`, 0 < low <= high: the uniform range of
            the tone's amplitude `A`.
        noise_std: the standard deviation of the white Gaussian noise, >= 0.

    Returns:
        `(x, y, info)`: `x` float32 of shape `(num, length)`, `y` int32 of
        shape `(num,)` in `[0, num_classes)`, and `info` a dict of the
        float64 `amplitude` and the int `bin` of each sample.

    Example:

    >>> x, y, info = generate(4, seed=1)  # x.shape == (4, 64)
    """
    num = checks.integer("num", num, minimum=0)
    seed = checks.integer("seed", seed, minimum=0)
    length, num_classes, bins, amplitude_range, noise_std = _check_arguments(
        length, num_classes, bins, amplitude_range, noise_std)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    y = rng.permutation(np.arange(num) % num_classes).astype(np.int32)
    amplitude = rng.uniform(*amplitude_range, size=num)
    k = rng.integers(bins[0], bins[1] + 1, size=num)
    t = np.arange(length)
    phase = 2 * math.pi * (np.outer(k, t) / length + y[:, None] / num_classes)
    x = amplitude[:, None] * np.cos(phase) + noise_std * rng.standard_normal((num, length))
    return x.astype(np.float32), y, {"amplitude": amplitude, "bin": k}


def load_data(num_train=4000, num_test=1000, seed=0, length=64, num_classes=8, bins=None,
              amplitude_range=(0.5, 2.0), noise_std=0.5):
    """The phase-keyed classification task, as `keras.datasets` loads data.

    Training and test samples are drawn from independent streams (seeds
    `2 * seed` and `2 * seed + 1`), so neither depends on the other's size.

    Args:
        num_train: training samples, an int >= 0.
        num_test: test samples, an int >= 0.
        seed: an int >= 0; the same seed gives the same data.
        length: samples per signal, an int >= 8.
        num_classes: the number of phases M (classes), an int >= 2.
        bins: `(low, high)`: the inclusive range of rfft bins of the tone;
            default `(2, length // 2 - 2)`.
        amplitude_range: `(low, high)`: the uniform range of the amplitude.
        noise_std: the standard deviation of the white Gaussian noise.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float32 signals of shape
        `(num, length)` and int32 labels (the phase index `c`).

    Example:

    >>> (x_train, y_train), (x_test, y_test) = load_data(num_train=800, num_test=200)
    >>> x_train.shape, int(y_train.max())  # ((800, 64), 7)
    """
    seed = checks.integer("seed", seed, minimum=0)
    options = dict(length=length, num_classes=num_classes, bins=bins,
                   amplitude_range=amplitude_range, noise_std=noise_std)
    x_train, y_train, _ = generate(num_train, seed=2 * seed, **options)
    x_test, y_test, _ = generate(num_test, seed=2 * seed + 1, **options)
    return (x_train, y_train), (x_test, y_test)


def coherent_detector(x, num_classes=8, bins=None):
    """The reference receiver: the phase of the strongest rfft bin of `bins`,
    rounded to the nearest of the `num_classes` symbol phases. It knows how
    the data were made (a tone on a bin, the phase against t = 0), which a
    learned model has to find out.

    Args:
        x: signals of shape `(num, length)`, real.
        num_classes: the number of phases M.
        bins: `(low, high)`: the inclusive range of rfft bins searched;
            default `(2, length // 2 - 2)`, as `generate`.

    Returns:
        int32 predicted labels of shape `(num,)`.

    Example:

    >>> x, y, _ = generate(100, seed=0, noise_std=0.0)
    >>> bool((coherent_detector(x) == y).all())  # True
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"`x` must have shape (num, length); got shape {x.shape}.")
    length, num_classes, bins, _, _ = _check_arguments(
        x.shape[1], num_classes, bins, (1.0, 1.0), 0.0)
    spectrum = np.fft.rfft(x, axis=-1)[:, bins[0]:bins[1] + 1]
    strongest = spectrum[np.arange(len(x)), np.argmax(np.abs(spectrum), axis=-1)]
    symbol = np.round(np.angle(strongest) * num_classes / (2 * math.pi))
    return (symbol % num_classes).astype(np.int32)
