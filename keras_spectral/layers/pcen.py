"""PCEN: per-channel energy normalisation, with learnable parameters.

Wang et al., "Trainable Frontend For Robust and Far-Field Keyword Spotting"
(ICASSP 2017), in the learnable form of LEAF (Zeghidour et al., "LEAF: A
Learnable Frontend for Audio Classification", ICLR 2021,
`leaf_audio/postprocessing.py`). On energies `E[t, f]` (time `t`, frequency
bin `f`):

    M[t] = (1 - s) * M[t - 1] + s * E[t],   M[0] = E[0]
    PCEN = (E / (floor + M) ** alpha + delta) ** (1 / root) - delta ** (1 / root)

`M` is a first-order low-pass (exponential moving average) of `E` along time,
started at the first frame, as LEAF's `ExponentialMovingAverage` with the
first frame as its initial state.

How the smoother is computed: the recurrence is linear with a coefficient
`a = 1 - s` that does not depend on time, so `M[t] = sum_k a**(t - k) b[k]`
with `b[0] = E[0]` and `b[k] = s E[k]`: a parallel prefix scan whose combine
needs no per-element state, only `a**(2**level)`. It runs as the
work-efficient odd/even recursion (`ceil(log2(frames))` levels on halving
lengths, the algorithm of `jax.lax.associative_scan`), written with
`keras.ops` so that float64 is kept and every backend runs the same steps
(`keras.ops.associative_scan` rounds float64 to float32 on torch and is ten
times slower there). With a frame count unknown when traced (a TensorFlow
graph), a doubling scan runs in a `keras.ops.while_loop` instead. No loop
over frames either way.
"""


import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.ops import primitives
from keras_spectral.layers.delta import check_feature_shape

_PARAMETERS = ("alpha", "delta", "root", "smooth_coef")






def _constant(value):
    """An initializer filling with `value`, rounded once to the variable's
    dtype (keras's `Constant` goes through float32 on some backends, which
    moves a float64 weight such as 0.98 by about 1e-8)."""

    def initializer(shape, dtype=None):
        return ops.convert_to_tensor(np.full(shape, value, dtype="float64"), dtype=dtype)

    return initializer


def _power(x, y):
    """`x ** y` for tensors of one float dtype, `x >= 0`. The operator is the
    backend's own power: `keras.ops.power` rounds float64 to float32 on the
    numpy backend."""
    return x ** y


def _prefix_sums(b, a):
    """`y[t] = sum_{k <= t} a**(t - k) b[k]` along axis 1 (static length), by
    the work-efficient odd/even recursion (Blelloch; `jax.lax.associative_scan`
    runs the same) specialised to a coefficient constant in time: the pairs
    `(b[2i], b[2i + 1])` are merged with `a`, the merged sequence is scanned
    recursively with `a**2` (giving the odd positions), and each even
    position is one multiply-add from the odd one before it."""
    n = b.shape[1]
    if n < 2:
        return b
    merged = numerics.add(b[:, 1::2], numerics.multiply(a, b[:, 0:n - 1:2]))
    odd = _prefix_sums(merged, numerics.multiply(a, a))  # y[1], y[3], ...
    k = odd.shape[1]  # n // 2
    even = b[:, :1]  # y[0] = b[0], y[2i] = b[2i] + a y[2i - 1]
    if n > 2:  # (no empty slices: XLA's gradient of one is wrong on TensorFlow)
        even = numerics.concatenate(
            [even, numerics.add(b[:, 2::2], numerics.multiply(a, odd[:, :(n - 1) // 2]))], axis=1)
    sizes = [ops.shape(b)[i] if d is None else d for i, d in enumerate(b.shape)]
    out = ops.reshape(numerics.stack([even[:, :k], odd], axis=2), [-1, 2 * k] + sizes[2:])
    return numerics.concatenate([out, even[:, k:]], axis=1) if n % 2 else out


def _prefix_sums_unknown_length(b, a):
    """`_prefix_sums` for a length unknown when traced (a TensorFlow graph):
    the doubling scan (Hillis-Steele), `y += a**d * shift(y, d)` for d = 1,
    2, 4, ... in a `keras.ops.while_loop`, the shift a slice of `n` frames of
    `y` behind `n` zeros (a slice of static size at a moving start, which XLA
    compiles and LiteRT's converter lowers; it has no roll)."""
    n = ops.shape(b)[1]

    def body(y, power, step):
        padded = numerics.concatenate([ops.zeros_like(y), y], axis=1)
        start = [0, n - step] + [0] * (len(y.shape) - 2)
        shifted = ops.slice(padded, start, ops.shape(y))
        return numerics.add(y, numerics.multiply(power, shifted)), numerics.multiply(power, power), step * 2

    # At most 2^48 frames: a bound XLA needs to compile the loop's gradient.
    y, _, _ = ops.while_loop(lambda y, power, step: ops.less(step, n), body,
                             (b, a, ops.convert_to_tensor(1, "int32")), maximum_iterations=48)
    return y


def exponential_smoother(energies, smooth_coef):
    """`M[t] = (1 - s) M[t - 1] + s E[t]` along axis 1, with `M[0] = E[0]`.

    Args:
        energies: a real tensor `(batch, frames, ...)`.
        smooth_coef: `s` in [0, 1], a tensor that broadcasts against one frame
            `energies[:, 0]` (a scalar, or per bin and channel).

    Returns:
        `M`, a tensor of the shape and dtype of `energies`.

    Example:

    >>> m = exponential_smoother(numpy.ones((2, 50, 40)), 0.04)  # all ones
    """
    e = energies
    s = ops.cast(smooth_coef, e.dtype)
    # M[t] = sum_k a**(t - k) b[k], a = 1 - s: b[0] = E[0] (the start), b[k] = s E[k].
    b = numerics.concatenate([e[:, :1], numerics.multiply(e[:, 1:], s)], axis=1)
    a = numerics.subtract(1.0, s)
    if e.shape[1] is None:
        return _prefix_sums_unknown_length(b, a)
    return _prefix_sums(b, a)


@keras.saving.register_keras_serializable(package="keras_spectral")
class PCEN(keras.layers.Layer):
    """Per-channel energy normalisation (PCEN) with learnable parameters.

    For non-negative energies `E` (a mel spectrogram's power, say), time on
    axis 1 and frequency on axis 2:

        M[t] = (1 - s) * M[t - 1] + s * E[t],   M[0] = E[0]
        out  = (E / (floor + M) ** alpha + delta) ** (1 / root) - delta ** (1 / root)

    `M` is a low-pass of `E` along time (an automatic gain control, `alpha`
    its strength); `delta` and `root` compress the dynamic range. As in LEAF
    (Zeghidour et al., 2021), `alpha`, `delta`, `root` and `s` (`smooth_coef`)
    are weights, one per frequency bin (PCEN's "channel") with
    `per_channel=True`, else one scalar each; a trailing channels axis shares
    its bin's values. Before use in each call they are kept in range: `alpha`
    clipped to [0, 1], `root` to >= 1, `delta` to >= 0 and `smooth_coef` to
    [0, 1] (LEAF clamps `alpha` <= 1, `root` >= 1 and `s` to [0, 1]); a
    weight trained outside its range has a zero gradient there.

    With `alpha=gain`, `delta=bias`, `root=1/power`, `smooth_coef=b` and
    `floor=eps` it equals `librosa.pcen(E.T, gain=gain, bias=bias,
    power=power, b=b, eps=eps, zi=(1 - b) * E.T[:, :1])` for one `(frames,
    bins)` example. librosa's default `zi` starts the smoother from `M[-1] =
    1` rather than from `M[0] = E[0]`: the outputs differ in the first frames.

    The input must be non-negative energies; negative values are not
    checked and give NaN or meaningless values. Computed in float32 at least
    (float16 and bfloat16 inputs are upcast, the result cast back).

    Args:
        alpha: the initial gain-control exponent, in [0, 1] (librosa's `gain`).
        delta: the initial bias before compression, >= 0 (librosa's `bias`).
        root: the initial compression root, >= 1 (librosa's `1 / power`).
        smooth_coef: the initial smoothing coefficient `s`, in (0, 1]
            (librosa's `b`); 1 means no smoothing (`M = E`).
        floor: a small positive constant added to `M` (librosa's `eps`);
            not learned.
        trainable: Keras's own flag: False freezes every weight of the layer
            (`smooth_coef` included).
        learn_smooth_coef: whether `smooth_coef` is trained (with `trainable`);
            `alpha`, `delta` and `root` are trained whenever the layer is.
        per_channel: one value of each parameter per frequency bin (True) or
            one scalar each (False).
        **kwargs: standard `keras.layers.Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, frames, bins)` or `(batch, frames, bins, channels)`, with
        `bins` known; `frames` may be None.

    Output shape:
        The input's.

    Returns:
        The layer; calling it returns a real tensor in its compute dtype.

    Example:

    >>> layer = PCEN(alpha=0.98, delta=2.0, root=2.0, smooth_coef=0.025)
    >>> mel_power = numpy.random.rand(8, 100, 40).astype("float32")
    >>> y = layer(mel_power)  # (8, 100, 40)
    >>> tuple(y.shape)
    (8, 100, 40)
    """

    def __init__(self, alpha=0.98, delta=2.0, root=2.0, smooth_coef=0.025, floor=1e-6,
                 trainable=True, learn_smooth_coef=True, per_channel=True, **kwargs):
        super().__init__(trainable=trainable, **kwargs)
        self._initial = {
            "alpha": checks.real("alpha", alpha, 0.0, 1.0),
            "delta": checks.real("delta", delta, 0.0, None),
            "root": checks.real("root", root, 1.0, None),
            "smooth_coef": checks.real("smooth_coef", smooth_coef, 0.0, 1.0, low_open=True),
        }
        self.floor = checks.real("floor", floor, 0.0, None, low_open=True)
        self.learn_smooth_coef = checks.boolean("learn_smooth_coef", learn_smooth_coef)
        self.per_channel = checks.boolean("per_channel", per_channel)
        self.bins = None
        self.alpha = self.delta = self.root = self.smooth_coef = None

    def _check_shape(self, shape):
        shape = check_feature_shape(shape, type(self).__name__)
        if shape[2] is None:
            raise ValueError(
                f"{type(self).__name__}: `inputs` needs a known number of bins (axis "
                f"2): one set of weights per bin; got shape {shape}."
            )
        if self.bins is not None and shape[2] != self.bins:
            raise ValueError(
                f"{type(self).__name__}: built for {self.bins} bins; `inputs` has "
                f"{shape[2]} (shape {shape})."
            )
        return shape

    def build(self, input_shape):
        shape = self._check_shape(input_shape)
        self.bins = shape[2]
        for name in _PARAMETERS:
            variable = self.add_weight(
                name=name, shape=(self.bins,) if self.per_channel else (),
                initializer=_constant(self._initial[name]),
                trainable=self.learn_smooth_coef if name == "smooth_coef" else True,
                autocast=False)  # float32 under mixed precision, as the computation
            setattr(self, name, variable)
        self.built = True

    def _ranged(self, rank, dtype):
        """alpha, delta, root, s in range, shaped to broadcast over one frame."""
        values = {name: ops.cast(getattr(self, name), dtype) for name in _PARAMETERS}
        values["alpha"] = numerics.clip(values["alpha"], 0.0, 1.0)
        values["delta"] = numerics.clip(values["delta"], 0.0)
        values["root"] = numerics.clip(values["root"], 1.0)
        values["smooth_coef"] = numerics.clip(values["smooth_coef"], 0.0, 1.0)
        if self.per_channel and rank == 4:  # (bins,) -> (bins, 1): shared by the channels
            values = {k: ops.reshape(v, (-1, 1)) for k, v in values.items()}
        return values

    def call(self, inputs):
        shape = self._check_shape(inputs.shape)
        x = primitives.as_real_tensor(inputs)  # half precision computes in float32
        dtype = keras.backend.standardize_dtype(x.dtype)
        p = self._ranged(len(shape), dtype)
        smooth = exponential_smoother(x, p["smooth_coef"])
        gain = _power(numerics.add(smooth, self.floor), numerics.negative(p["alpha"]))
        inverse_root = numerics.divide(1.0, p["root"])
        out = numerics.subtract(_power(numerics.add(numerics.multiply(x, gain), p["delta"]), inverse_root),
                          _power(p["delta"], inverse_root))
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return self._check_shape(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(self._initial)
        config.update({
            "floor": self.floor,
            "learn_smooth_coef": self.learn_smooth_coef,
            "per_channel": self.per_channel,
        })
        return config


__all__ = ["PCEN", "exponential_smoother"]
