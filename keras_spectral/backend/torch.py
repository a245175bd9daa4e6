"""PyTorch primitives: torch.fft, differentiable on every device."""

import functools

import keras
import torch


def _tensors(xs):
    """`xs` as torch tensors: NumPy arrays and numbers go to Keras's device."""
    return [x if isinstance(x, torch.Tensor) else keras.ops.convert_to_tensor(x) for x in xs]


# Keras's torch backend returns float32 for matmul/arctan2 on float64 input,
# and rounds a Python float operand to float32 in the arithmetic ones.
NATIVE_OPS = {
    "matmul": torch.matmul, "arctan2": torch.arctan2, "add": torch.add,
    "subtract": torch.subtract, "multiply": torch.multiply, "divide": torch.divide,
    "stack": lambda xs, axis=0: torch.stack(_tensors(xs), dim=axis),
    "concatenate": lambda xs, axis=0: torch.cat(_tensors(xs), dim=axis),
    "log": torch.log,
    "maximum": lambda a, b: torch.clamp_min(a, b) if isinstance(b, (int, float))
    else torch.maximum(a, b),
}
# Keras's torch stack/concatenate cost ten times torch's own.
ALWAYS_NATIVE = ("stack", "concatenate")


def compiling():
    """Whether torch.compile is tracing now (`keras_spectral.backend.compiling`);
    not torch.export (the ONNX exporter's first step), which traces NumPy
    constants as constants and would meet the custom op in the ONNX file."""
    return torch.compiler.is_compiling() and not torch.compiler.is_exporting()


def in_onnx_export():
    """Whether torch traces an ONNX export now: "auto" is "matmul" then (ONNX
    has no FFT operator torch's exporter writes; `keras_spectral.backend.method`)."""
    return bool(torch.onnx.is_in_onnx_export())


def kernel_drops_planes(t):
    """A CPU tensor, outside a TorchScript trace or an ONNX export, whose
    graphs run elsewhere (`keras_spectral.backend.kernel_drops_planes`);
    a torch.compile graph is guarded on its inputs' device."""
    return isinstance(t, torch.Tensor) and t.device.type == "cpu" and not (
        torch.jit.is_tracing() or in_onnx_export())


def _spec(ints):
    """An index set of `backend/matmul.py` from its int-list form."""
    return ("range", ints[0]) if len(ints) == 1 else ("low", ints[0], ints[1])


try:  # where Keras puts new tensors (a device scope, else cuda when present)
    from keras.src.backend.torch.core import get_device as _keras_device
except ImportError:  # pragma: no cover (a Keras that moved it)
    def _keras_device():
        return "cuda" if torch.cuda.is_available() else "cpu"

def _numpy_matrix(n, in_spec, out_spec, layout, sign, scale, dtype, half_weights):
    from keras_spectral.backend import matmul

    return matmul._numpy_matrix(n, _spec(in_spec), _spec(out_spec), layout, sign, scale,
                                dtype, half_weights)


@functools.lru_cache(maxsize=256)
def _device_matrix(args, device):
    """The matrix of `args` moved to `device` once."""
    return torch.tensor(_numpy_matrix(*args), device=device)


@torch.library.custom_op("keras_spectral::dft_matrix", mutates_args=())
def _dft_matrix(n: int, in_spec: list[int], out_spec: list[int], layout: str, sign: float,
                scale: float, dtype: str, half_weights: bool) -> torch.Tensor:
    args = (n, tuple(in_spec), tuple(out_spec), layout, sign, scale, dtype, half_weights)
    # a copy: the graph owns (and may reuse) an op's output memory
    return _device_matrix(args, torch.device(_keras_device())).clone()


@_dft_matrix.register_fake
def _(n, in_spec, out_spec, layout, sign, scale, dtype, half_weights):
    # from the sizes alone: under dynamic shapes they are SymInts, which NumPy cannot take
    rows, cols = sum(in_spec), sum(out_spec)
    rows, cols = (2 * rows if layout in ("c2c", "c2re") else rows,
                  2 * cols if layout in ("c2c", "r2c") else cols)
    return torch.empty((rows, cols), dtype=getattr(torch, dtype), device=_keras_device())


def dft_matrix(n, in_spec, out_spec, layout, sign, scale, dtype, half_weights):
    """The matmul transforms' matrix (`backend/matmul.py`'s `_numpy_matrix`)
    while torch.compile traces: one opaque op of the graph that builds it
    (cached in NumPy) when the graph runs, so Dynamo traces no NumPy and the
    graph does not break."""
    return _dft_matrix(n, list(in_spec[1:]), list(out_spec[1:]), layout, sign, scale, dtype,
                       half_weights)


def c2c(real, imag, axes, norm, inverse):
    fn = torch.fft.ifftn if inverse else torch.fft.fftn
    return from_native(fn(to_native(real, imag), dim=axes, norm=norm))


_ADJOINT_NORM = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


class _RFFTN(torch.autograd.Function):
    """rfftn whose gradient is one c2r transform.

    torch differentiates rfftn by zero-padding the half spectrum to a full one
    and running a complex-to-complex inverse (about 3x the forward's cost).
    The adjoint of rfftn is a c2r transform instead: `irfftn` with the adjoint
    norm of the gradient whose interior half-spectrum bins are halved (c2r
    counts them twice, once as their conjugate twin).
    """

    @staticmethod
    def forward(ctx, x, axes, norm, s=None):
        ctx.axes, ctx.norm = axes, norm
        ctx.inputs = [x.shape[a] for a in axes]
        ctx.sizes = list(s) if s is not None else ctx.inputs
        return torch.fft.rfftn(x, s=s, dim=axes, norm=norm)

    @staticmethod
    def backward(ctx, grad):
        n, last = ctx.sizes[-1], ctx.axes[-1]
        bins = grad.shape[last]
        halve = torch.full((bins,), 0.5, dtype=grad.real.dtype, device=grad.device)
        halve[0] = 1.0
        if n % 2 == 0:
            halve[-1] = 1.0
        halve = halve.reshape([bins if d == last % grad.dim() else 1 for d in range(grad.dim())])
        x = torch.fft.irfftn(grad * halve, s=ctx.sizes, dim=ctx.axes,
                             norm=_ADJOINT_NORM[ctx.norm])
        for axis, size, length in zip(ctx.axes, ctx.inputs, ctx.sizes):
            if size < length:  # the input was zero-padded: its part of the gradient
                x = x.narrow(axis, 0, size)
            elif size > length:  # it was truncated: zeros for the dropped part
                pad = [0, 0] * (x.dim() - 1 - axis % x.dim()) + [0, size - length]
                x = torch.nn.functional.pad(x, pad)
        return x.contiguous(), None, None, None


def r2c(x, axes, norm):
    x = x.contiguous()  # pocketfft's plan (and float32 rounding) follows the strides
    if x.requires_grad:
        return from_native(_RFFTN.apply(x, tuple(axes), norm))
    return from_native(torch.fft.rfftn(x, dim=axes, norm=norm))


def c2r(real, imag, axes, n, norm, plane_index=(), planes=()):
    z = to_native(real, imag)  # a fresh tensor: the planes are written in place
    for k, (pr, pi) in zip(plane_index, planes):
        z.narrow(axes[-1], k, 1).copy_(torch.complex(pr, pi))
    s = [z.shape[a] for a in axes[:-1]] + [n]
    # torch returns the transformed axes innermost in memory (strided views
    # otherwise); every op after it would run on that layout, several times
    # slower than on a contiguous tensor: one copy here is cheaper.
    return torch.fft.irfftn(z, s=s, dim=axes, norm=norm).contiguous()


def filter_r2r(x, real, imag, axes, s):
    axes, s, x = tuple(axes), list(s), x.contiguous()
    if x.requires_grad:
        z = _RFFTN.apply(x, axes, "backward", s)
    else:
        z = torch.fft.rfftn(x, s=s, dim=axes)
    return torch.fft.irfftn(z * torch.complex(real, imag), s=s, dim=axes).contiguous()


def frame(x, frame_length, frame_step):
    """Overlapping frames of the last axis as a strided view: no copy (the
    window product that follows makes the one copy). None while tracing an
    ONNX export, whose `unfold` fails ONNX shape inference: the generic
    reshapes and slices then."""
    if in_onnx_export():
        return None
    return x.unfold(-1, frame_length, frame_step)


def fft_real(x, axes):
    return torch.fft.fftn(x.contiguous(), dim=tuple(axes)).real.contiguous()


def to_native(real, imag):
    # torch.complex keeps its inputs' strides, and torch.fft's result (to the
    # last float32 bit) depends on them: a C-ordered copy makes every memory
    # layout give the same numbers (no copy when the parts are C-ordered).
    return torch.complex(real.contiguous(), imag.contiguous())


def from_native(z):
    return z.real, z.imag


def grad(fn, args):
    args = [a.detach().requires_grad_(True) for a in args]
    return list(torch.autograd.grad(fn(*args), args))


def list_devices():
    out = ["cpu:0"]
    if torch.cuda.is_available():
        out += [f"gpu:{i}" for i in range(torch.cuda.device_count())]
    return out


def version():
    return torch.__version__


def export_onnx(model, filepath, verbose=False):
    """ONNX through torch.export with a free batch axis (the exporter Keras
    3.15 uses only for fixed shapes), where every other input axis is fixed.

    Keras's own path for a free batch axis is the TorchScript trace, which
    hands a layer its sizes as 0-d tensors; torch.export keeps fixed sizes
    Python ints. Returns False (nothing to keep) where the model's inputs
    are unknown or have other free axes, or torch.export, the conversion or
    ONNX's full check fails: the caller then takes Keras's path.
    """
    import onnx

    inputs = getattr(model, "inputs", None)
    if not inputs or any(None in tuple(t.shape)[1:] for t in inputs):
        return False
    sample = [torch.zeros((2,) + tuple(t.shape)[1:], dtype=getattr(torch, t.dtype))
              for t in inputs]
    batch = torch.export.Dim("batch")
    free = [{0: batch} for _ in sample]
    # Keras's forward(*args): one positional argument, the input or the tuple of them
    args = (tuple(sample),) if len(sample) > 1 else (sample[0],)
    shapes = ((tuple(free),) if len(sample) > 1 else (free[0],),)
    try:
        model.eval()
        program = torch.onnx.export(model, args, dynamic_shapes=shapes, dynamo=True,
                                    verbose=bool(verbose),
                                    input_names=[t.name for t in inputs])
        program.optimize()
        program.save(filepath)
        onnx.checker.check_model(filepath, full_check=True)
    except Exception:  # torch.export or its converter refused: Keras's path instead
        return False
    return True
