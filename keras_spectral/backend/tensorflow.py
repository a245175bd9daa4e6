"""TensorFlow primitives on tf.signal.

tf.signal transforms only the innermost one to three axes, unnormalised
forward and 1/n inverse, so this module moves the axes to the end and scales.
"""

import functools

import keras
import tensorflow as tf

from keras_spectral.backend import inverse_scale


def _grouped(inputs, kernel, data_format):
    axis = 1 if data_format == "channels_first" else -1
    return inputs.shape[axis] != kernel.shape[-2]


# One XLA function for every eager grouped convolution (compiled once per shape
# and arguments): Keras's tensorflow `conv` sends a grouped convolution (which
# TensorFlow's CPU kernels lack) through a tf.function(jit_compile=True) it
# creates at every call, so each eager call traced and compiled anew (~90 ms).
_xla_conv = tf.function(keras.ops.conv, jit_compile=True)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """`keras.ops.conv`; an eager grouped convolution through `_xla_conv`."""
    data_format = data_format or keras.config.image_data_format()
    fn = _xla_conv if tf.executing_eagerly() and _grouped(inputs, kernel, data_format) \
        else keras.ops.conv
    return fn(inputs, kernel, strides=strides, padding=padding, data_format=data_format,
              dilation_rate=dilation_rate)


# Keras's tensorflow backend keeps float64; its eager grouped conv recompiles.
NATIVE_OPS = {"conv": conv}
ALWAYS_NATIVE = ("conv",)

@functools.cache
def _accelerators():
    return any(tf.config.list_logical_devices(kind) for kind in ("GPU", "TPU"))


def kernel_drops_planes(t):
    """An eager call in a process without accelerators, where every op runs
    on CPU (`keras_spectral.backend.kernel_drops_planes`)."""
    return tf.executing_eagerly() and isinstance(t, tf.Tensor) and not _accelerators()


_C2C = {
    1: (tf.signal.fft, tf.signal.ifft),
    2: (tf.signal.fft2d, tf.signal.ifft2d),
    3: (tf.signal.fft3d, tf.signal.ifft3d),
}
# RFFT3D / IRFFT3D have no registered gradient in TensorFlow ("Gradient for
# RFFT3D is not implemented"): a real transform over three axes is a real
# transform over the inner two and a complex one over the outer.


def _third_axis(z, inverse):
    """The complex (inverse) FFT over axis -3 of a native complex tensor."""
    perm = list(range(len(z.shape)))
    perm[-3], perm[-1] = perm[-1], perm[-3]
    fn = tf.signal.ifft if inverse else tf.signal.fft
    return tf.transpose(fn(tf.transpose(z, perm)), perm)


def _fit_third_axis(x, n):
    """`x` zero-padded or truncated to `n` on axis -3 (numpy.fft's `s`)."""
    m = x.shape[-3]
    if isinstance(n, int) and m == n:
        return x
    pad = [[0, 0]] * len(x.shape)
    pad[-3] = [0, n if m is None or not isinstance(n, int) else max(n - m, 0)]
    return tf.pad(x, pad)[..., :n, :, :]


def _rfft3(x, fft_length):
    z = tf.signal.rfft2d(_fit_third_axis(x, fft_length[0]), fft_length=tf.stack(fft_length[1:]))
    return _third_axis(z, inverse=False)


def _irfft3(z, fft_length):
    return tf.signal.irfft2d(_third_axis(z, inverse=True), fft_length=tf.stack(fft_length[1:]))


_R2C = {1: tf.signal.rfft, 2: tf.signal.rfft2d}
_C2R = {1: tf.signal.irfft, 2: tf.signal.irfft2d}


def _rfftn(x, fft_length):
    k = len(fft_length)
    return _rfft3(x, fft_length) if k == 3 else _R2C[k](x, fft_length=tf.stack(fft_length))


def _irfftn(z, fft_length):
    k = len(fft_length)
    return _irfft3(z, fft_length) if k == 3 else _C2R[k](z, fft_length=tf.stack(fft_length))


def _to_end(x, axes):
    """Transposes `axes` to the innermost positions; returns the inverse perm."""
    rank = len(x.shape)
    axes = list(axes)
    if axes == list(range(rank - len(axes), rank)):
        return x, None
    perm = [a for a in range(rank) if a not in axes] + axes
    inverse = [0] * rank
    for i, p in enumerate(perm):
        inverse[p] = i
    return tf.transpose(x, perm), inverse


def _back(x, inverse_perm):
    return x if inverse_perm is None else tf.transpose(x, inverse_perm)


def _inner_lengths(t, k):
    """Lengths of the innermost `k` axes, outer first: ints where static."""
    dynamic = tf.shape(t)
    return [t.shape[i] if t.shape[i] is not None else dynamic[i]
            for i in range(len(t.shape) - k, len(t.shape))]


def _scaled(t, norm, lengths, inverse):
    if norm == "backward":
        return t
    size = 1
    for n in lengths:
        size = size * n
    if not isinstance(size, int):
        size = tf.cast(size, t.dtype.real_dtype)
    factor = inverse_scale(norm, size, inverse)
    if isinstance(factor, float):  # tf.cast would round a Python float to float32
        return t * tf.constant(factor, dtype=t.dtype)
    return t * tf.cast(factor, t.dtype)


def c2c(real, imag, axes, norm, inverse):
    z, perm = _to_end(to_native(real, imag), axes)
    k = len(axes)
    out = _C2C[k][1 if inverse else 0](z)
    out = _scaled(out, norm, _inner_lengths(z, k), inverse)
    return from_native(_back(out, perm))


def _keep_static(t, like, last):
    """tf.signal loses the static shape when a length is a tensor: put back
    what is known (all but the last axis, and the last where `last` is set)."""
    t.set_shape(like.shape[:-1].concatenate([last]))
    return t


def r2c(x, axes, norm):
    x, perm = _to_end(x, axes)
    k = len(axes)
    lengths = _inner_lengths(x, k)
    n = x.shape[-1]
    z = _keep_static(_rfftn(x, lengths), x,
                     None if n is None else n // 2 + 1)
    z = _scaled(z, norm, lengths, False)
    return from_native(_back(z, perm))


def _with_planes(z, axis, plane_index, planes):
    """`z` with bins `plane_index` on `axis` replaced by `planes`.

    A strided-slice update of the fresh tensor `z`, which TensorFlow can do in
    place (cheaper than a concat or a masking pass over the whole spectrum).
    """
    rank = len(z.shape)
    others = sum(1 << d for d in range(rank) if d != axis)
    for k, (pr, pi) in zip(plane_index, planes):
        begin = [0] * rank
        end = [0] * rank
        begin[axis], end[axis] = k, k + 1
        z = tf.raw_ops.TensorStridedSliceUpdate(
            input=z, begin=begin, end=end, strides=[1] * rank,
            value=to_native(pr, pi), begin_mask=others, end_mask=others)
    return z


def c2r(real, imag, axes, n, norm, plane_index=(), planes=()):
    z = _with_planes(to_native(real, imag), axes[-1], plane_index, planes)
    z, perm = _to_end(z, axes)
    k = len(axes)
    lengths = _inner_lengths(z, k)[:-1] + [n]
    x = _keep_static(_irfftn(z, lengths), z,
                     n if isinstance(n, int) else None)
    x = _scaled(x, norm, lengths, True)
    return _back(x, perm)


def filter_r2r(x, real, imag, axes, s):
    x, perm = _to_end(x, axes)
    k = len(axes)
    gain = to_native(real, imag)
    gain = gain if perm is None else tf.transpose(gain, [perm.index(i) for i in range(len(perm))])
    z = _rfftn(x, list(s)) * gain
    out = _keep_static(_irfftn(z, list(s)), x,
                       s[-1] if isinstance(s[-1], int) else None)
    if k > 1:
        out.set_shape(x.shape[:-k].concatenate(
            [n if isinstance(n, int) else None for n in s]))
    return _back(out, perm)


def fft_real(x, axes):
    x, perm = _to_end(x, axes)
    z = _C2C[len(axes)][0](tf.complex(x, tf.zeros_like(x)))
    return _back(tf.math.real(z), perm)


def to_native(real, imag):
    return tf.complex(real, imag)


def from_native(z):
    return tf.math.real(z), tf.math.imag(z)


def grad(fn, args):
    args = [tf.convert_to_tensor(a) for a in args]
    with tf.GradientTape() as tape:
        for a in args:
            tape.watch(a)
        y = fn(*args)
    return tape.gradient(y, args)


def list_devices():
    out = []
    for d in tf.config.list_logical_devices():
        kind = d.device_type.lower()
        if kind in ("cpu", "gpu"):
            out.append(f"{kind}:{d.name.rsplit(':', 1)[-1]}")
    return out


def version():
    return tf.__version__


def litert_builtin_ops():
    """LiteRT's converter `target_spec` allowing builtin ops only (no Flex
    ops: the TensorFlow kernels a plain LiteRT runtime lacks)."""
    return {"supported_ops": {tf.lite.OpsSet.TFLITE_BUILTINS}}
