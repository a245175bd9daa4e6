"""The short-time Fourier transform and its inverse, with librosa's framing.

Conventions (librosa's, which torch.stft shares): the window has
`frame_length` samples and is centred in a frame of `fft_length` samples
(zero elsewhere); with `center=True` the signal is padded by `fft_length // 2`
on both sides, so frame `t` is centred on sample `t * frame_step`. Frames are
on the second-to-last axis and frequencies on the last (time first, as in
Keras and `tf.signal.stft`); librosa returns the transpose.
"""

import keras
import numpy as np
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import numerics
from keras_spectral.complex import Complex
from keras_spectral.ops import _transforms
from keras_spectral.ops.framing import at_end, frame, overlap_add
from keras_spectral.ops.windows import get_window

__all__ = ["stft", "istft"]

def check_center(center):
    return checks.boolean("center", center)


def _is_tensor(window):
    if isinstance(window, np.ndarray):
        return False
    return isinstance(window, keras.Variable) or ops.is_tensor(window) or \
        isinstance(window, keras.KerasTensor)


def window_array(window, frame_length):
    """A window as float64 NumPy values, or a tensor window checked.

    Args:
        window: a `get_window` name or tuple, an array of `frame_length`
            values, or a tensor / variable of shape `(frame_length,)` (a
            trainable window), which is returned as it is.
        frame_length: the window length in samples.

    Returns:
        A float64 NumPy array, or the tensor.

    Example:

    >>> window_array("hann", 4)  # [0, 0.5, 1, 0.5]
    """
    if _is_tensor(window):
        if tuple(window.shape) != (frame_length,):
            raise ValueError(
                f"`window` must have shape ({frame_length},) (`frame_length`); got "
                f"{tuple(window.shape)}."
            )
        return window
    return get_window(window, frame_length)


def _padded_window(window, frame_length, fft_length, dtype):
    """The window centred in `fft_length` samples (librosa's pad_center)."""
    left = (fft_length - frame_length) // 2
    right = fft_length - frame_length - left
    if _is_tensor(window):
        window = ops.cast(window, dtype)
        return ops.pad(window, [(left, right)]) if left or right else window
    return ops.convert_to_tensor(np.pad(window, (left, right)), dtype)


def _reflect_pad(x, pad):
    """numpy.pad(mode="reflect") of the last axis by `pad` on each side."""
    n = x.shape[-1]
    if n is not None and n <= pad:
        raise ValueError(
            f"`x` has {n} samples; pad_mode='reflect' with center=True needs more than "
            f"`fft_length // 2`={pad}. Use pad_mode='constant' or a longer signal."
        )
    head = ops.flip(at_end(x, slice(1, pad + 1)), axis=-1)
    tail = ops.flip(at_end(x, slice(-pad - 1, -1)), axis=-1)
    return ops.concatenate([head, x, tail], axis=-1)


def center_pad(x, fft_length, pad_mode):
    """Pads the last axis by `fft_length // 2` on both sides, as librosa's
    `center=True` does before framing.

    Args:
        x: a real tensor `(..., samples)`.
        fft_length: the FFT size.
        pad_mode: "reflect" (numpy's reflect, as librosa's default before 0.10
            and torchaudio's) or "constant" (zeros).

    Returns:
        A tensor `fft_length // 2 * 2` samples longer.

    Example:

    >>> center_pad(numpy.arange(6.0)[None], 4, "reflect")  # [[2, 1, 0, ..., 5, 4, 3]]
    """
    pad = fft_length // 2
    if pad == 0:
        return x
    if pad_mode == "reflect":
        return _reflect_pad(x, pad)
    return ops.pad(x, [(0, 0)] * (len(x.shape) - 1) + [(pad, pad)])


def stft(x, frame_length, frame_step, fft_length=None, window="hann", center=True,
         pad_mode="reflect"):
    """The short-time Fourier transform of real signals, as `librosa.stft`
    (transposed: time first).

    Args:
        x: a real tensor of shape `(..., samples)`.
        frame_length: the window length in samples (librosa's `win_length`);
            `None` for `fft_length` (librosa's default).
        frame_step: the hop between frames in samples (`hop_length`), > 0.
        fft_length: the FFT size (`n_fft`), >= `frame_length`; defaults to
            `frame_length`. A shorter window is centred in the frame.
        window: a name or tuple for `get_window` (periodic), or an array or
            tensor of `frame_length` values (a trainable window, say).
        center: pad the signal by `fft_length // 2` on both sides so that
            frame `t` is centred on sample `t * frame_step`.
        pad_mode: the centre padding, "reflect" or "constant" (zeros).

    Returns:
        A `Complex` of shape `(..., frames, fft_length // 2 + 1)`, with
        `frames = 1 + (samples + 2 * (fft_length // 2) - fft_length) //
        frame_step` when `center` (`1 + samples // frame_step` for an even
        `fft_length`), else `1 + (samples - fft_length) // frame_step`.

    Example:

    >>> y = numpy.random.randn(2, 16000).astype("float32")
    >>> z = stft(y, 400, 160, fft_length=512)
    >>> tuple(z.real.shape)  # (batch, frames, bins)
    (2, 101, 257)
    """
    frame_length, frame_step, fft_length = checks.frame_lengths(frame_length, frame_step, fft_length)
    checks.one_of("pad_mode", pad_mode, checks.PAD_MODES)
    check_center(center)
    window = window_array(window, frame_length)
    x = _transforms.real_input(x)
    if len(x.shape) < 1:
        raise ValueError("`x` must have a time axis; got a scalar.")
    if center:
        x = center_pad(x, fft_length, pad_mode)
    n = x.shape[-1]
    if n is not None and n < fft_length:
        raise ValueError(
            f"`x` has {n} samples{' after centre padding' if center else ''}, fewer than "
            f"`fft_length`={fft_length}."
        )
    dtype = keras.backend.standardize_dtype(x.dtype)
    frames = numerics.multiply(frame(x, fft_length, frame_step),
                         _padded_window(window, frame_length, fft_length, dtype))
    return _transforms.r2c(frames, (len(x.shape),), "backward")


def check_nola(window, frame_step, fft_length):
    """Raises unless the squared window overlap-adds to a positive envelope
    everywhere (the NOLA condition of `scipy.signal.check_NOLA`), without
    which an inverse STFT cannot recover the signal.

    Args:
        window: the window as `fft_length` values (centred and zero-padded),
            or a tensor (not checked: its values change in training).
        frame_step: the hop in samples.
        fft_length: the FFT size.

    Returns:
        None.

    Raises:
        ValueError: the condition fails (naming `window`, `frame_length`
            and `frame_step`).

    Example:

    >>> check_nola(get_window("hann", 512), 128, 512)  # passes
    """
    if _is_tensor(window):
        return
    squared = np.square(np.asarray(window, dtype="float64"))
    if frame_step > fft_length:
        low = 0.0
    else:
        padded = np.pad(squared, (0, -len(squared) % frame_step))
        low = padded.reshape(-1, frame_step).sum(axis=0).min()
    if not low > 1e-10 * max(squared.max(), 1e-300):
        raise ValueError(
            f"The `window` ({np.count_nonzero(squared)} nonzero of {len(squared)} samples: "
            f"see `frame_length`) and `frame_step`={frame_step} do not satisfy the NOLA "
            "(nonzero overlap-add) condition, so the signal cannot be recovered: the "
            f"squared windows sum to {low:.3g} at some sample. Use a shorter `frame_step`, "
            "a longer `frame_length` or another window."
        )


def istft(stft_matrix, frame_length, frame_step, fft_length=None, window="hann",
          center=True, length=None):
    """The inverse of `stft`, as `librosa.istft`: the least-squares signal
    whose transform is `stft_matrix` (exact when it is one).

    Frames are inverted, windowed and overlap-added, then divided by the
    overlap-added squared window.

    Args:
        stft_matrix: a `Complex` (or `(real, imag)` pair) of shape
            `(..., frames, fft_length // 2 + 1)`.
        frame_length: the window length of the forward transform; `None`
            for `fft_length`.
        frame_step: its hop, > 0.
        fft_length: its FFT size; defaults to `frame_length`.
        window: its window (see `stft`); it must satisfy NOLA with `frame_step`.
        center: whether the forward transform centre-padded the signal.
        length: the number of samples to return (cut or zero-padded);
            by default all the frames cover (less the centre padding).

    Returns:
        A real tensor of shape `(..., samples)`.

    Example:

    >>> y = numpy.random.default_rng(0).standard_normal((2, 4000)).astype("float32")
    >>> z = stft(y, 512, 128)
    >>> y2 = istft(z, 512, 128, length=y.shape[-1])
    >>> bool(numpy.allclose(keras.ops.convert_to_numpy(y2), y, atol=1e-4))
    True
    """
    frame_length, frame_step, fft_length = checks.frame_lengths(frame_length, frame_step, fft_length)
    check_center(center)
    window = window_array(window, frame_length)
    if length is not None:
        checks.integer("length", length, minimum=1, allow_none=True)
    real, imag = _transforms.complex_input(stft_matrix, "stft_matrix")
    if len(real.shape) < 2 or real.shape[-1] != fft_length // 2 + 1:
        raise ValueError(
            f"`stft_matrix` must have shape (..., frames, {fft_length // 2 + 1}) for "
            f"`fft_length`={fft_length}; got {tuple(real.shape)}."
        )
    left = (fft_length - frame_length) // 2
    padded = np.pad(window, (left, fft_length - frame_length - left)) \
        if not _is_tensor(window) else None
    check_nola(padded, frame_step, fft_length)
    dtype = keras.backend.standardize_dtype(real.dtype)
    win = _padded_window(window, frame_length, fft_length, dtype)
    frames = _transforms.c2r(Complex(real, imag), (len(real.shape) - 1,), fft_length, "backward")
    y = overlap_add(numerics.multiply(frames, win), frame_step)
    y = numerics.divide(y, _envelope(win, padded, real.shape[-2], frames, frame_step, dtype))
    start = fft_length // 2 if center else 0
    if length is None:
        stop = -start if start else None
        return at_end(y, slice(start, stop))
    return _transforms.resize(at_end(y, slice(start, None)), len(real.shape) - 2, length)


def _envelope(win, padded, count, frames, frame_step, dtype):
    """The overlap-added squared window, with 1 where it is ~0 (there the
    signal is unrecoverable and left as it is, as librosa does)."""
    if padded is not None and count is not None:
        # In blocks of frame_step samples: chunk j of every frame's squared
        # window lands on block t + j (a few vector adds, not a loop over frames).
        chunks = -(-len(padded) // frame_step)
        squared = np.pad(np.square(padded), (0, chunks * frame_step - len(padded)))
        blocks = np.zeros((count + chunks - 1, frame_step))
        for j, chunk in enumerate(squared.reshape(chunks, frame_step)):
            blocks[j:j + count] += chunk
        env = blocks.ravel()[:(count - 1) * frame_step + len(padded)]
        env[env <= np.finfo("float32").tiny] = 1.0
        return ops.convert_to_tensor(env, dtype)
    squared = numerics.multiply(win, win)
    ones = ops.ones_like(at_end(frames[(0,) * (len(frames.shape) - 2)], slice(None, 1)))  # (frames, 1)
    env = overlap_add(numerics.multiply(ones, squared), frame_step)
    return numerics.where(env > np.finfo("float32").tiny, env, ops.ones_like(env))

