"""What every dataset shares: argument checks, the on-disk cache (keyed file
names, atomic writes, recompute on a corrupt file) and the progress bar."""

import os
import secrets
import warnings

import numpy as np

from keras_spectral import _checks as checks


def check_split(num_train, num_test, num_samples):
    """The split sizes as ints: the first `num_train` and the last `num_test`
    of `num_samples` draws, which must not overlap."""
    num_train = checks.integer("num_train", num_train, minimum=0)
    num_test = checks.integer("num_test", num_test, minimum=0)
    num_samples = checks.integer("num_samples", num_samples, minimum=0)
    if num_train + num_test > num_samples:
        raise ValueError(f"`num_samples` must be >= num_train + num_test = "
                         f"{num_train + num_test}; got {num_samples!r}.")
    return num_train, num_test, num_samples


def cache_path(cache_dir, name):
    """The cache file `name` under `cache_dir`; `None` is `$KERAS_HOME/datasets`
    (`~/.keras/datasets` when KERAS_HOME is not set), as keras.datasets."""
    if cache_dir is None:
        home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
        cache_dir = os.path.join(home, "datasets")
    elif not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(f"`cache_dir` must be a path or None; got {cache_dir!r}.")
    return os.path.join(os.fspath(cache_dir), name)


def read_cache(path, shapes):
    """The cached float32 arrays `{key: shape}`, or None when the file is
    missing, unreadable or of other shapes (the caller then recomputes)."""
    if not os.path.exists(path):
        return None
    try:
        with np.load(path) as f:
            data = {key: f[key] for key in shapes}
    except Exception:  # a truncated or foreign file: recompute rather than fail
        return None
    if any(data[key].shape != shape or data[key].dtype != np.float32
           for key, shape in shapes.items()):
        return None
    return data


def write_cache(path, data):
    """Writes atomically (temp file + rename): a concurrent reader or an
    interrupted write never leaves a partial file under the final name. An
    unwritable cache only warns: the computed data is still returned."""
    directory = os.path.dirname(path)
    tmp = None
    try:
        os.makedirs(directory, exist_ok=True)
        tmp = f"{path}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        # os.open with mode 0o666 honours the umask (mkstemp would make it 0o600).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **data)
        os.replace(tmp, path)
    except OSError as e:
        warnings.warn(f"Could not cache the dataset at {path!r}: {e}", stacklevel=3)
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)


def progress_bar(total, verbose, unit_name="step"):
    """`add(n)` of a keras.utils.Progbar when `verbose` (1 or 2), else None."""
    if not verbose or not total:
        return None
    import keras  # lazily: only for the progress bar

    return keras.utils.Progbar(total, verbose=verbose, unit_name=unit_name).add
