"""ETDRK4 pseudo-spectral integrator for the periodic 1-D viscous Burgers equation.

    u_t + (u^2 / 2)_x = nu u_xx   on [0, L), periodic.

In Fourier space (k = 2 pi m / L) this is v_t = L v + N(v) with the diagonal, stiff
linear part L = -nu k^2 and the nonlinear part N(v) = -(i k / 2) F[(F^-1 v)^2].
ETDRK4 (Cox & Matthews 2002, in the form of Kassam & Trefethen 2005) integrates
L exactly, so the step size is set by the nonlinear dynamics only.

The state keeps only the modes m < M / 3 of an M-point grid (the 2/3 rule): the
square of such a field has modes below 2M / 3, whose aliases on the M-point grid
all land at m >= M / 3, outside the kept band. Keeping the state inside the band
(instead of masking the nonlinear term only) means no aliasing error can ever
enter, and the FFTs' implicit zero-padding / truncation does the masking.

Only numpy is used: float64 `rfft`/`irfft`, vectorised over a batch.
"""

import math

import numpy as np

# Points on the contour integral of Kassam & Trefethen (they use 32): 64 keeps
# the phi-functions at round-off for every |dt L| at negligible cost.
_CONTOUR_POINTS = 64
# Complex values per batch chunk: large enough for numpy's per-call overhead to
# vanish, small enough for the working arrays to stay in cache (measured: 2-3x
# faster than one chunk of 1200 samples at M = 128).
_CHUNK_VALUES = 1 << 16
# Time steps between progress-bar updates.
_STEPS_PER_UPDATE = 20


def band(grid):
    """Number of kept Fourier modes m = 0 .. band - 1 on a `grid`-point grid."""
    return (grid - 1) // 3 + 1


def settings(viscosity, length=1.0):
    """The solve grid M and time step of `load_data` for a viscosity and period.

    Measured on the dataset's initial conditions against 4096-point solves with
    dt = 2.5e-5 (worst relative L2 error at t = 1 over the samples):
    nu = 0.1, L = 2 pi: M = 512, dt = 1e-3 gives 2e-9 (M = 256: 7e-8);
    nu = 0.1, L = 1: M = 128, dt = 1e-3 gives 2e-9 over 1200 samples.
    Elsewhere M scales with L^0.75 sqrt(0.1 / nu) from M = 128 at (0.1, 1)
    (rounded up to a power of two, at most the 8192 points of the sampling
    grid), and dt with sqrt(nu / 0.1) below nu = 0.1, inside the stability
    limit of the explicitly treated advection.
    """
    scale = math.sqrt(0.1 / viscosity)
    grid = 1 << max(7, math.ceil(math.log2(128.0 * scale * length**0.75) - 1e-9))
    return min(grid, 8192), 1e-3 / max(1.0, scale)


def etdrk4_coefficients(viscosity, dt, grid, length=1.0):
    """Returns (E, E2, Q, f1, f2, f3) for the kept modes, with the nonlinear
    term's factor -i k / 2 (and the 1 / M of the unnormalised rfft) folded into
    Q and f1..f3.

    The phi-functions are evaluated as the mean over a circle of radius 1 around
    each z = dt L (Cauchy's integral formula), which avoids the cancellation of
    the closed forms near z = 0 (Kassam & Trefethen 2005).
    """
    k = 2.0 * np.pi / length * np.arange(band(grid), dtype=np.float64)
    z = -viscosity * dt * k**2
    roots = np.exp(1j * np.pi * (np.arange(1, _CONTOUR_POINTS + 1) - 0.5) / _CONTOUR_POINTS)
    lr = z[:, None] + roots[None, :]
    e_lr = np.exp(lr)

    # z is real and the circle symmetric about the real axis: the value at the
    # centre is the mean of the real parts.
    def mean(f):
        return dt * np.mean(f.real, axis=1)

    q = mean((np.exp(lr / 2) - 1) / lr)
    f1 = mean((-4 - lr + e_lr * (4 - 3 * lr + lr**2)) / lr**3)
    f2 = mean((2 + lr + e_lr * (lr - 2)) / lr**3)
    f3 = mean((-4 - 3 * lr - lr**2 + e_lr * (4 - lr)) / lr**3)
    g = -0.5j * k / grid
    return np.exp(z), np.exp(z / 2), g * q, g * f1, 2 * g * f2, g * f3


def num_steps(t_final, dt):
    """Equal steps of at most `dt` (up to round-off) that reach `t_final`."""
    return max(1, math.ceil(t_final / dt - 1e-9)) if t_final > 0 else 0


def integrate(v, viscosity, t_final, dt, grid, progress=None, length=1.0):
    """Advances the kept Fourier coefficients `v` (batch, band(grid)) from 0 to
    `t_final` in `num_steps(t_final, dt)` equal ETDRK4 steps; returns new ones.

    `v` holds "forward"-normalised coefficients (u = sum_m v_m e^{2 pi i m x / L}),
    so the inverse transform to the grid needs no scaling. `progress(n)` is
    called every few steps with the number of steps just completed.
    """
    steps = num_steps(t_final, dt)
    v = np.array(v, dtype=complex)
    if steps == 0 or v.shape[0] == 0:
        return v
    e, e2, q, f1, f2, f3 = etdrk4_coefficients(viscosity, t_final / steps, grid, length)
    nb = v.shape[-1]

    def nonlinear(w):
        u = np.fft.irfft(w, n=grid, norm="forward")
        return np.fft.rfft(u * u)[:, :nb]

    size = max(1, _CHUNK_VALUES // grid)
    chunks = [v[i:i + size] for i in range(0, v.shape[0], size)]
    reported = 0
    for step in range(steps):
        for j, w in enumerate(chunks):
            nw = nonlinear(w)
            e2w = e2 * w
            a = e2w + q * nw
            na = nonlinear(a)
            b = e2w + q * na
            nb_ = nonlinear(b)
            c = e2 * a + q * (2 * nb_ - nw)
            nc = nonlinear(c)
            chunks[j] = e * w + f1 * nw + f2 * (na + nb_) + f3 * nc
        if progress is not None and (step + 1 - reported >= _STEPS_PER_UPDATE or step + 1 == steps):
            progress(step + 1 - reported)
            reported = step + 1
    return np.concatenate(chunks)


def to_band(u0, grid):
    """"Forward"-normalised Fourier coefficients of the n-point periodic samples
    `u0` (batch, n), truncated or zero-padded to `band(grid)` modes.

    An even n's Nyquist mode is the cosine cos(pi n x) (its sine vanishes on the
    grid); as a pair of modes +-n/2 on a finer grid each carries half of it.
    """
    n = u0.shape[-1]
    nb = band(grid)
    v = np.zeros((u0.shape[0], nb), dtype=complex)
    keep = min(nb, n // 2 + 1)
    # In slices, to keep the complex copy of a large float64 batch small.
    for i in range(0, u0.shape[0], 256):
        v[i:i + 256, :keep] = np.fft.rfft(u0[i:i + 256], norm="forward")[:, :keep]
    if n % 2 == 0 and n // 2 < nb:
        v[:, n // 2] *= 0.5
    return v


def from_band(v, resolution):
    """Values at x_j = j / resolution of the trigonometric polynomial with the
    "forward"-normalised coefficients `v`: a zero-padded inverse rfft on the
    smallest multiple of `resolution` with room for every mode, subsampled."""
    nb = v.shape[-1]
    points = resolution * max(1, math.ceil((2 * nb - 1) / resolution))
    return np.fft.irfft(v, n=points, norm="forward")[:, ::points // resolution]
