"""The 1-D viscous Burgers dataset of the Fourier neural operator papers.

    u_t + (u^2 / 2)_x = nu u_xx   on the periodic interval (0, L),

mapping the initial condition u0 = u(., 0) to the solution u(., 1). The default
is the published benchmark as the journal paper states it (Kovachki, Li et al.,
"Neural Operator", JMLR 2023, section 6.3; Li et al., ICLR 2021, section 5.1):
L = 2 pi, nu = 0.1, u0 ~ N(0, 625 (-d^2/dx^2 + 25 I)^-2) with periodic boundary
conditions and the mean mode dropped (as both released samplers do), drawn on
an 8192-point grid; 2048 samples, training on the first 1000 and testing on the
last 200 (as the original `fourier_1d.py` slices `x_data[-ntest:]`).

On (0, 2 pi) the problem is strongly nonlinear: the heat equation alone leaves
about 60% relative error. `domain_length=1.0, mean_mode=True` gives this
module's former unit-interval data, where diffusion damps the first mode by
exp(-4 pi^2 nu) = 0.02 by t = 1: the solution is about 97% its own mean and
predicting that mean scores 0.035. It is kept for comparison only.

The equation is solved with a dealiased ETDRK4 pseudo-spectral integrator in
float64 (the papers used a split-step solver; see `settings` for accuracy).
Everything is numpy (keras only for the progress bar) and deterministic for a
seed; `load_data` caches its result on disk.
"""

import math

import numpy as np

from keras_spectral import _checks as checks
from keras_spectral.datasets import _burgers_solver as _solver
from keras_spectral.datasets import _common

# Points of the grid the initial conditions are drawn on (as in the paper).
GRID_POINTS = 8192
# Samples of the published dataset (burgers_data_R10.mat is 2048 x 8192).
NUM_SAMPLES = 2048
# Part of the cache key: bump it whenever the generated numbers change.
DATA_VERSION = 2
TWO_PI = 2 * math.pi


def sample_initial_conditions(num, seed=0, start=0, resolution=GRID_POINTS,
                              domain_length=TWO_PI, mean_mode=False):
    """Draws initial conditions from N(0, 625 (-d^2/dx^2 + 25 I)^-2) on (0, L).

    The Karhunen-Loeve expansion in the L^2(0, L)-orthonormal eigenfunctions
    sqrt(2 / L) cos(k_m x), sqrt(2 / L) sin(k_m x), k_m = 2 pi m / L:
    u0 = sum_{m=1}^{4096} sqrt(2 l_m / L) (xi_m cos k_m x + eta_m sin k_m x)
    with l_m = 625 (k_m^2 + 25)^-2 and xi, eta iid N(0, 1) from child
    `start + i` of `numpy.random.SeedSequence(seed)`, on the grid
    x_j = j L / 8192 (where the sine of m = 4096 vanishes), subsampled to
    `resolution` points. With `mean_mode` the constant sqrt(l_0 / L) xi_0 is
    added. A sample depends only on (seed, index), not on `resolution` or on
    how many are drawn. At L = 2 pi the pointwise variance is
    sum_m l_m / pi = 1.09.

    Args:
        num: Number of samples.
        seed: Non-negative integer seed.
        start: Index of the first sample.
        resolution: Number of grid points; must divide 8192.
        domain_length: The period L > 0 (default 2 pi, the published setup).
        mean_mode: Whether the random mean mode m = 0 is kept (default False,
            as the papers' samplers).

    Returns:
        A float64 array of shape (num, resolution).

    Example:
        >>> u0 = sample_initial_conditions(2, seed=0, resolution=256)
        >>> u0.shape
        (2, 256)
    """
    num = checks.integer("num", num, minimum=0)
    seed = checks.integer("seed", seed, minimum=0)
    start = checks.integer("start", start, minimum=0)
    resolution = check_resolution(resolution)
    length = checks.real("domain_length", domain_length, low=0.0, low_open=True)
    mean_mode = checks.boolean("mean_mode", mean_mode)
    half = GRID_POINTS // 2
    k = 2 * np.pi / length * np.arange(half + 1)
    amp = np.sqrt(2 * 625.0 / (k**2 + 25.0) ** 2 / length)
    amp[0] = amp[0] / np.sqrt(2) if mean_mode else 0.0
    out = np.empty((num, resolution))
    coef = np.empty(half + 1, dtype=complex)
    for i in range(num):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(start + i,)))
        xi, eta = rng.standard_normal((2, half + 1))
        # "forward" irfft: u = c_0 + sum 2 Re(c_m e^{i k_m x}) + c_half (-1)^j.
        coef.real = 0.5 * amp * xi
        coef.imag = -0.5 * amp * eta
        coef[0] = amp[0] * xi[0]
        coef[half] = amp[half] * xi[half]
        out[i] = np.fft.irfft(coef, n=GRID_POINTS, norm="forward")[::GRID_POINTS // resolution]
    return out


def solve(u0, viscosity=0.1, t_final=1.0, dt=None, grid=None, resolution=None,
          domain_length=TWO_PI, verbose=0):
    """Solves u_t + (u^2 / 2)_x = viscosity u_xx on the periodic interval (0, L).

    Dealiased (2/3 rule) pseudo-spectral ETDRK4 (Kassam & Trefethen 2005), in
    float64, vectorised over the batch. The initial condition's Fourier modes
    are truncated to the kept modes (|m| < grid / 3) of the solve grid; the
    solution is evaluated at x_j = j L / resolution by spectral interpolation.

    Args:
        u0: Initial values at x_j = j L / n, shape (batch, n) or (n,).
        viscosity: The viscosity nu > 0.
        t_final: The time t >= 0 at which the solution is returned.
        dt: The largest time step; `None` for `settings(...)[1]`, as
            used by `load_data` (the step actually taken divides `t_final`).
        grid: Points of the solve grid; `None` for `settings(...)[0]`.
        resolution: Points of the output grid; `None` for n.
        domain_length: The period L > 0 (default 2 pi).
        verbose: 0 for silence, 1 or 2 for a `keras.utils.Progbar`.

    Returns:
        A float64 array of shape u0.shape[:-1] + (resolution,): u(x_j, t_final).

    Example:
        >>> x = np.arange(256) / 256 * 2 * np.pi
        >>> u = solve(np.sin(x)[None], viscosity=0.1)
        >>> u.shape
        (1, 256)
    """
    if np.iscomplexobj(u0):
        raise TypeError("`u0` must be real; got a complex array.")
    u0 = np.asarray(u0, dtype=np.float64)
    if u0.ndim not in (1, 2) or u0.shape[-1] < 2:
        raise ValueError(f"`u0` must have shape (batch, n) or (n,) with n >= 2; got {u0.shape}.")
    if not np.all(np.isfinite(u0)):
        raise ValueError("`u0` must be finite.")
    viscosity = checks.real("viscosity", viscosity, low=0.0, low_open=True)
    length = checks.real("domain_length", domain_length, low=0.0, low_open=True)
    t_final = checks.real("t_final", t_final, low=0.0)
    default_grid, default_dt = _solver.settings(viscosity, length)
    dt = default_dt if dt is None else checks.real("dt", dt, low=0.0, low_open=True)
    grid = default_grid if grid is None else checks.integer("grid", grid, minimum=4)
    resolution = u0.shape[-1] if resolution is None else checks.integer(
        "resolution", resolution, minimum=1)
    verbose = checks.integer("verbose", verbose, minimum=0)

    batch = u0.reshape(-1, u0.shape[-1])
    steps = _solver.num_steps(t_final, dt)
    progress = _common.progress_bar(steps if batch.shape[0] else 0, verbose)
    v = _solver.integrate(_solver.to_band(batch, grid), viscosity, t_final, dt, grid,
                          progress, length)
    out = _solver.from_band(v, resolution)
    return out.reshape(u0.shape[:-1] + (resolution,))


def settings(viscosity=0.1, domain_length=TWO_PI):
    """The solve grid and time step `load_data` uses.

    Chosen by a convergence test against 4096-point solves with dt = 2.5e-5:
    at the published setup (nu = 0.1, L = 2 pi) these are 512 points and
    dt = 1e-3, whose solutions differ from the fine ones by a relative L2
    error of about 2e-9 at worst (256 points: 7e-8); at L = 1, 128 points
    suffice. Other viscosities and lengths scale the grid with
    L^0.75 sqrt(0.1 / nu) (rounded up to a power of two, at most 8192) and
    the step with sqrt(nu / 0.1) below nu = 0.1.

    Args:
        viscosity: The viscosity nu > 0.
        domain_length: The period L > 0.

    Returns:
        A pair (grid, dt): points of the solve grid and the time step.

    Example:
        >>> settings(0.1)
        (512, 0.001)
    """
    return _solver.settings(checks.real("viscosity", viscosity, low=0.0, low_open=True),
                            checks.real("domain_length", domain_length, low=0.0, low_open=True))


def load_data(resolution=1024, num_train=1000, num_test=200, viscosity=0.1, seed=0,
              cache_dir=None, verbose=1, num_samples=NUM_SAMPLES, domain_length=TWO_PI,
              mean_mode=False):
    """Loads the Burgers dataset: initial conditions and solutions at t = 1.

    Of `num_samples` draws of `sample_initial_conditions` for `seed`, the
    training set holds the first `num_train` and the test set the last
    `num_test` (the published split: 1000 and 200 of 2048). Only those draws
    are solved. The grid is x_j = j L / resolution. The result is cached in a
    `.npz` file under `cache_dir` whose name holds every parameter.

    Args:
        resolution: Points of the grid; must divide 8192.
        num_train: Number of training samples.
        num_test: Number of test samples.
        viscosity: The viscosity nu > 0.
        seed: Non-negative integer seed.
        cache_dir: Directory of the cache; `None` for `$KERAS_HOME/datasets`
            (`~/.keras/datasets` when KERAS_HOME is not set).
        verbose: 0 for silence, 1 or 2 for a progress bar while solving.
        num_samples: Size of the dataset the splits are taken from; at least
            `num_train + num_test`.
        domain_length: The period L (default 2 pi, the published setup;
            1.0 with `mean_mode=True` is the nearly trivial former setup).
        mean_mode: Whether initial conditions keep a random mean.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float32 arrays of shape
        (num, resolution, 1); x is u(., 0) and y is u(., 1).

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data(
        ...     resolution=256, num_train=8, num_test=2, verbose=0)
        >>> x_train.shape, y_test.shape
        ((8, 256, 1), (2, 256, 1))
    """
    resolution = check_resolution(resolution)
    num_train, num_test, num_samples = _common.check_split(num_train, num_test, num_samples)
    viscosity = checks.real("viscosity", viscosity, low=0.0, low_open=True)
    length = checks.real("domain_length", domain_length, low=0.0, low_open=True)
    mean_mode = checks.boolean("mean_mode", mean_mode)
    seed = checks.integer("seed", seed, minimum=0)
    verbose = checks.integer("verbose", verbose, minimum=0)
    name = (f"burgers_v{DATA_VERSION}_res{resolution}_train{num_train}_test{num_test}"
            f"_of{num_samples}_nu{viscosity!r}_L{length!r}_mean{int(mean_mode)}"
            f"_seed{seed}.npz")
    path = _common.cache_path(cache_dir, name)
    shapes = {key: (num, resolution, 1) for key, num in (
        ("x_train", num_train), ("y_train", num_train),
        ("x_test", num_test), ("y_test", num_test))}

    data = _common.read_cache(path, shapes)
    if data is None:
        draw = dict(seed=seed, resolution=GRID_POINTS, domain_length=length,
                    mean_mode=mean_mode)
        u0 = np.concatenate([sample_initial_conditions(num_train, start=0, **draw),
                             sample_initial_conditions(num_test, start=num_samples - num_test,
                                                       **draw)])
        y = solve(u0, viscosity, 1.0, resolution=resolution, domain_length=length,
                  verbose=verbose)
        x = u0[:, ::GRID_POINTS // resolution]
        x, y = (a.astype(np.float32)[..., None] for a in (x, y))
        data = {"x_train": x[:num_train], "y_train": y[:num_train],
                "x_test": x[num_train:], "y_test": y[num_train:]}
        _common.write_cache(path, data)
    return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])


def check_resolution(resolution):
    """`resolution` as an int when it divides the 8192-point grid.

    Args:
        resolution: Points of a grid.

    Returns:
        The resolution as an int; a ValueError naming it otherwise.

    Example:
        >>> check_resolution(1024)
        1024
    """
    if (isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer))
            or resolution <= 0 or GRID_POINTS % resolution):
        raise ValueError(f"`resolution` must be a positive integer dividing {GRID_POINTS}; "
                         f"got {resolution!r}.")
    return int(resolution)
