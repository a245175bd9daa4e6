"""neuraloperator, the peer (torch only, channels_first, its layout): its
SpectralConv with our frequencies and weights, and its FNO configured as the
original FNO-1D with a plain torch training step."""

import numpy as np

from benchmarks.fno.cases import BURGERS
from benchmarks.fno.common import close, torch_grad


def neuralop_modes(modes):
    """neuraloperator's `n_modes` keeping our frequencies: it counts both signs
    on full axes (2m: -m..m-1, as our [:m] and [-m:]) and keeps
    n_modes // 2 + 1 bins on the last (rfft) axis (2m - 1 -> m bins)."""
    return tuple(2 * m for m in modes[:-1]) + (2 * modes[-1] - 1,)


def neuralop_weight(w, modes):
    """Our corner weights `(corners, C, F, *modes)` as neuraloperator's dense
    weight `(C, F, 2m_1, ..., m_d)`, full axes in fftshift order (-m..m-1)."""
    corners, c_in, c_out = w.shape[:3]
    grid = tuple(2 * m for m in modes[:-1]) + (modes[-1],)
    out = np.zeros((c_in, c_out) + grid, w.dtype)
    for c in range(corners):
        sl = tuple(slice(0, m) if (c >> a) & 1 else slice(m, 2 * m)
                   for a, m in enumerate(modes[:-1]))
        out[(slice(None), slice(None)) + sl + (slice(None),)] = w[c]
    return out


def channels_first(a):
    """A (batch, s, channels) array as a contiguous channels_first torch tensor."""
    import torch

    return torch.from_numpy(np.ascontiguousarray(a.transpose(0, 2, 1)))


# --- SpectralConv ------------------------------------------------------------------


def conv_case(channels, modes, w_np, x_cf, g_cf, ours_y_cf, ours_dx_cf):
    """neuraloperator's SpectralConv with our weights `w_np`, checked against
    our output and input gradient (channels_first). Returns (checks, info,
    {pass: call}) for the channels_first input `x_cf` and cotangent `g_cf`."""
    import neuralop
    import torch
    from neuralop.layers.spectral_convolution import SpectralConv

    nm = neuralop_modes(modes)
    conv = SpectralConv(channels, channels, n_modes=nm, bias=False)
    weight = conv.weight.tensor if hasattr(conv.weight, "tensor") else conv.weight
    expected = (channels, channels) + tuple(2 * m for m in modes[:-1]) + (modes[-1],)
    if tuple(weight.shape) != expected:
        raise AssertionError(f"neuralop weight {tuple(weight.shape)} != {expected}")
    with torch.no_grad():
        weight.copy_(torch.from_numpy(neuralop_weight(w_np, modes)))
    fb = torch_grad(conv, list(conv.parameters()))
    checks = {
        "neuralop": close("ours vs neuralop forward", ours_y_cf, conv(x_cf)),
        "neuralop_grad_x": close("ours vs neuralop input gradient", ours_dx_cf,
                                 torch_grad(conv)(x_cf, g_cf)[0]),
    }
    info = {"neuralop": neuralop.__version__ if hasattr(neuralop, "__version__")
            else "?", "neuralop_n_modes": list(nm),
            "neuralop_weight_shape": list(weight.shape)}
    calls = {"forward": lambda: conv(x_cf), "forward+backward": lambda: fb(x_cf, g_cf)}
    return checks, info, calls


# --- FNO-1D training step ------------------------------------------------------------


def build_fno():
    """neuraloperator's FNO as the original FNO-1D: grid embedding (2 input
    channels with the grid), a linear lifting to 64, four blocks of spectral
    conv + linear skip (no channel MLP, no norm), projection 64 -> 128 -> 1."""
    from neuralop.models import FNO as NFNO

    return NFNO(n_modes=neuralop_modes((BURGERS["modes"],)), in_channels=1,
                out_channels=1, hidden_channels=BURGERS["width"],
                n_layers=BURGERS["blocks"], lifting_channel_ratio=0,
                projection_channel_ratio=BURGERS["projection"] / BURGERS["width"],
                positional_embedding="grid", use_channel_mlp=False,
                fno_skip="linear", norm=None)


def train_step(model):
    """step(x, y): a plain torch step of `model` (forward, relative L2 loss,
    backward, Adam step) on channels_first tensors; returns the loss."""
    import torch

    opt = torch.optim.Adam(model.parameters(), lr=BURGERS["lr"])

    def step(x, y):
        batch = x.shape[0]
        opt.zero_grad(set_to_none=True)
        out = model(x)
        diff = torch.linalg.vector_norm((out - y).reshape(batch, -1), dim=1)
        loss = (diff / torch.linalg.vector_norm(y.reshape(batch, -1), dim=1)).mean()
        loss.backward()
        opt.step()
        return loss

    return step


def count_params(model):
    """Real parameters: a complex one counts twice (real and imaginary parts)."""
    return int(sum(p.numel() * (2 if p.is_complex() else 1) for p in model.parameters()))
