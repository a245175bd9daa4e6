"""The 1-D viscous Burgers dataset of the Fourier Neural Operator paper.

    u_t + (u^2 / 2)_x = nu u_xx   on the periodic unit interval [0, 1),

mapping the initial condition u0 = u(., 0) to the solution u(., 1). Initial
conditions are drawn from the Gaussian measure N(0, 625 (-Delta + 25 I)^-2) on
the paper's 8192-point grid and the equation is solved with a dealiased ETDRK4
pseudo-spectral integrator. Everything is numpy (keras only for the progress
bar) and deterministic for a seed; `load_data` caches its result on disk.
"""

import numbers
import os
import secrets
import warnings

import numpy as np

from keras_spectral.datasets import _burgers_solver as _solver

# Points of the grid the initial conditions are drawn on (as in the paper).
GRID_POINTS = 8192
# Part of the cache key: bump it whenever the generated numbers change.
DATA_VERSION = 1


def sample_initial_conditions(num, seed=0, start=0, resolution=GRID_POINTS):
    """Draws initial conditions from N(0, 625 (-Delta + 25 I)^-2) on [0, 1).

    Sample i is u0 = sqrt(l_0) xi_0 + sum_{k=1}^{4096} sqrt(2 l_k)
    (xi_k cos 2 pi k x + eta_k sin 2 pi k x) with l_k = 625 (4 pi^2 k^2 + 25)^-2
    and xi, eta iid N(0, 1) from child `start + i` of
    `numpy.random.SeedSequence(seed)`, on the grid x_j = j / 8192 (where the
    sine of k = 4096 vanishes), subsampled to `resolution` points. A sample thus
    depends only on (seed, index), not on `resolution` or on how many are drawn.

    Args:
        num: Number of samples.
        seed: Non-negative integer seed.
        start: Index of the first sample.
        resolution: Number of points x_j = j / resolution; must divide 8192.

    Returns:
        A float64 array of shape (num, resolution).

    Example:
        >>> u0 = sample_initial_conditions(2, seed=0, resolution=256)
        >>> u0.shape
        (2, 256)
    """
    num = _check_int("num", num)
    seed = _check_int("seed", seed)
    start = _check_int("start", start)
    resolution = _check_resolution(resolution)
    half = GRID_POINTS // 2
    k = np.arange(half + 1)
    amp = np.sqrt(2 * 625.0 / (4 * np.pi**2 * k**2 + 25.0) ** 2)
    amp[0] /= np.sqrt(2)
    out = np.empty((num, resolution))
    coef = np.empty(half + 1, dtype=complex)
    for i in range(num):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(start + i,)))
        xi, eta = rng.standard_normal((2, half + 1))
        # "forward" irfft: u = c_0 + sum 2 Re(c_k e^{2 pi i k x}) + c_half (-1)^j.
        coef.real = 0.5 * amp * xi
        coef.imag = -0.5 * amp * eta
        coef[0] = amp[0] * xi[0]
        coef[half] = amp[half] * xi[half]
        out[i] = np.fft.irfft(coef, n=GRID_POINTS, norm="forward")[::GRID_POINTS // resolution]
    return out


def solve(u0, viscosity=0.1, t_final=1.0, dt=None, grid=None, resolution=None, verbose=0):
    """Solves u_t + (u^2 / 2)_x = viscosity u_xx on the periodic interval [0, 1).

    Dealiased (2/3 rule) pseudo-spectral ETDRK4 (Kassam & Trefethen 2005), in
    float64, vectorised over the batch. The initial condition's Fourier modes
    are truncated to the kept modes (|m| < grid / 3) of the solve grid; the
    solution is evaluated at x_j = j / resolution by spectral interpolation.

    Args:
        u0: Initial values at x_j = j / n, shape (batch, n) or (n,).
        viscosity: The viscosity nu > 0.
        t_final: The time t >= 0 at which the solution is returned.
        dt: The largest time step; `None` for `settings(viscosity)[1]`, as
            used by `load_data` (the step actually taken divides `t_final`).
        grid: Points of the solve grid; `None` for `settings(viscosity)[0]`.
        resolution: Points of the output grid; `None` for n.
        verbose: 0 for silence, 1 or 2 for a `keras.utils.Progbar`.

    Returns:
        A float64 array of shape u0.shape[:-1] + (resolution,): u(x_j, t_final).

    Example:
        >>> x = np.arange(256) / 256
        >>> u = solve(np.sin(2 * np.pi * x)[None], viscosity=0.1)
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
    viscosity = _check_positive("viscosity", viscosity)
    t_final = _check_real("t_final", t_final)
    if t_final < 0:
        raise ValueError(f"`t_final` must be >= 0; got {t_final!r}.")
    default_grid, default_dt = _solver.settings(viscosity)
    dt = default_dt if dt is None else _check_positive("dt", dt)
    grid = default_grid if grid is None else _check_int("grid", grid)
    if grid < 4:
        raise ValueError(f"`grid` must be >= 4; got {grid!r}.")
    resolution = u0.shape[-1] if resolution is None else _check_int("resolution", resolution)
    if resolution < 1:
        raise ValueError(f"`resolution` must be a positive integer; got {resolution!r}.")
    verbose = _check_int("verbose", verbose)

    batch = u0.reshape(-1, u0.shape[-1])
    progress = None
    steps = _solver.num_steps(t_final, dt)
    if verbose and steps and batch.shape[0]:
        import keras  # lazily: only for the progress bar

        progress = keras.utils.Progbar(steps, verbose=verbose, unit_name="step").add
    v = _solver.integrate(_solver.to_band(batch, grid), viscosity, t_final, dt, grid, progress)
    out = _solver.from_band(v, resolution)
    return out.reshape(u0.shape[:-1] + (resolution,))


def settings(viscosity=0.1):
    """The solve grid and time step `load_data` uses for a viscosity.

    At the default viscosity 0.1 these are 128 points and dt = 1e-3, whose
    solutions differ from 8192-point, small-step ones by a relative L2 error
    of about 2e-9 at worst; smaller viscosities get a finer grid and step.

    Args:
        viscosity: The viscosity nu > 0.

    Returns:
        A pair (grid, dt): points of the solve grid and the time step.

    Example:
        >>> settings(0.1)
        (128, 0.001)
    """
    return _solver.settings(_check_positive("viscosity", viscosity))


def load_data(resolution=1024, num_train=1000, num_test=200, viscosity=0.1, seed=0,
              cache_dir=None, verbose=1):
    """Loads the Burgers dataset: initial conditions and solutions at t = 1.

    Sample i is `sample_initial_conditions`'s draw i for `seed`: the training
    set holds draws 0 .. num_train - 1, the test set the next num_test, so the
    training set does not depend on num_test. The result is cached in a `.npz`
    file under `cache_dir` whose name holds every parameter.

    Args:
        resolution: Points of the grid x_j = j / resolution; must divide 8192.
        num_train: Number of training samples.
        num_test: Number of test samples.
        viscosity: The viscosity nu > 0.
        seed: Non-negative integer seed.
        cache_dir: Directory of the cache; `None` for `$KERAS_HOME/datasets`
            (`~/.keras/datasets` when KERAS_HOME is not set).
        verbose: 0 for silence, 1 or 2 for a progress bar while solving.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float32 arrays of shape
        (num, resolution, 1); x is u(., 0) and y is u(., 1).

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data(
        ...     resolution=256, num_train=8, num_test=2, verbose=0)
        >>> x_train.shape, y_test.shape
        ((8, 256, 1), (2, 256, 1))
    """
    resolution = _check_resolution(resolution)
    num_train = _check_int("num_train", num_train)
    num_test = _check_int("num_test", num_test)
    viscosity = _check_positive("viscosity", viscosity)
    seed = _check_int("seed", seed)
    verbose = _check_int("verbose", verbose)
    if cache_dir is None:
        home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
        cache_dir = os.path.join(home, "datasets")
    elif not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"`cache_dir` must be a path or None; got {cache_dir!r}.")
    name = (f"burgers_v{DATA_VERSION}_res{resolution}_train{num_train}_test{num_test}"
            f"_nu{float(viscosity)!r}_seed{seed}.npz")
    path = os.path.join(os.fspath(cache_dir), name)
    shapes = {"x_train": (num_train, resolution, 1), "y_train": (num_train, resolution, 1),
              "x_test": (num_test, resolution, 1), "y_test": (num_test, resolution, 1)}

    data = _read_cache(path, shapes)
    if data is None:
        u0 = sample_initial_conditions(num_train + num_test, seed, 0, GRID_POINTS)
        y = solve(u0, viscosity, 1.0, resolution=resolution, verbose=verbose)
        x = u0[:, ::GRID_POINTS // resolution]
        x, y = (a.astype(np.float32)[..., None] for a in (x, y))
        data = {"x_train": x[:num_train], "y_train": y[:num_train],
                "x_test": x[num_train:], "y_test": y[num_train:]}
        _write_cache(path, data)
    return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])


def _read_cache(path, shapes):
    """The cached arrays, or None when missing or unreadable (then recomputed)."""
    if not os.path.exists(path):
        return None
    try:
        with np.load(path) as f:
            data = {key: f[key] for key in shapes}
    except Exception:  # a truncated or foreign file: recompute rather than fail
        return None
    if any(data[key].shape != shape or data[key].dtype != np.float32
           for key, shape in shapes.items()):
        return None
    return data


def _write_cache(path, data):
    """Writes atomically (temp file + rename): a concurrent reader or an
    interrupted write never leaves a partial file under the final name."""
    directory = os.path.dirname(path)
    tmp = None
    try:
        os.makedirs(directory, exist_ok=True)
        tmp = f"{path}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        # os.open with mode 0o666 honours the umask (mkstemp would make it 0o600).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **data)
        os.replace(tmp, path)
    except OSError as e:  # an unwritable cache must not lose the computed data
        warnings.warn(f"Could not cache the Burgers dataset at {path!r}: {e}", stacklevel=3)
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)


def _check_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer; got {value!r}.")
    if value < 0:
        raise ValueError(f"`{name}` must be >= 0; got {value!r}.")
    return int(value)


def _check_resolution(resolution):
    if (isinstance(resolution, bool) or not isinstance(resolution, numbers.Integral)
            or resolution <= 0 or GRID_POINTS % resolution):
        raise ValueError(f"`resolution` must be a positive integer dividing {GRID_POINTS}; "
                         f"got {resolution!r}.")
    return int(resolution)


def _check_real(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number; got {value!r}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"`{name}` must be finite; got {value!r}.")
    return value


def _check_positive(name, value):
    value = _check_real(name, value)
    if value <= 0:
        raise ValueError(f"`{name}` must be > 0; got {value!r}.")
    return value
