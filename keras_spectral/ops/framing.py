"""`frame` and `overlap_add`: slicing a signal into overlapping frames and
summing frames back into a signal, on the last axis.

On torch, `frame` is `Tensor.unfold`, a strided view. Elsewhere both are
written with reshapes and contiguous slices only (no gather or
scatter), so they are as fast as a copy and their gradients are too: with
`g = gcd(frame_length, frame_step)` the signal is a sequence of blocks of `g`
samples, and a frame is `frame_length // g` consecutive blocks starting at
every `frame_step // g`-th block. Frames are built (or summed) one block
offset at a time, so the cost is `frame_length // g` copies of the output.
Where that count is large (lengths and steps with a small common divisor)
the frames are padded to a multiple of the step first (blocks of
`frame_step` samples), and only where that too needs many blocks (steps
much shorter than frames) does `frame` use a gather.
"""

import math

import keras
from keras import ops

from keras_spectral import _checks as checks
from keras_spectral import backend
from keras_spectral import numerics
from keras_spectral.ops import _transforms

__all__ = ["frame", "overlap_add"]

# Above this many block offsets a gather (segment sum) is cheaper.
_MAX_OFFSETS = 16


def _check(frame_length, frame_step):
    return (checks.integer("frame_length", frame_length, minimum=1),
            checks.integer("frame_step", frame_step, minimum=1))


def _lead(x, k):
    """The sizes of all but the last `k` axes (static ints, or tensors)."""
    dynamic = ops.shape(x)
    return [s if s is not None else dynamic[i] for i, s in enumerate(x.shape[:len(x.shape) - k])]


def at_end(x, *index):
    """`x[..., *index]` written out (`x[:, :, *index]`): TensorFlow Lite's
    builtin strided slice and tf2onnx's Slice mishandle an ellipsis (on a
    rank-1 tensor the converter asks for a Flex op; tf2onnx writes duplicate
    axes), so the exported files of the framing ops need the explicit form."""
    return x[(slice(None),) * (len(x.shape) - len(index)) + index]


def num_frames(length, frame_length, frame_step):
    """The number of whole frames in `length` samples (an int, or a tensor)."""
    return 1 + (length - frame_length) // frame_step


def _frame(x, frame_length, frame_step):
    native = getattr(backend.get(), "frame", None)  # a view where the backend has one
    framed = None if native is None else native(x, frame_length, frame_step)
    if framed is not None:
        return framed
    n = x.shape[-1] if x.shape[-1] is not None else ops.shape(x)[-1]
    count = num_frames(n, frame_length, frame_step)
    lead = _lead(x, 1)
    g = math.gcd(frame_length, frame_step)
    q, r = frame_length // g, frame_step // g
    padded = -(-frame_length // frame_step) * frame_step
    if q > _MAX_OFFSETS and padded // frame_step <= _MAX_OFFSETS:
        x = ops.pad(x, [(0, 0)] * len(lead) + [(0, padded - frame_length)])
        return at_end(_frame(x, padded, frame_step), slice(None, frame_length))
    if q > _MAX_OFFSETS:
        if not isinstance(count, int):
            count = ops.cast(count, "int32")
        index = ops.add(ops.expand_dims(ops.arange(count) * frame_step, -1),
                        ops.arange(frame_length))
        return ops.take(x, index, axis=-1)
    blocks = ops.reshape(at_end(x, slice(None, (count - 1) * frame_step + frame_length)),
                         lead + [-1, g])
    if r > 1:  # room to read `count * r` blocks from every offset
        blocks = ops.pad(blocks, [(0, 0)] * len(lead) + [(0, r), (0, 0)])
    pieces = []
    for j in range(q):
        piece = at_end(blocks, slice(j, j + count * r), slice(None))
        if r > 1:
            piece = at_end(ops.reshape(piece, lead + [count, r, g]), 0, slice(None))
        pieces.append(piece)
    out = ops.stack(pieces, axis=-2) if q > 1 else ops.expand_dims(pieces[0], -2)
    return ops.reshape(out, lead + [count, frame_length])


def _overlap_add(frames, frame_step):
    count = frames.shape[-2] if frames.shape[-2] is not None else ops.shape(frames)[-2]
    frame_length = frames.shape[-1]
    lead = _lead(frames, 2)
    length = (count - 1) * frame_step + frame_length
    g = math.gcd(frame_length, frame_step)
    q, r = frame_length // g, frame_step // g
    padded = -(-frame_length // frame_step) * frame_step
    if q > _MAX_OFFSETS and padded // frame_step < q:  # pad frames to step-sized blocks
        frames = ops.pad(frames, [(0, 0)] * (len(lead) + 1) + [(0, padded - frame_length)])
        return at_end(_overlap_add(frames, frame_step), slice(None, length))
    chunks = ops.reshape(frames, lead + [count, q, g])
    rows = count * r + q  # enough rows for every offset; cut to `length` at the end
    out = None
    for j in range(q):
        chunk = at_end(chunks, j, slice(None))
        if r > 1:  # chunk f goes to row f * r + j: interleave r - 1 zero rows
            chunk = ops.pad(ops.expand_dims(chunk, -2),
                            [(0, 0)] * (len(lead) + 1) + [(0, r - 1), (0, 0)])
            chunk = ops.reshape(chunk, lead + [count * r, g])
        chunk = ops.pad(chunk, [(0, 0)] * len(lead) + [(j, rows - j - count * r), (0, 0)])
        out = chunk if out is None else numerics.add(out, chunk)
    out = ops.reshape(out, lead + [rows * g])
    return at_end(out, slice(None, length))


class Frame(keras.Operation):
    """`frame` on symbolic tensors."""

    def __init__(self, frame_length, frame_step, name=None):
        super().__init__(name=name)
        self.frame_length, self.frame_step = frame_length, frame_step

    def call(self, x):
        return _frame(x, self.frame_length, self.frame_step)

    def compute_output_spec(self, x):
        n = x.shape[-1]
        count = None if n is None else num_frames(n, self.frame_length, self.frame_step)
        return keras.KerasTensor(tuple(x.shape[:-1]) + (count, self.frame_length), x.dtype)


class OverlapAdd(keras.Operation):
    """`overlap_add` on symbolic tensors."""

    def __init__(self, frame_step, name=None):
        super().__init__(name=name)
        self.frame_step = frame_step

    def call(self, frames):
        return _overlap_add(frames, self.frame_step)

    def compute_output_spec(self, frames):
        count, frame_length = frames.shape[-2:]
        n = None if count is None else (count - 1) * self.frame_step + frame_length
        return keras.KerasTensor(tuple(frames.shape[:-2]) + (n,), frames.dtype)


def frame(x, frame_length, frame_step):
    """Overlapping frames of the last axis, as `tf.signal.frame` (no padding).

    Frame `t` holds samples `t * frame_step ... t * frame_step + frame_length
    - 1`; samples after the last whole frame are dropped.

    Args:
        x: a real tensor of shape `(..., samples)`, samples >= `frame_length`.
        frame_length: the samples in a frame, a positive int.
        frame_step: the hop between frame starts, a positive int.

    Returns:
        A tensor of shape `(..., frames, frame_length)` with
        `frames = 1 + (samples - frame_length) // frame_step`.

    Example:

    >>> frame(numpy.arange(6.0), 4, 2)  # [[0, 1, 2, 3], [2, 3, 4, 5]]
    [[0., 1., 2., 3.],
     [2., 3., 4., 5.]]
    """
    frame_length, frame_step = _check(frame_length, frame_step)
    x = _transforms.real_input(x)
    if len(x.shape) < 1:
        raise ValueError("`x` must have at least one axis; got a scalar.")
    n = x.shape[-1]
    if n is not None and n < frame_length:
        raise ValueError(
            f"`x` has {n} samples on its last axis, fewer than `frame_length`={frame_length}."
        )
    if _transforms.is_symbolic(x):
        return Frame(frame_length, frame_step)(x)
    return _frame(x, frame_length, frame_step)


def overlap_add(frames, frame_step):
    """Sums overlapping frames into a signal: the adjoint of `frame`, as
    `tf.signal.overlap_and_add`.

    Args:
        frames: a real tensor of shape `(..., frames, frame_length)`.
        frame_step: the hop between frame starts, a positive int.

    Returns:
        A tensor of shape `(..., (frames - 1) * frame_step + frame_length)`.

    Example:

    >>> overlap_add(numpy.ones((3, 4)), 2)  # [1, 1, 2, 2, 2, 2, 1, 1]
    [1., 1., 2., 2., 2., 2., 1., 1.]
    """
    frames = _transforms.real_input(frames, "frames")
    if len(frames.shape) < 2:
        raise ValueError(
            f"`frames` must have shape (..., frames, frame_length); got rank "
            f"{len(frames.shape)}."
        )
    frame_length = frames.shape[-1]
    if frame_length is None:
        raise ValueError("The last axis of `frames` (`frame_length`) must have a known size.")
    _, frame_step = _check(frame_length, frame_step)
    if _transforms.is_symbolic(frames):
        return OverlapAdd(frame_step)(frames)
    return _overlap_add(frames, frame_step)
