"""Trivial predictors of the operator-learning datasets, to report beside
every learned result: a neural operator's test error means something only as
a ratio to the best of them.

- `identity`: the input itself (Burgers, where input and output are the same
  quantity).
- `spatial_mean`: each input's own mean over space (Burgers conserves it).
- `training_mean`: the mean target of the training split, for every input.
- `heat_equation`: Burgers' linear part alone, u_t = nu u_xx, solved exactly.
- `constant_coefficient`: Darcy with a constant permeability, the solution of
  -Delta u = 1 scaled by one factor / mean(a) fitted on the training split.
- `FourierLinear`: the best linear map per Fourier mode, y_k = w_k x_k + b_k,
  fitted by least squares on the training split (a diagonal linear operator:
  what a single linear spectral layer can learn).

All in float64 numpy; `evaluate` runs those that apply to a dataset.
"""

import math

import numpy as np

from keras_spectral.datasets import darcy

BURGERS = "burgers"
DARCY = "darcy"


def relative_l2(y_pred, y_true):
    """Mean over samples of ||y_pred - y_true|| / ||y_true||, in float64.

    Args:
        y_pred: Predictions, shape (num, ...).
        y_true: Targets, the same shape.

    Returns:
        A float.

    Example:
        >>> relative_l2(np.ones((2, 4)) * 1.1, np.ones((2, 4)))
        0.1...
    """
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"`y_pred` must have the shape of `y_true` {y_true.shape}; "
                         f"got {y_pred.shape}.")
    axes = tuple(range(1, y_true.ndim))
    return float(np.mean(np.sqrt(np.sum((y_pred - y_true) ** 2, axis=axes))
                         / np.sqrt(np.sum(y_true**2, axis=axes))))


def identity(x):
    """The input as the prediction.

    Args:
        x: Inputs (num, *spatial, 1).

    Returns:
        `x` as float64.

    Example:
        >>> identity(np.ones((1, 4, 1))).shape
        (1, 4, 1)
    """
    return np.asarray(x, dtype=np.float64)


def spatial_mean(x):
    """Each input's mean over its spatial axes, broadcast over them.

    Args:
        x: Inputs (num, *spatial, channels).

    Returns:
        A float64 array of `x`'s shape.

    Example:
        >>> spatial_mean(np.array([[[1.0], [3.0]]]))[0, :, 0]
        array([2., 2.])
    """
    x = np.asarray(x, dtype=np.float64)
    axes = tuple(range(1, x.ndim - 1))
    return np.broadcast_to(x.mean(axis=axes, keepdims=True), x.shape).copy()


def training_mean(y_train, num):
    """The mean training target, repeated `num` times.

    Args:
        y_train: Training targets (num_train, ...).
        num: Number of predictions.

    Returns:
        A float64 array (num, ...).

    Example:
        >>> training_mean(np.array([[1.0], [3.0]]), 3)[:, 0]
        array([2., 2., 2.])
    """
    mean = np.asarray(y_train, dtype=np.float64).mean(axis=0)
    return np.repeat(mean[None], num, axis=0)


def heat_equation(x, viscosity=0.1, t_final=1.0, domain_length=2 * math.pi):
    """Burgers' linear part alone: u_t = nu u_xx on the periodic (0, L), exact.

    Args:
        x: Initial values (num, n, 1) at x_j = j L / n.
        viscosity: nu.
        t_final: The time of the prediction.
        domain_length: The period L.

    Returns:
        A float64 array of `x`'s shape: each Fourier mode damped by
        exp(-nu (2 pi m / L)^2 t).

    Example:
        >>> heat_equation(np.ones((1, 8, 1)))[0, :2, 0]
        array([1., 1.])
    """
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[1]
    k = 2 * np.pi / domain_length * np.arange(n // 2 + 1)
    damping = np.exp(-viscosity * k**2 * t_final)[:, None]
    return np.fft.irfft(np.fft.rfft(x, axis=1) * damping, n=n, axis=1)


def constant_coefficient(x_train, y_train, x):
    """Darcy with a constant permeability: u = c u_P / mean(a), with u_P the
    solution of -Delta u = 1 (the dataset's scheme on the 421-point grid,
    subsampled) and the one factor c fitted on the training split.

    Args:
        x_train: Training permeabilities (num, s, s, 1).
        y_train: Training pressures (num, s, s, 1).
        x: Permeabilities to predict for (num, s, s, 1).

    Returns:
        A float64 array of `x`'s shape.

    Example:
        >>> a = np.full((2, 85, 85, 1), 2.0)  # permeabilities
        >>> constant_coefficient(a, np.ones_like(a), a[:1]).shape
        (1, 85, 85, 1)
    """
    s = np.shape(x)[1]
    step = (darcy.GRID_POINTS - 1) // (darcy.check_resolution(s) - 1)
    poisson = darcy.solve(np.ones((darcy.GRID_POINTS,) * 2))[::step, ::step, None]

    def guess(a):
        a = np.asarray(a, dtype=np.float64)
        return poisson[None] / a.mean(axis=(1, 2, 3))[:, None, None, None]

    g, y = guess(x_train), np.asarray(y_train, dtype=np.float64)
    c = np.sum(g * y) / np.sum(g * g)
    return c * guess(x)


class FourierLinear:
    """The best linear map per Fourier mode: y_k = w_k x_k + b_k.

    Fitted by complex least squares on the training split, one (w, b) per
    mode of the real FFT over the spatial axes; predictions at the training
    resolution.

    Returns:
        An unfitted predictor: `fit(x, y)` then `predict(x)`.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> x_train = rng.random((32, 16, 1))
        >>> y_train = np.roll(x_train, 3, axis=1)  # a linear map: a shift
        >>> pred = FourierLinear().fit(x_train, y_train).predict(x_train[:2])
        >>> bool(np.allclose(pred, y_train[:2], atol=1e-6)), pred.shape
        (True, (2, 16, 1))
    """

    def fit(self, x, y):
        """Fits w and b per mode on inputs `x` and targets `y` (num, *spatial, 1)."""
        x, y = (np.asarray(v, dtype=np.float64)[..., 0] for v in (x, y))
        self._axes = tuple(range(1, x.ndim))
        xk, yk = np.fft.rfftn(x, axes=self._axes), np.fft.rfftn(y, axes=self._axes)
        xm, ym = xk.mean(axis=0), yk.mean(axis=0)
        dx, dy = xk - xm, yk - ym
        power = np.sum(np.abs(dx) ** 2, axis=0)
        self.weight = np.sum(dy * np.conj(dx), axis=0) / np.where(power > 0, power, 1.0)
        self.bias = ym - self.weight * xm
        self._shape = x.shape[1:]
        return self

    def predict(self, x):
        """Predictions for inputs `x` (num, *spatial, 1) of the fitted shape."""
        x = np.asarray(x, dtype=np.float64)[..., 0]
        if x.shape[1:] != self._shape:
            raise ValueError(f"`x` must have the fitted spatial shape {self._shape}; "
                             f"got {x.shape[1:]}.")
        xk = np.fft.rfftn(x, axes=self._axes)
        return np.fft.irfftn(self.weight * xk + self.bias, s=self._shape,
                             axes=self._axes)[..., None]


def evaluate(dataset, train, test, **options):
    """The test errors of every trivial predictor that applies to `dataset`.

    Args:
        dataset: "burgers" or "darcy".
        train: `(x_train, y_train)`, the split the fitted predictors learn from.
        test: `(x_test, y_test)`.
        **options: For Burgers, `viscosity` and `domain_length` of the heat
            equation (default the published 0.1 and 2 pi).

    Returns:
        A dict {predictor name: mean relative L2 test error}, in a fixed order.

    Example:
        >>> from keras_spectral.datasets import burgers
        >>> train, test = burgers.load_data(resolution=64, num_train=8, num_test=4, verbose=0)
        >>> errors = evaluate("burgers", train, test)
        >>> list(errors)
        ['identity', 'spatial mean', 'heat equation', 'training mean', 'linear per Fourier mode']
        >>> best(errors)  # on 8 training samples
        ('heat equation', 0.6252...)
    """
    (x_train, y_train), (x_test, y_test) = train, test
    errors = {}
    if dataset == BURGERS:
        errors["identity"] = relative_l2(identity(x_test), y_test)
        errors["spatial mean"] = relative_l2(spatial_mean(x_test), y_test)
        errors["heat equation"] = relative_l2(heat_equation(x_test, **options), y_test)
    elif dataset == DARCY:
        if options:
            raise TypeError(f"darcy takes no options; got {sorted(options)}.")
        errors["constant coefficient"] = relative_l2(
            constant_coefficient(x_train, y_train, x_test), y_test)
    else:
        raise ValueError(f"`dataset` must be 'burgers' or 'darcy'; got {dataset!r}.")
    errors["training mean"] = relative_l2(training_mean(y_train, len(y_test)), y_test)
    errors["linear per Fourier mode"] = relative_l2(
        FourierLinear().fit(x_train, y_train).predict(x_test), y_test)
    return errors


def best(errors):
    """The smallest entry of `evaluate`'s dict.

    Args:
        errors: {name: error}.

    Returns:
        `(name, error)` of the best trivial predictor.

    Example:
        >>> best({"identity": 0.5, "spatial mean": 0.2})
        ('spatial mean', 0.2)
    """
    name = min(errors, key=errors.get)
    return name, errors[name]
