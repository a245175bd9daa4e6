"""JAX primitives: jax.numpy.fft, differentiable and jit-compatible."""

import functools

import jax
import jax.numpy as jnp


# Keras's jax backend returns float32 for these on float64 input.
NATIVE_OPS = {"arctan2": jnp.arctan2, "cos": jnp.cos, "sin": jnp.sin}


def kernel_drops_planes(t):
    """A concrete array on CPU (`keras_spectral.backend.kernel_drops_planes`)."""
    return isinstance(t, jax.Array) and not isinstance(t, jax.core.Tracer) and all(
        d.platform == "cpu" for d in t.devices())


# Each primitive is one jitted function: one XLA compile (and one dispatch)
# per shape instead of one per jnp call; inside an outer jit it is inlined.
@functools.partial(jax.jit, static_argnames=("axes", "norm", "inverse"))
def c2c(real, imag, axes, norm, inverse):
    fn = jnp.fft.ifftn if inverse else jnp.fft.fftn
    return from_native(fn(to_native(real, imag), axes=axes, norm=norm))


@functools.partial(jax.jit, static_argnames=("axes", "norm"))
def r2c(x, axes, norm):
    return from_native(jnp.fft.rfftn(x, axes=axes, norm=norm))


@functools.partial(jax.jit, static_argnames=("axes", "n", "norm", "plane_index"))
def c2r(real, imag, axes, n, norm, plane_index=(), planes=()):
    z = to_native(real, imag)
    for k, (pr, pi) in zip(plane_index, planes):
        z = jax.lax.dynamic_update_slice_in_dim(z, to_native(pr, pi), k, axis=axes[-1])
    s = [z.shape[a] for a in axes[:-1]] + [n]
    return jnp.fft.irfftn(z, s=s, axes=axes, norm=norm)


@functools.partial(jax.jit, static_argnames=("axes", "s"))
def filter_r2r(x, real, imag, axes, s):
    z = jnp.fft.rfftn(x, s=s, axes=axes) * to_native(real, imag)
    return jnp.fft.irfftn(z, s=s, axes=axes)


@functools.partial(jax.jit, static_argnames=("axes",))
def fft_real(x, axes):
    return jnp.real(jnp.fft.fftn(x, axes=axes))


def to_native(real, imag):
    return jax.lax.complex(real, imag)


def from_native(z):
    return jnp.real(z), jnp.imag(z)


def grad(fn, args):
    return list(jax.grad(fn, argnums=tuple(range(len(args))))(*args))


def compiled(fn):
    """`fn` as one XLA program (`jax.jit`): for code called many times on
    inputs of one shape, where op-by-op dispatch would compile each op."""
    return jax.jit(fn)


def list_devices():
    out = []
    for d in jax.devices():
        kind = "cpu" if d.platform == "cpu" else "gpu"
        out.append(f"{kind}:{d.id}")
    return out


def version():
    return jax.__version__
