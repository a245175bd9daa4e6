"""Delta: delta (derivative) features of a time-frequency map along time.

`librosa.feature.delta(x, width, order, axis=time, mode="interp")`, which is
`scipy.signal.savgol_filter(x, width, polyorder=order, deriv=order,
mode="interp", axis=time)`: at each frame, a polynomial of degree `order` is
fitted by least squares to the `width` frames centred on it and its
`order`-th derivative is taken there. Each output frame is a fixed linear
combination of input frames:

- interior frames (`width // 2` or more frames from either end): one kernel
  of `width` taps, applied as a sum of `width` shifted slices of the input;
- the first and last `width // 2` frames ("interp" mode): the polynomial is
  fitted to the first (last) `width` frames and its derivative evaluated at
  each of them, a fixed `(width // 2, width)` matrix applied to the first
  (last) `width` frames.

Every coefficient is computed once, in float64 NumPy, when the layer is made.
"""

import math

import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.ops import primitives

FEATURE_LAYOUT = "(batch, frames, bins) or (batch, frames, bins, channels)"


def check_feature_shape(shape, layer_name):
    """The shape of a time-frequency input: rank 3 or 4, time on axis 1 and
    frequency on axis 2 (shared by `Delta` and `PCEN`).

    Args:
        shape: the input shape, batch included.
        layer_name: the layer's class name, for the message.

    Returns:
        The shape as a tuple.

    Raises:
        ValueError: naming `inputs`, for a rank other than 3 or 4.

    Example:

    >>> check_feature_shape((8, 100, 40), "Delta")  # (8, 100, 40)
    """
    shape = tuple(shape)
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{layer_name}: `inputs` must be of rank 3 or 4, {FEATURE_LAYOUT} "
            f"(time on axis 1, frequency on axis 2); got shape {shape}."
        )
    return shape


def _check_width(width):
    width = checks.integer("width", width, minimum=3)
    if width % 2 != 1:
        raise ValueError(f"`width` must be an odd integer >= 3; got {width!r}.")
    return width


def _check_order(order, width):
    return checks.integer("order", order, minimum=1, maximum=width - 1)


def savgol_matrices(width, order):
    """The Savitzky-Golay coefficients of the `order`-th derivative with a
    polynomial of degree `order` over `width` frames, in float64.

    Args:
        width: the window length (odd, >= 3).
        order: the derivative order and the polynomial degree (1 <= order < width).

    Returns:
        `(kernel, left, right)`: `kernel` of shape `(width,)`, the interior
        output `y[t] = sum_j kernel[j] * x[t - width // 2 + j]`; `left` and
        `right` of shape `(width // 2, width)`, the first (last) `width // 2`
        outputs as `left @ x[:width]` (`right @ x[-width:]`).

    Example:

    >>> kernel, left, right = savgol_matrices(9, 1)  # kernel[j] = (j - 4) / 60
    """
    half = width // 2
    z = np.arange(width, dtype="float64") - half  # positions about the window's centre
    powers = np.arange(order + 1)
    fit = np.linalg.pinv(z[:, None] ** powers[None, :])  # polynomial coefficients from samples

    def derivative_rows(points):
        # d^order/dz^order of z**i is i! / (i - order)! * z**(i - order) for i >= order
        rows = np.zeros((len(points), order + 1))
        for i in range(order, order + 1):
            rows[:, i] = math.factorial(i) / math.factorial(i - order) * points ** (i - order)
        return rows @ fit

    kernel = derivative_rows(np.zeros(1))[0]
    left = derivative_rows(z[:half])
    right = derivative_rows(z[width - half:])
    return kernel, left, right


@keras.saving.register_keras_serializable(package="keras_spectral")
class Delta(keras.layers.Layer):
    """Delta features: the local `order`-th derivative along time.

    Exactly `librosa.feature.delta(x, width=width, order=order, axis=1,
    mode="interp")`: a Savitzky-Golay filter of `width` frames with a
    polynomial of degree `order`, differentiated `order` times (per frame,
    with unit frame spacing). The first and last `width // 2` frames use the
    polynomial fitted to the first (last) `width` frames ("interp" mode), so
    every output frame is defined and the time length is kept. The layer has
    no weights; apply it twice with `order=1`, or once with `order=2`, for
    delta-delta features (the two differ at the edges and in the window).

    Axes: time is axis 1 (frames) and frequency axis 2 (bins); a trailing
    axis 3 (channels) is optional. Each bin and channel is filtered alone.

    Args:
        width: the number of frames of the window: an odd int >= 3 (librosa's
            default 9).
        order: the derivative order (and polynomial degree): an int >= 1 and
            < `width`.
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, frames, bins)` or `(batch, frames, bins, channels)`, with at
        least `width` frames (a known smaller number is a `ValueError`, as in
        librosa); `frames` may be None.

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = Delta(width=9, order=1)
    >>> y = layer(numpy.random.rand(8, 100, 40).astype("float32"))  # (8, 100, 40)
    >>> tuple(y.shape)
    (8, 100, 40)
    """

    def __init__(self, width=9, order=1, **kwargs):
        super().__init__(**kwargs)
        self.width = _check_width(width)
        self.order = _check_order(order, self.width)
        self._kernel, self._left, self._right = savgol_matrices(self.width, self.order)

    def _check_shape(self, shape):
        shape = check_feature_shape(shape, type(self).__name__)
        frames = shape[1]
        if frames is not None and frames < self.width:
            raise ValueError(
                f"{type(self).__name__}: `inputs` has {frames} frames (axis 1), fewer "
                f"than `width`={self.width}; got shape {shape}."
            )
        return shape

    def build(self, input_shape):
        self._check_shape(input_shape)
        self.built = True

    def call(self, inputs):
        shape = self._check_shape(inputs.shape)
        x = primitives.as_real_tensor(inputs)  # half precision computes in float32
        dtype = keras.backend.standardize_dtype(x.dtype)
        w = self.width
        interior = None
        for j, c in enumerate(self._kernel):
            term = numerics.multiply(x[:, j:j - (w - 1) or None], float(c))
            interior = term if interior is None else numerics.add(interior, term)
        spec = "ij,bjf->bif" if len(shape) == 3 else "ij,bjfc->bifc"
        left = numerics.einsum(spec, ops.convert_to_tensor(self._left, dtype), x[:, :w])
        right = numerics.einsum(spec, ops.convert_to_tensor(self._right, dtype), x[:, -w:])
        out = numerics.concatenate([left, interior, right], axis=1)
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return self._check_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"width": self.width, "order": self.order})
        return config
