"""The native code: the original FNO's SpectralConv written directly with the
backend's complex dtypes (rfftn, one einsum per kept corner into a zero
spectrum, irfftn), and the floor (the bare rfftn + irfftn).

`native(backend_name, shape, modes, channels_last)` returns four fns of native
tensors: fwd(x, w) -> y; fb(x, w, g) -> (dx, dw), the gradient of
`sum(fwd(x, w) * g)`; fft_only(x), the kept corners copied into the zero
spectrum without mixing (needs C == F); mix_only(blocks, w), the mixing alone.
`floor(backend_name, rank, spatial)` returns floor(x) and floor_fb(x, g) on
channels_first input.
"""

from functools import partial
from types import SimpleNamespace

from benchmarks.fno.cases import corner_slices
from benchmarks.fno.common import torch_grad


def native(backend_name, shape, modes, channels_last):
    if backend_name == "tensorflow":
        return _native_tf(shape, modes, channels_last)
    rank = len(modes)
    axes = tuple(range(1, rank + 1)) if channels_last else tuple(range(2, rank + 2))
    ops = _OPS[backend_name](axes, tuple(shape[1:-1]))
    channel_axis = -1 if channels_last else 1
    corners = corner_slices(modes)

    def index(sl):
        return (slice(None),) + sl + (slice(None),) if channels_last else \
            (slice(None), slice(None)) + sl

    def assemble(xf, blocks, filters):
        out_shape = list(xf.shape)
        out_shape[channel_axis] = filters
        out = ops.zeros(out_shape, xf.dtype)
        for sl, blk in zip(corners, blocks):
            out = ops.put(out, index(sl), blk)
        return ops.irfftn(out)

    return _spectral_conv(ops.rfftn, assemble, [index(sl) for sl in corners],
                          partial(ops.einsum, _equation(rank, channels_last)),
                          ops.gradient, channel_axis)


def floor(backend_name, rank, spatial):
    if backend_name == "tensorflow":
        import tensorflow as tf

        rfft = getattr(tf.signal, _TF_R2C[rank])
        irfft = partial(getattr(tf.signal, _TF_C2R[rank]), fft_length=list(spatial))
        tf.get_logger().setLevel("ERROR")  # the retracing notes of the checks
    else:
        ops = _OPS[backend_name](tuple(range(-rank, 0)), tuple(spatial))
        rfft, irfft = ops.rfftn, ops.irfftn

    def floor(x):
        return irfft(rfft(x))

    return floor, lambda x, g: (floor(x), floor(g))


def _equation(rank, channels_last):
    s = "xyz"[:rank]
    return f"b{s}i,io{s}->b{s}o" if channels_last else f"bi{s},io{s}->bo{s}"


def _spectral_conv(spectrum, assemble, cuts, einsum, gradient, channel_axis):
    """The four fns from a backend's pieces: spectrum(x) -> xf; `cuts`, the
    index of each kept corner of xf; einsum(block, weight) of one corner;
    assemble(xf, blocks, filters) -> y; gradient(fwd) -> fb."""

    def mix_only(blocks, w):
        return [einsum(b, w[c]) for c, b in enumerate(blocks)]

    def fwd(x, w):
        xf = spectrum(x)
        return assemble(xf, mix_only([xf[i] for i in cuts], w), w.shape[2])

    def fft_only(x):
        xf = spectrum(x)
        return assemble(xf, [xf[i] for i in cuts], xf.shape[channel_axis])

    return fwd, gradient(fwd), fft_only, mix_only


# --- JAX and torch: complex arrays with scatter into a zero spectrum -----------------
#
# Per backend, given the transformed axes and their lengths: rfftn(x),
# irfftn(z), zeros(shape, dtype), put(out, index, block) -> out, einsum, and
# gradient(fwd) -> fb(x, w, g).


def _jax_ops(axes, spatial):
    import jax
    import jax.numpy as jnp

    def gradient(fwd):
        def fb(x, w, g):
            return jax.grad(lambda x, w: jnp.sum(fwd(x, w) * g), argnums=(0, 1))(x, w)
        return fb

    return SimpleNamespace(
        rfftn=partial(jnp.fft.rfftn, axes=axes),
        irfftn=partial(jnp.fft.irfftn, s=spatial, axes=axes),
        zeros=jnp.zeros, put=lambda out, index, blk: out.at[index].set(blk),
        einsum=jnp.einsum, gradient=gradient)


def _torch_ops(axes, spatial):
    import torch

    def put(out, index, blk):
        out[index] = blk
        return out

    return SimpleNamespace(
        rfftn=partial(torch.fft.rfftn, dim=axes),
        irfftn=partial(torch.fft.irfftn, s=spatial, dim=axes),
        zeros=lambda shape, dtype: torch.zeros(shape, dtype=dtype), put=put,
        einsum=torch.einsum, gradient=torch_grad)


_OPS = {"jax": _jax_ops, "torch": _torch_ops}


# --- TensorFlow: tf.signal over the innermost axes, concat and pad ---------------------

_TF_R2C = {1: "rfft", 2: "rfft2d", 3: "rfft3d"}
_TF_C2R = {1: "irfft", 2: "irfft2d", 3: "irfft3d"}


def _tf_differentiable_rfft(rank):
    """tf.signal's rfft and irfft over the innermost `rank` axes. TensorFlow
    has no gradient for RFFT3D / IRFFT3D: in 3-D, rfft2d over the last two
    axes and fft over the first (moved innermost and back)."""
    import tensorflow as tf

    if rank < 3:
        return getattr(tf.signal, _TF_R2C[rank]), getattr(tf.signal, _TF_C2R[rank])
    perm = (0, 1, 3, 4, 2)  # (B, C, D, H, W') -> (B, C, H, W', D)
    back = (0, 1, 4, 2, 3)

    def rfft(x):
        z = tf.signal.rfft2d(x)
        return tf.transpose(tf.signal.fft(tf.transpose(z, perm)), back)

    def irfft(z, fft_length):
        z = tf.transpose(tf.signal.ifft(tf.transpose(z, perm)), back)
        return tf.signal.irfft2d(z, fft_length=fft_length[1:])

    return rfft, irfft


def _native_tf(shape, modes, channels_last):
    """tf.signal transforms the innermost axes only: channels_last input is
    transposed to channels_first and back, as a user would write it."""
    import tensorflow as tf

    rank = len(modes)
    spatial = list(shape[1:-1])
    rfft, irfft = _tf_differentiable_rfft(rank)
    to_cf = (0, rank + 1) + tuple(range(1, rank + 1))
    to_cl = (0,) + tuple(range(2, rank + 2)) + (1,)

    def spectrum(x):
        return rfft(tf.transpose(x, to_cf) if channels_last else x)

    def assemble(xf, blocks, filters):
        """Corner blocks (B, F, *modes) -> the zero-padded half spectrum -> y."""
        blocks = dict(enumerate(blocks))
        for a in range(rank - 1):  # join the (+) and (-) halves of full axis a
            n, m = spatial[a], modes[a]
            joined = {}
            for c, blk in blocks.items():
                if (c >> a) & 1:
                    continue
                neg = blocks[c | (1 << a)]
                gap_shape = list(blk.shape)
                gap_shape[2 + a] = n - 2 * m
                gap = tf.zeros(gap_shape, blk.dtype)
                joined[c] = tf.concat([blk, gap, neg], axis=2 + a)
            blocks = joined
        out = blocks[0]
        pad = [[0, 0]] * (rank + 1) + [[0, spatial[-1] // 2 + 1 - modes[-1]]]
        out = tf.pad(out, pad)
        y = irfft(out, fft_length=spatial)
        return tf.transpose(y, to_cl) if channels_last else y

    def gradient(fwd):
        def fb(x, w, g):
            with tf.GradientTape() as tape:
                tape.watch([x, w])
                loss = tf.reduce_sum(fwd(x, w) * g)
            return tape.gradient(loss, [x, w])
        return fb

    cuts = [(slice(None), slice(None)) + sl for sl in corner_slices(modes)]
    return _spectral_conv(spectrum, assemble, cuts,
                          partial(tf.einsum, _equation(rank, False)), gradient, 1)
