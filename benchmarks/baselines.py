"""Each paper's code, written once on an adapter `Engine` `e`, as `fn(params, x)`
of channels_last input: in the paper's layout, or moved channels_first and back
where the framework transforms the innermost axes only (`e.innermost`). A layer's
paper gives (fn, our layer's weights `w` {name: array} in the paper's layout)."""

import numpy as np


def to_cf(rank):  # the axes of channels_last moved channels_first, and back
    return (0, rank + 1) + tuple(range(1, rank + 1))


def to_cl(rank):
    return (0,) + tuple(range(2, rank + 2)) + (1,)


def spectral_conv(e, shape, modes, channels_last=True):
    """The original FNO's SpectralConv (Li et al.): rfftn, one einsum per kept
    corner into a zero spectrum, irfftn."""
    rank, spatial = len(modes), tuple(shape[1:-1])
    move = channels_last and e.innermost
    cl = channels_last and not move
    axes = tuple(range(1, rank + 1)) if cl else tuple(range(2, rank + 2))
    s = "xyz"[:rank]
    eq = f"b{s}i,io{s}->b{s}o" if cl else f"bi{s},io{s}->bo{s}"
    corners = [(slice(None),) * (1 if cl else 2)
               + tuple(slice(-m, None) if (c >> a) & 1 else slice(0, m)
                       for a, m in enumerate(modes[:-1]))
               + (slice(0, modes[-1]),) + ((slice(None),) if cl else ())
               for c in range(2 ** (rank - 1))]

    def fwd(params, x):
        (w,) = params
        z = e.rfftn(e.transpose(x, to_cf(rank)) if move else x, axes=axes)
        size = list(z.shape)
        size[-1 if cl else 1] = w.shape[2]
        out = e.zeros(size, z)
        for c, at in enumerate(corners):
            out = e.put(out, at, e.einsum(eq, z[at], w[c]))
        y = e.irfftn(out, s=spatial, axes=axes)
        return e.transpose(y, to_cl(rank)) if move else y

    return fwd


def fftconv(e, shape, w):
    """Hyena's fftconv: rfft of input and kernel at n = 2L, product, irfft, the
    first L samples, plus D * x and a bias."""
    steps, move = shape[1], e.innermost

    def fwd(params, x):
        k, d, b = params
        u, k = (e.transpose(x, (0, 2, 1)), e.transpose(k, (1, 0))) if move else (x, k)
        axis, n = -1 if move else 1, 2 * steps
        y = e.irfft(e.rfft(u, n, axis) * e.rfft(k, n, -1 if move else 0), n, axis)
        return (e.transpose(y[..., :steps], (0, 2, 1)) if move else y[:, :steps]) + x * d + b

    return fwd, [w["kernel"], w["skip"], w["bias"]]


def global_filter(e, shape, w):
    """GFNet's GlobalFilter: rfft2, times the complex weight (a real array with
    a trailing axis of 2), irfft2 (its "ortho" factors cancel: left out)."""
    move, axes = e.innermost, (2, 3) if e.innermost else (1, 2)

    def fwd(params, x):
        (w,) = params
        z = e.rfftn(e.transpose(x, to_cf(2)) if move else x, axes=axes)
        y = e.irfftn(z * e.complex(w[..., 0], w[..., 1]), s=shape[1:3], axes=axes)
        return e.transpose(y, to_cl(2)) if move else y

    k = np.moveaxis(w["kernel"], 0, -1)  # (2, H, W', C) -> (H, W', C, 2) or (C, H, W', 2)
    return fwd, [k.transpose(2, 0, 1, 3) if move else k]


def afno(e, shape, w):
    """FourCastNet's AFNO2D (hard_thresholding_fraction 1): rfft2 ("ortho"),
    the block-diagonal complex MLP as real einsums, softshrink, irfft2, plus
    the input."""
    batch, height, width, channels = shape
    move = e.innermost
    axes, eq = ((2, 3), "bkihw,kio->bkohw") if move else ((1, 2), "...bi,bio->...bo")

    def fwd(params, x):
        w1, b1, w2, b2 = params
        nb, half = w1.shape[1], width // 2 + 1
        z = e.rfftn(e.transpose(x, to_cf(2)) if move else x, axes=axes, norm="ortho")
        blocks = (batch, nb, channels // nb, height, half) if move else \
            (batch, height, half, nb, channels // nb)
        z = e.reshape(z, blocks)
        re, im = e.real(z), e.imag(z)
        o1r = e.relu(e.einsum(eq, re, w1[0]) - e.einsum(eq, im, w1[1]) + b1[0])
        o1i = e.relu(e.einsum(eq, im, w1[0]) + e.einsum(eq, re, w1[1]) + b1[1])
        o2r = e.einsum(eq, o1r, w2[0]) - e.einsum(eq, o1i, w2[1]) + b2[0]
        o2i = e.einsum(eq, o1i, w2[0]) + e.einsum(eq, o1r, w2[1]) + b2[1]
        z = e.complex(e.softshrink(o2r, 0.01), e.softshrink(o2i, 0.01))
        z = e.reshape(z, (batch, channels, height, half) if move else blocks[:3] + (channels,))
        y = e.irfftn(z, s=(height, width), axes=axes, norm="ortho")
        return (e.transpose(y, to_cl(2)) if move else y) + x

    b1, b2 = (w[k][..., None, None] if move else w[k] for k in ("b1", "b2"))
    return fwd, [w["w1"], b1, w["w2"], b2]


def fourier_mixing(e, shape, w):  # FNet's: Re(fftn(x)) over (sequence, hidden)
    return (lambda params, x: e.real(e.fftn(x, axes=(-2, -1)))), []


def spectrogram(e, n, hop, window, filters=None):
    """The framework's own STFT by hand, |.|^2; with `filters` (bins, mels) a
    matmul with them (on the transpose where the STFT returns (batch, bins,
    frames), as audio libraries do)."""
    fb = None if filters is None else e.tensor(filters)

    def fwd(params, x):
        s = e.stft_power(x, n, hop, window)
        return s if fb is None else e.matmul(
            e.transpose(s, (0, 2, 1)) if e.stft_time_last else s, fb)

    return fwd


def floor(e, spatial, s=None, inverse=True):
    """The bare transforms a layer cannot avoid, on channels_first input (the
    cheapest layout): rfftn and irfftn over the innermost axes (at lengths
    `s`), or the forward transform alone."""
    axes, s = tuple(range(-len(spatial), 0)), tuple(s or spatial)

    def fwd(params, x):
        z = e.rfftn(x, s=s, axes=axes)
        return e.irfftn(z, s=s, axes=axes) if inverse else e.real(z)

    return fwd


def as_complex(w):
    """A complex weight stored as our real (2, ...) variable, as complex64."""
    return (w[0] + 1j * w[1]).astype(np.complex64)


def complex_dense(e, args, w):
    """z @ W + b on native complex tensors (the framework's complex matmul)."""
    return (lambda params, z: e.matmul(z, params[0]) + params[1]), [
        as_complex(w["kernel"]), as_complex(w["bias"])], \
        f"{e.label.split('.')[0]} complex64 matmul + bias", False


def complex_conv2d(e, args, w):
    """The framework's convolution of native complex tensors plus the bias, in
    its own layout (None where it has none: TensorFlow)."""
    conv = e.complex_conv2d(args["padding"])
    if conv is None:
        return None
    fn, label, channels_first = conv
    kernel, bias = as_complex(w["kernel"]), as_complex(w["bias"])  # (kh, kw, in, out)
    if channels_first:  # (out, in, kh, kw) and a bias over axis 1
        kernel, bias = np.ascontiguousarray(kernel.transpose(3, 2, 0, 1)), bias[:, None, None]
    return (lambda params, z: fn(z, params[0]) + params[1]), [kernel, bias], label, \
        channels_first


COMPLEX = {"ComplexDense": complex_dense, "ComplexConv2D": complex_conv2d}

PAPERS = {"FFTConv1D": (fftconv, "Hyena's fftconv"),
          "GlobalFilter2D": (global_filter, "GFNet's GlobalFilter"),
          "AFNO2D": (afno, "FourCastNet's AFNO2D"),
          "FourierMixing": (fourier_mixing, "FNet's Re(fftn)")}
