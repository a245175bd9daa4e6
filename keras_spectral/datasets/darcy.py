"""The 2-D Darcy flow dataset of the Fourier neural operator papers.

    -div(a grad u) = 1   on (0, 1)^2,   u = 0 on the boundary,

mapping the permeability a to the pressure u (Li et al., ICLR 2021, section
5.2; Kovachki, Li et al., "Neural Operator", JMLR 2023, section 6.2): a = 12
where z >= 0 and a = 3 where z < 0, z ~ N(0, (-Delta + 9 I)^-2) with zero
Neumann boundary conditions (a cosine expansion, mean mode zero); second-order
finite differences on a 421 x 421 grid; 1000 training and 200 test samples,
subsampled by r = 5, 3, 2, 1 to s = 85, 141, 211, 421.

Where the papers and the released code differ, the papers are followed: the
released `demo.m` thresholds at 12 / 4 (the papers say 12 / 3); it draws z at
cell centres and spline-interpolates a to the nodes (here z is evaluated at
the nodes, so a is exactly two-valued); the original test set is a second
file of 1024 draws (here the last 200 of 1200 draws of one seed). The scheme
averages the two nodes' coefficients on each face, as the released
`solve_gwf.m` does. numpy only (scipy, when installed, makes the solver's
sine transforms ~7x faster); deterministic for a seed; cached on disk.
"""


import numpy as np

from keras_spectral import _checks as checks
from keras_spectral.datasets import _common
from keras_spectral.datasets import _darcy_solver as _solver

# Points per axis of the grid the data are generated on (as in the papers).
GRID_POINTS = 421
# The two values of the piecewise-constant permeability (the papers').
HIGH, LOW = 12.0, 3.0
# Part of the cache key: bump it whenever the generated numbers change.
DATA_VERSION = 1
# Samples the splits are taken from (1000 training + 200 test, as the papers).
NUM_SAMPLES = 1200
# Samples solved together (a few keep the working arrays small).
_BATCH = 4


def resolutions():
    """The resolutions `load_data` accepts: s = 420 / r + 1 for every r dividing 420.

    Returns:
        A sorted list of ints, from 2 to 421 (85, 141, 211, 421 among them).

    Example:
        >>> [s for s in resolutions() if s >= 85]
        [85, 106, 141, 211, 421]
    """
    return sorted((GRID_POINTS - 1) // r + 1 for r in range(1, GRID_POINTS)
                  if (GRID_POINTS - 1) % r == 0)


def sample_gaussian_field(num, seed=0, start=0, resolution=GRID_POINTS):
    """Draws z ~ N(0, (-Delta + 9 I)^-2) on (0, 1)^2 with zero Neumann boundary.

    The Karhunen-Loeve expansion in the Neumann eigenfunctions
    phi_kl = c_k c_l cos(pi k x) cos(pi l y) (c_0 = 1, c_k = sqrt(2) else;
    orthonormal in L^2), eigenvalues pi^2 (k^2 + l^2) of -Delta:
    z = sum_{(k, l) != (0, 0)} (pi^2 (k^2 + l^2) + 9)^-1 xi_kl phi_kl, with
    0 <= k, l <= 420 and xi iid N(0, 1) from child `start + i` of
    `numpy.random.SeedSequence(seed)`, evaluated at the 421 x 421 nodes
    x_i = i / 420 and subsampled to `resolution` (the mean mode is zero, as in
    the released `GRF.m`).

    Args:
        num: Number of samples.
        seed: Non-negative integer seed.
        start: Index of the first sample.
        resolution: Points per axis; one of `resolutions()`.

    Returns:
        A float64 array of shape (num, resolution, resolution).

    Example:
        >>> sample_gaussian_field(2, resolution=85).shape
        (2, 85, 85)
    """
    num = checks.integer("num", num, minimum=0)
    seed = checks.integer("seed", seed, minimum=0)
    start = checks.integer("start", start, minimum=0)
    step = _step(resolution)
    k = np.arange(GRID_POINTS)
    basis = np.cos(np.pi * np.outer(k, k) / (GRID_POINTS - 1)) * np.where(k > 0, np.sqrt(2), 1.0)
    sqrt_eig = 1.0 / (np.pi**2 * (k[:, None] ** 2 + k[None, :] ** 2) + 9.0)
    sqrt_eig[0, 0] = 0.0
    rows = basis[::step]
    out = np.empty((num, rows.shape[0], rows.shape[0]))
    for i in range(num):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(start + i,)))
        xi = rng.standard_normal((GRID_POINTS, GRID_POINTS))
        out[i] = rows @ (sqrt_eig * xi) @ rows.T
    return out


def sample_coefficients(num, seed=0, start=0, resolution=GRID_POINTS):
    """Draws permeabilities a = 12 where z >= 0, 3 where z < 0 (z of
    `sample_gaussian_field` with the same arguments).

    Args:
        num: Number of samples.
        seed: Non-negative integer seed.
        start: Index of the first sample.
        resolution: Points per axis; one of `resolutions()`.

    Returns:
        A float64 array of shape (num, resolution, resolution) of 3s and 12s.

    Example:
        >>> a = sample_coefficients(1, resolution=85)
        >>> sorted(set(a.ravel()))
        [3.0, 12.0]
    """
    return np.where(sample_gaussian_field(num, seed, start, resolution) >= 0, HIGH, LOW)


def solve(coefficient, forcing=1.0, verbose=0):
    """Solves -div(a grad u) = f on (0, 1)^2 with u = 0 on the boundary.

    Second-order finite differences on the nodes x_i = i / (n - 1) (boundary
    included), the face coefficient the mean of its two nodes (a 5-point
    stencil, symmetric positive definite), solved by conjugate gradients
    preconditioned with a fast sine-transform Poisson solver, to a relative
    residual of 1e-10.

    Args:
        coefficient: The permeability a > 0 at the nodes, shape (batch, n, n)
            or (n, n), n >= 3.
        forcing: The right-hand side f: a number or an array of the
            coefficient's shape (only its interior nodes are used).
        verbose: 0 for silence, 1 or 2 for a `keras.utils.Progbar`.

    Returns:
        A float64 array of the coefficient's shape: u at the nodes (zero on
        the boundary).

    Example:
        >>> u = solve(np.full((33, 33), 2.0))
        >>> round(float(u.max()), 4)  # the constant-coefficient solution halved
        0.0368
    """
    if np.iscomplexobj(coefficient):
        raise TypeError("`coefficient` must be real; got a complex array.")
    a = np.asarray(coefficient, dtype=np.float64)
    if a.ndim not in (2, 3) or a.shape[-1] != a.shape[-2] or a.shape[-1] < 3:
        raise ValueError(f"`coefficient` must have shape (batch, n, n) or (n, n) with "
                         f"n >= 3; got {a.shape}.")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ValueError("`coefficient` must be finite and > 0 everywhere.")
    f = np.broadcast_to(np.asarray(forcing, dtype=np.float64), a.shape)
    if not np.all(np.isfinite(f)):
        raise ValueError("`forcing` must be finite.")
    verbose = checks.integer("verbose", verbose, minimum=0)
    batch = a.reshape((-1,) + a.shape[-2:])
    rhs = f.reshape(batch.shape)[:, 1:-1, 1:-1]
    out = np.zeros_like(batch)
    progress = _common.progress_bar(batch.shape[0], verbose, "sample")
    for i in range(0, batch.shape[0], _BATCH):
        out[i:i + _BATCH, 1:-1, 1:-1], _ = _solver.solve(batch[i:i + _BATCH],
                                                         np.array(rhs[i:i + _BATCH]))
        if progress is not None:
            progress(min(_BATCH, batch.shape[0] - i))
    return out.reshape(a.shape)


def load_data(resolution=85, num_train=1000, num_test=200, seed=0, cache_dir=None,
              verbose=1, num_samples=NUM_SAMPLES):
    """Loads the Darcy flow dataset: permeabilities and pressures.

    Of `num_samples` draws of `sample_coefficients` for `seed`, the training
    set holds the first `num_train` and the test set the last `num_test`
    (as `burgers.load_data`), so a test set alone, at another resolution, is
    cheap: `load_data(421, num_train=0)`. Only those draws are solved, each
    on the 421 x 421 grid (about 0.2 s) and subsampled by
    r = 420 / (resolution - 1), so every resolution holds the same functions.
    The result is cached in a
    `.npz` file under `cache_dir` whose name holds every parameter.

    Args:
        resolution: Points per axis, (421 - 1) / r + 1 for an integer r:
            85, 141, 211 and 421 are the papers' (see `resolutions()`).
        num_train: Number of training samples.
        num_test: Number of test samples.
        seed: Non-negative integer seed.
        cache_dir: Directory of the cache; `None` for `$KERAS_HOME/datasets`.
        verbose: 0 for silence, 1 or 2 for a progress bar while solving.
        num_samples: Size of the dataset the splits are taken from; at least
            `num_train + num_test`.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float32 arrays of shape
        (num, resolution, resolution, 1); x is a and y is u.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data(
        ...     resolution=85, num_train=4, num_test=2, verbose=0)
        >>> x_train.shape, y_test.shape
        ((4, 85, 85, 1), (2, 85, 85, 1))
    """
    step = _step(resolution)
    num_train, num_test, num_samples = _common.check_split(num_train, num_test, num_samples)
    seed = checks.integer("seed", seed, minimum=0)
    verbose = checks.integer("verbose", verbose, minimum=0)
    name = (f"darcy_v{DATA_VERSION}_res{resolution}_train{num_train}_test{num_test}"
            f"_of{num_samples}_seed{seed}.npz")
    path = _common.cache_path(cache_dir, name)
    shapes = {key: (num, resolution, resolution, 1) for key, num in (
        ("x_train", num_train), ("y_train", num_train),
        ("x_test", num_test), ("y_test", num_test))}
    data = _common.read_cache(path, shapes)
    if data is None:
        draws = list(range(num_train)) + list(range(num_samples - num_test, num_samples))
        x = np.empty((len(draws), resolution, resolution, 1), dtype=np.float32)
        y = np.empty_like(x)
        progress = _common.progress_bar(len(draws), verbose, "sample")
        for i in range(0, len(draws), _BATCH):  # a few at a time: 421^2 arrays are large
            a = np.concatenate([sample_coefficients(1, seed, j) for j in draws[i:i + _BATCH]])
            u = solve(a)
            x[i:i + _BATCH, ..., 0] = a[:, ::step, ::step]
            y[i:i + _BATCH, ..., 0] = u[:, ::step, ::step]
            if progress is not None:
                progress(len(a))
        data = {"x_train": x[:num_train], "y_train": y[:num_train],
                "x_test": x[num_train:], "y_test": y[num_train:]}
        _common.write_cache(path, data)
    return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])


def check_resolution(resolution):
    """`resolution` as an int when it is (421 - 1) / r + 1 for an integer r.

    Args:
        resolution: Points per axis.

    Returns:
        The resolution as an int; a ValueError naming it otherwise.

    Example:
        >>> check_resolution(85)
        85
    """
    _step(resolution)
    return int(resolution)


def _step(resolution):
    if (isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer))
            or resolution < 2 or (GRID_POINTS - 1) % (resolution - 1)):
        raise ValueError(
            f"`resolution` must be (421 - 1) / r + 1 for an integer r (85, 141, 211 "
            f"or 421 as in the papers); got {resolution!r}.")
    return (GRID_POINTS - 1) // (int(resolution) - 1)


