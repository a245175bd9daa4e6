"""A GFNet-style classifier learns scikit-learn's digits, beside a Conv2D baseline.

The data: `sklearn.datasets.load_digits` (1797 grey 8x8 images of the digits
0-9, bundled with scikit-learn, no download), split 80/20, stratified, with a
fixed seed.

The model follows GFNet (Rao et al., "Global Filter Networks for Image
Classification", NeurIPS 2021) at a toy scale: a 1x1 `Conv2D` embeds each
pixel in `dim` channels (GFNet's patch embedding with patches of one pixel,
since the images are only 8x8), then `depth` blocks of

    x = x + MLP(LayerNorm(GlobalFilter2D(LayerNorm(x))))

(one residual per block, as in GFNet's code), a final LayerNorm, global
average pooling and a softmax `Dense`. The baseline is the same network with a
3x3 `Conv2D` in place of `GlobalFilter2D`, with the width (25 channels
against 32) whose parameter count is the closest to the GFNet's (a 3x3 Conv2D mixes channels and
costs more per channel than a depthwise global filter, so it gets fewer
channels). Both train with the same optimizer, learning rate, batch size,
epochs and seed.

What to expect: the global filter reaches every pixel from every pixel in one
layer, the 3x3 convolution only its neighbours; on 8x8 images two 3x3 layers
already see most of the image, so this is a "does it learn" check, not a
contest the global filter should win. Measured (docs/examples/README.md):
96-98% test accuracy for both, level within 3 test images on TensorFlow,
JAX and PyTorch. The script prints what it measures.

Run (options: --backend jax|tensorflow|torch, --quick, --threads N, --epochs N,
--seed N):

    python docs/examples/gfnet_digits.py --backend jax
    python docs/examples/gfnet_digits.py --figures    # also docs/img/gfnet-filters.png
"""

import time
from pathlib import Path

# Keras is imported inside the functions, after `--backend` has set
# KERAS_BACKEND: Keras reads it once, when it is first imported.
from _common import (digits_classifier, load_digits_split, parse_args, print_table,
                     select_backend, train_and_test)

DIM, BASELINE_DIM = 32, 25
DEFAULT_FIGURES = Path(__file__).resolve().parent.parent / "img"


def build_classifier(mixer, dim, depth=2, mlp_ratio=4, num_classes=10, name=None):
    """GFNet's layout with a given token mixer.

    Args:
        mixer: "global_filter" (GFNet) or "conv3x3" (the baseline).
        dim: channels after the pixel embedding.
        depth: number of blocks.
        mlp_ratio: hidden width of each block's MLP, in multiples of `dim`.
        num_classes: classes of the softmax head.
        name: the model's name.

    Returns:
        A functional `keras.Model` from `(8, 8, 1)` images to class probabilities.
    """
    import keras

    from keras_spectral.layers import GlobalFilter2D

    if mixer == "global_filter":
        make_mixer = GlobalFilter2D
    elif mixer == "conv3x3":
        def make_mixer():
            return keras.layers.Conv2D(dim, 3, padding="same")
    else:
        raise ValueError(f"`mixer` must be 'global_filter' or 'conv3x3'; got {mixer!r}.")
    return digits_classifier(make_mixer, dim, depth, mlp_ratio, num_classes, name or mixer)


def build_pair(dim=DIM, baseline_dim=BASELINE_DIM, depth=2, seed=0):
    """The GFNet and the Conv2D baseline, checked to have the same parameter budget.

    A 3x3 Conv2D mixes channels and costs far more per channel than a
    depthwise global filter, so the baseline gets fewer channels: 25 against
    the GFNet's 32 gives 22110 against 22538 parameters (2% apart).

    Returns:
        `(gfnet, baseline)`.
    """
    import keras

    keras.utils.set_random_seed(seed)
    gfnet = build_classifier("global_filter", dim, depth, name="gfnet")
    keras.utils.set_random_seed(seed)
    baseline = build_classifier("conv3x3", baseline_dim, depth, name="conv3x3")
    ratio = baseline.count_params() / gfnet.count_params()
    if not 0.9 <= ratio <= 1.1:
        raise ValueError(f"the baseline has {ratio:.2f}x the GFNet's parameters; "
                         f"choose `baseline_dim` (got {baseline_dim}) within 10%.")
    return gfnet, baseline


def _split_figures(argv):
    """Takes `--figures [DIR]` out of `argv`; `_common.parse_args` does not know it."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--figures", nargs="?", const=str(DEFAULT_FIGURES), default=None)
    known, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return known.figures, rest


def draw_filters(model, folder, channels=8):
    """gfnet-filters.png: the magnitude of the learned filter of the first
    `channels` channels of each GlobalFilter2D, over (vertical, horizontal)
    frequency, zero frequency centred; returns its path."""
    import keras
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    filters = [layer for layer in model._flatten_layers() if type(layer).__name__ == "GlobalFilter2D"]
    fig, axes = plt.subplots(len(filters), channels, figsize=(1.4 * channels, 1.6 * len(filters)),
                             squeeze=False)
    for row, layer in zip(axes, filters):
        kernel = keras.ops.convert_to_numpy(layer.kernel)        # (2, h, w // 2 + 1, C)
        magnitude = np.fft.fftshift(np.hypot(kernel[0], kernel[1]), axes=0)
        for c, ax in enumerate(row):
            ax.imshow(magnitude[..., c], cmap="magma")
            ax.set_xticks([])
            ax.set_yticks([])
        row[0].set_ylabel(layer.name, fontsize=7)
    fig.suptitle("|learned global filter| per channel (rows: blocks; vertical frequency centred, "
                 "horizontal frequency 0 to Nyquist)", fontsize=8)
    path = Path(folder) / "gfnet-filters.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def main(argv=None):
    """Trains both models and prints their test accuracies.

    Args:
        argv: command-line arguments (default: `sys.argv[1:]`).

    Returns:
        A dict of the printed figures: backend, epochs, data sizes, parameter
        counts, test accuracy and training seconds of each model, total seconds;
        `figure` (the PNG's path) with `--figures`.
    """
    figures, argv = _split_figures(argv)
    args = parse_args(argv, __doc__.splitlines()[0] + " (--figures [DIR]: the learned filters)",
                      "256 training and 256 test images, 1 epoch: a smoke run")
    backend = select_backend(args.backend, args.threads, for_training=True)
    start = time.time()
    import keras

    # quick: equal sizes, whole batches: fewest shapes to compile on JAX
    train, test = load_digits_split(args.seed, limit=256 if args.quick else None)
    epochs = args.epochs or (1 if args.quick else 40)
    width = BASELINE_DIM
    gfnet, baseline = build_pair(DIM, width, depth=2, seed=args.seed)
    budget = dict(epochs=epochs, batch_size=32, learning_rate=1e-3, seed=args.seed)
    (g_test,), g_sec = train_and_test(gfnet, train, [test], **budget)
    (b_test,), b_sec = train_and_test(baseline, train, [test], **budget)
    result = {
        "backend": backend, "threads": args.threads or "default", "epochs": epochs,
        "num_train": len(train[1]), "num_test": len(test[1]),
        "gfnet_params": int(gfnet.count_params()),
        "conv_params": int(baseline.count_params()), "conv_width": width,
        "gfnet_accuracy": g_test, "conv_accuracy": b_test,
        "gfnet_seconds": g_sec, "conv_seconds": b_sec,
    }
    result["seconds"] = time.time() - start
    if figures:
        result["figure"] = str(draw_filters(gfnet, figures))

    print(f"digits, {result['num_train']} train / {result['num_test']} test images, "
          f"{epochs} epochs, Adam 1e-3, batch 32; Keras {keras.__version__}, "
          f"backend {backend}, threads {result['threads']}")
    print_table(["model", "params", "test accuracy", "train s"], [
        [f"GFNet (dim {DIM}, GlobalFilter2D)", result["gfnet_params"],
         f"{g_test:.3f}", f"{g_sec:.1f}"],
        [f"baseline (dim {width}, Conv2D 3x3)", result["conv_params"],
         f"{b_test:.3f}", f"{b_sec:.1f}"],
    ])
    gap = 100 * (g_test - b_test)
    # one test image is 100 / 360 = 0.28 points: call a gap of 3 images a tie
    if abs(gap) <= 300 / result["num_test"]:
        verdict = "the two are level (within 3 test images)"
    elif gap > 0:
        verdict = f"GFNet is ahead of the Conv2D baseline by {gap:.1f} points"
    else:
        verdict = (f"the Conv2D baseline is ahead of GFNet by {-gap:.1f} points "
                   f"(on 8x8 images two 3x3 layers already see most of the image)")
    print(f"result: {verdict}; total {result['seconds']:.0f} s")
    if args.quick:
        print("(quick run: one epoch on a few samples, a smoke test; judge the full run)")
    return result


if __name__ == "__main__":
    main()
