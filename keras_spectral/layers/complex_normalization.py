"""ComplexBatchNormalization and ComplexLayerNormalization: the 2 x 2
whitening of (real, imag) of Trabelsi et al., "Deep Complex Networks"
(ICLR 2018), section 3.5."""

import math

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.layers.complex_bridges import (
    ComplexLayer, cast_complex, complex_input, part_shape,
)
from keras_spectral.layers._base import variable_as

_SQRT_HALF = 1.0 / math.sqrt(2.0)


def mean_over(x, axes):
    """The mean of `x` over `axes` (kept): a sum over a count, since Keras's
    `ops.mean` computes float64 in float32 on jax, torch and numpy."""
    count = 1
    for a in axes:
        count = count * ops.shape(x)[a]
    return numerics.divide(ops.sum(x, axis=axes, keepdims=True), ops.cast(count, x.dtype))


def covariance(xr, xi, axes):
    """The means `(mr, mi)` and the 2 x 2 covariance `(vrr, vii, vri)` of
    `(xr, xi)` over `axes` (kept as size 1)."""
    mr, mi = mean_over(xr, axes), mean_over(xi, axes)
    cr, ci = numerics.subtract(xr, mr), numerics.subtract(xi, mi)
    vrr, vii = mean_over(numerics.square(cr), axes), mean_over(numerics.square(ci), axes)
    vri = mean_over(numerics.multiply(cr, ci), axes)
    return (mr, mi), (vrr, vii, vri)


def whiten(xr, xi, mean, cov, epsilon):
    """`(x - mean)` times the inverse square root of `cov + epsilon I`, in
    closed form for a symmetric positive 2 x 2 matrix V: with s = sqrt(det V)
    and t = sqrt(trace V + 2 s), V^(-1/2) = (V' + s I) / (s t), where V' is V
    with its diagonal swapped and its off-diagonal negated."""
    # indexed, not unpacked: `cov` may be one tensor, which a graph cannot iterate
    vrr, vii, vri = numerics.add(cov[0], epsilon), numerics.add(cov[1], epsilon), cov[2]
    s = numerics.sqrt(numerics.subtract(numerics.multiply(vrr, vii), numerics.square(vri)))
    t = numerics.sqrt(numerics.add(numerics.add(vrr, vii), numerics.add(s, s)))
    st = numerics.multiply(s, t)
    inverse = numerics.divide(ops.ones_like(st), st)
    wrr = numerics.multiply(numerics.add(vii, s), inverse)
    wii = numerics.multiply(numerics.add(vrr, s), inverse)
    wri = numerics.multiply(numerics.negative(vri), inverse)
    cr, ci = numerics.subtract(xr, mean[0]), numerics.subtract(xi, mean[1])
    return (numerics.add(numerics.multiply(wrr, cr), numerics.multiply(wri, ci)),
            numerics.add(numerics.multiply(wri, cr), numerics.multiply(wii, ci)))


def scale_shift(xr, xi, gamma, beta):
    """`gamma` (rr, ii, ri rows: a symmetric 2 x 2 matrix per feature) times
    `(xr, xi)`, plus `beta` (real, imag rows); either may be None."""
    if gamma is not None:
        grr, gii, gri = gamma[0], gamma[1], gamma[2]
        xr, xi = (numerics.add(numerics.multiply(grr, xr), numerics.multiply(gri, xi)),
                  numerics.add(numerics.multiply(gri, xr), numerics.multiply(gii, xi)))
    if beta is not None:
        xr, xi = numerics.add(xr, beta[0]), numerics.add(xi, beta[1])
    return xr, xi


def half_identity(shape, dtype=None):
    """Rows rr, ii, ri of 1/sqrt(2) times the identity: Trabelsi et al.'s
    initial gamma (a whitened input then has the variance 1/2 + 1/2 = 1 of
    a unit complex value) and moving covariance."""
    ones = ops.ones(shape[1:], dtype)
    return ops.stack([ones * _SQRT_HALF, ones * _SQRT_HALF, ops.zeros(shape[1:], dtype)])


class BaseComplexNormalization(ComplexLayer):
    """What both normalizations share: arguments, the affine weights over
    `param_axes` and the output's cast.

    Args:
        epsilon: added to the covariance's diagonal, > 0.
        center: whether to add the learned complex `beta`.
        scale: whether to apply the learned symmetric 2 x 2 `gamma`.
        **kwargs: standard `keras.layers.Layer` arguments.

    Example:

    >>> layer = ComplexBatchNormalization()  # a subclass
    """

    def __init__(self, epsilon, center, scale, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = checks.real("epsilon", epsilon, low=0.0, low_open=True)
        self.center = checks.boolean("center", center)
        self.scale = checks.boolean("scale", scale)

    def _axes(self, rank, axis):
        """`axis` (an int or ints) as sorted non-negative axes of `rank`."""
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        if not all(-rank <= a < rank for a in axes) or any(a % rank == 0 for a in axes):
            raise ValueError(f"`axis` must name axes of `inputs` other than the batch axis; "
                             f"got {axis!r} for rank {rank}.")
        return tuple(sorted(a % rank for a in axes))

    def _add_affine(self, shape):
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(name="gamma", shape=(3,) + shape,
                                         initializer=half_identity)
        if self.center:
            self.beta = self.add_weight(name="beta", shape=(2,) + shape, initializer="zeros")

    def _broadcast(self, variable, rank, dtype):
        """`variable` (rows, *param shape) reshaped to broadcast over inputs."""
        if variable is None:
            return None
        shape = [1] * rank
        for a in self.param_axes:
            shape[a] = self.input_part_shape[a]
        value = variable_as(variable, dtype)
        return ops.reshape(value, (value.shape[0],) + tuple(shape))

    def _finish(self, xr, xi, rank, dtype):
        out = scale_shift(xr, xi, self._broadcast(self.gamma, rank, dtype),
                          self._broadcast(self.beta, rank, dtype))
        return cast_complex(out, self.compute_dtype)

    def _known(self, input_shape, axes):
        shape = part_shape(input_shape)
        if any(shape[a] is None for a in axes):
            raise ValueError(f"{type(self).__name__} needs `inputs` with known sizes on "
                             f"`axis`; got shape {shape}.")
        return shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon, "center": self.center,
                "scale": self.scale}


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexBatchNormalization(BaseComplexNormalization):
    """Complex batch normalization (Trabelsi et al., 2018): per feature,
    `(x - mean)` whitened by the inverse square root of the 2 x 2 covariance
    of (real, imag) over the batch and the other axes, then `gamma` (a
    learned symmetric 2 x 2 matrix, 1/sqrt(2) times the identity at first)
    times it plus a complex `beta`. Training uses the batch's statistics and
    updates moving ones; inference uses the moving ones.

    Args:
        axis: the feature axis, an int other than 0 (default -1).
        momentum: of the moving mean and covariance, in [0, 1] (default
            0.99): `moving = momentum * moving + (1 - momentum) * batch`.
        epsilon: added to the covariance's diagonal, > 0 (default 1e-3).
        center: whether to add `beta` (default True).
        scale: whether to apply `gamma` (default True).
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; called on a `Complex` it returns a `Complex` of the same
        shape. Weights: `gamma` (3, features) holding rr, ii, ri; `beta`
        (2, features); non-trainable `moving_mean` (2, features) and
        `moving_covariance` (3, features) holding rr, ii, ri (initially 0 and
        1/sqrt(2) I, as in the paper's code).

    Example:

    >>> bn = ComplexBatchNormalization()
    >>> z = bn((numpy.ones((8, 4)), numpy.zeros((8, 4))), training=True)
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 **kwargs):
        super().__init__(epsilon=epsilon, center=center, scale=scale, **kwargs)
        self.axis = checks.integer("axis", axis)
        if self.axis == 0:
            raise ValueError("`axis` must not be the batch axis 0; got 0.")
        self.momentum = checks.real("momentum", momentum, low=0.0, high=1.0)

    def build(self, input_shape):
        shape = part_shape(input_shape)
        self.param_axes = self._axes(len(shape), self.axis)
        self.input_part_shape = self._known(shape, self.param_axes)
        features = (shape[self.param_axes[0]],)
        self._add_affine(features)
        self.moving_mean = self.add_weight(name="moving_mean", shape=(2,) + features,
                                           initializer="zeros", trainable=False)
        self.moving_covariance = self.add_weight(
            name="moving_covariance", shape=(3,) + features, trainable=False,
            initializer=half_identity)

    def call(self, inputs, training=None):
        z = complex_input(inputs)
        rank = len(z.real.shape)
        if rank != len(self.input_part_shape):
            raise ValueError(f"`inputs` must have rank {len(self.input_part_shape)}, as the "
                             f"layer was built with; got shape {tuple(z.real.shape)}.")
        axes = tuple(a for a in range(rank) if a not in self.param_axes)
        if training and self.trainable:
            mean, cov = covariance(z.real, z.imag, axes)
            self._update(mean, cov)
        else:
            mean = self._broadcast(self.moving_mean, rank, z.dtype)
            cov = self._broadcast(self.moving_covariance, rank, z.dtype)
        xr, xi = whiten(z.real, z.imag, mean, cov, self.epsilon)
        return self._finish(xr, xi, rank, z.dtype)

    def _update(self, mean, cov):
        batch = ops.stack([ops.reshape(v, (-1,)) for v in mean + cov])
        for variable, rows in ((self.moving_mean, batch[:2]), (self.moving_covariance, batch[2:])):
            # through numerics: Keras's torch rounds a Python float operand to float32
            value = variable_as(variable, variable.dtype)
            rows = ops.cast(rows, variable.dtype)
            variable.assign(numerics.add(numerics.multiply(value, self.momentum),
                                         numerics.multiply(rows, 1.0 - self.momentum)))

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum}


@keras.saving.register_keras_serializable(package="keras_spectral")
class ComplexLayerNormalization(BaseComplexNormalization):
    """Complex layer normalization: per sample, `(x - mean)` whitened by the
    inverse square root of the 2 x 2 covariance of (real, imag) over the
    `axis` axes (the batch normalization's whitening, with the statistics
    taken over features instead of the batch), then a learned symmetric 2 x 2
    `gamma` and complex `beta` per feature. The same in training and
    inference; no moving statistics.

    Args:
        axis: the axes to normalize over, an int or ints, not 0 (default -1).
        epsilon: added to the covariance's diagonal, > 0 (default 1e-3).
        center: whether to add `beta` (default True).
        scale: whether to apply `gamma` (default True).
        **kwargs: standard `keras.layers.Layer` arguments.

    Returns:
        The layer; called on a `Complex` it returns a `Complex` of the same
        shape. Weights: `gamma` (3, *normalized shape) holding rr, ii, ri
        rows, `beta` (2, *normalized shape).

    Example:

    >>> z = ComplexLayerNormalization()((x, numpy.flip(x, -1)))  # parts (2, 8, 6)
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, **kwargs):
        super().__init__(epsilon=epsilon, center=center, scale=scale, **kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = tuple(checks.integer("axis", a) for a in axis)
            if not self.axis:
                raise ValueError("`axis` must name at least one axis; got ().")
        else:
            self.axis = checks.integer("axis", axis)
        if 0 in ((self.axis,) if isinstance(self.axis, int) else self.axis):
            raise ValueError(f"`axis` must not include the batch axis 0; got {axis!r}.")

    def build(self, input_shape):
        shape = part_shape(input_shape)
        self.param_axes = self._axes(len(shape), self.axis)
        self.input_part_shape = self._known(shape, self.param_axes)
        self._add_affine(tuple(shape[a] for a in self.param_axes))

    def call(self, inputs):
        z = complex_input(inputs)
        rank = len(z.real.shape)
        if rank != len(self.input_part_shape):
            raise ValueError(f"`inputs` must have rank {len(self.input_part_shape)}, as the "
                             f"layer was built with; got shape {tuple(z.real.shape)}.")
        mean, cov = covariance(z.real, z.imag, self.param_axes)
        xr, xi = whiten(z.real, z.imag, mean, cov, self.epsilon)
        return self._finish(xr, xi, rank, z.dtype)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
