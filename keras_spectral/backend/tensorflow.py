"""TensorFlow primitives on tf.signal.

tf.signal transforms only the innermost one to three axes, unnormalised
forward and 1/n inverse, so this module moves the axes to the end and scales.
"""

import tensorflow as tf

from keras_spectral.backend import inverse_scale


FLOAT64_OPS = {}  # Keras's tensorflow backend keeps float64.

_C2C = {
    1: (tf.signal.fft, tf.signal.ifft),
    2: (tf.signal.fft2d, tf.signal.ifft2d),
    3: (tf.signal.fft3d, tf.signal.ifft3d),
}
_R2C = {1: tf.signal.rfft, 2: tf.signal.rfft2d, 3: tf.signal.rfft3d}
_C2R = {1: tf.signal.irfft, 2: tf.signal.irfft2d, 3: tf.signal.irfft3d}


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


def r2c(x, axes, norm):
    x, perm = _to_end(x, axes)
    k = len(axes)
    lengths = _inner_lengths(x, k)
    z = _R2C[k](x, fft_length=tf.stack(lengths))
    z = _scaled(z, norm, lengths, False)
    return from_native(_back(z, perm))


def c2r(real, imag, axes, n, norm):
    z, perm = _to_end(to_native(real, imag), axes)
    k = len(axes)
    lengths = _inner_lengths(z, k)[:-1] + [n]
    x = _C2R[k](z, fft_length=tf.stack(lengths))
    x = _scaled(x, norm, lengths, True)
    return _back(x, perm)


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
