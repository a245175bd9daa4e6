"""One training step of the FNO-1D of the Burgers experiment: the compiled
train function `fit` runs, against neuraloperator's FNO with a plain torch
step; and where the step's time goes."""

import numpy as np

from benchmarks import harness
from benchmarks.fno import peer
from benchmarks.fno.cases import BURGERS, QUICK, TRAIN, burgers_data
from benchmarks.fno.common import compile_as, has, stats_row, tensor


def build_ours(jit_compile="auto"):
    import keras

    from keras_spectral.losses import RelativeL2
    from keras_spectral.models import FNO

    model = FNO(modes=(BURGERS["modes"],), width=BURGERS["width"],
                num_blocks=BURGERS["blocks"], projection_channels=BURGERS["projection"])
    model.compile(optimizer=keras.optimizers.Adam(BURGERS["lr"]), loss=RelativeL2(),
                  jit_compile=jit_compile)
    return model


def ours_step_fn(model, x_np, y_np):
    """The compiled train step `fit` runs, on tensors already in place."""
    name = harness.backend()
    model.train_on_batch(x_np, y_np)  # builds the model and its train function
    data = (tensor(x_np), tensor(y_np))
    if name == "jax":
        state = [model._get_jax_state(trainable_variables=True,
                                      non_trainable_variables=True,
                                      optimizer_variables=True,
                                      metrics_variables=True)]

        def step():
            logs, state[0] = model.train_function(state[0], iter([data]))
            return logs, state[0]

        return step
    if name == "tensorflow":
        return lambda: model.train_function(iter([data]))
    return lambda: model.train_function([data])


def run_train(rng, quick):
    name = harness.backend()
    x_np, y_np = burgers_data(rng)
    ours = build_ours()
    calls = {"ours": ours_step_fn(ours, x_np, y_np)}
    row = {"case": "fno1d-burgers", "batch": BURGERS["batch"], "s": BURGERS["s"],
           "width": BURGERS["width"], "modes": BURGERS["modes"],
           "blocks": BURGERS["blocks"], "ours_params": int(ours.count_params()),
           "ours_jit_compile": bool(ours.jit_compile)}
    if name == "tensorflow" and not quick:
        plain = build_ours(jit_compile=False)
        calls["ours[graph]"] = ours_step_fn(plain, x_np, y_np)
    nmodel = xn = None
    if has("neuralop"):
        nmodel = peer.build_fno()
        row["neuralop_params"] = peer.count_params(nmodel)
        xn, yn = peer.channels_first(x_np), peer.channels_first(y_np)
        nstep = peer.train_step(nmodel)
        calls["neuralop"] = lambda: nstep(xn, yn)
    times = harness.time_interleaved(calls, **(QUICK if quick else TRAIN))
    row["times"] = {k: stats_row(times, k) for k in calls}
    row["other_load"] = times["_load"]
    row["ratios"] = {f"{a}/neuralop": harness.ratio(times[a], times["neuralop"])
                     for a in calls if a.startswith("ours") and "neuralop" in calls}
    print("  train step ms: " + "  ".join(
        f"{k} {v['median_s'] * 1e3:.1f}" for k, v in row["times"].items())
        + "  ratios: " + "  ".join(f"{k} {v['ratio']:.2f}" for k, v in row["ratios"].items()),
        flush=True)
    if not quick:
        row["breakdown"] = train_breakdown(rng, x_np, y_np, calls, nmodel, xn)
    return row


def _compiled_model_fn(model, fn):
    """`fn(*tensors)` using `model`'s layers, compiled as the train step is
    (jax.jit with the weights passed in, tf.function(jit_compile=True); torch
    eager without autograd)."""
    name = harness.backend()
    if name == "jax":
        import jax
        import keras

        variables = list(model.variables)
        values = [v.value for v in variables]

        def stateless(values, *args):
            with keras.StatelessScope(state_mapping=list(zip(variables, values))):
                return fn(*args)

        jitted = jax.jit(stateless)
        return lambda *args: jitted(values, *args)
    if name == "tensorflow":
        return compile_as(fn, "xla")
    import torch

    def no_grad(*args):
        with torch.no_grad():
            return fn(*args)

    return no_grad


def train_breakdown(rng, x_np, y_np, step_calls, nmodel, xn):
    """Where the step's time goes: forward alone (ours, neuralop), and one and
    four Fourier blocks of ours alone (the block chain should cost 4x one
    block)."""
    import keras

    model = build_ours()  # fresh: the timed step donated its weights (JAX)
    model.build((None, BURGERS["s"], 1))
    x = tensor(x_np)
    h = tensor(rng.standard_normal((BURGERS["batch"], BURGERS["width"],  # channels_first,
                                    BURGERS["s"])).astype(np.float32))  # as FNO's blocks

    def blocks(k):
        def fn(h):
            for i in range(k):
                h = model.activation(keras.ops.add(model.spectral[i](h), model.skips[i](h)))
            return h
        return _compiled_model_fn(model, fn)

    fwd = _compiled_model_fn(model, lambda x: model(x))
    b1, b4 = blocks(1), blocks(BURGERS["blocks"])
    calls = {"ours step": step_calls["ours"], "ours forward": lambda: fwd(x),
             "ours 1 block": lambda: b1(h), f"ours {BURGERS['blocks']} blocks": lambda: b4(h)}
    if nmodel is not None:
        import torch

        calls["neuralop step"] = step_calls["neuralop"]

        def nfwd():
            with torch.no_grad():
                return nmodel(xn)

        calls["neuralop forward"] = nfwd
    times = harness.time_interleaved(calls, **TRAIN)
    out = {k: stats_row(times, k) for k in calls}
    out["_load"] = times["_load"]
    print("  train breakdown ms: " + "  ".join(
        f"{k} {v['median_s'] * 1e3:.1f}" for k, v in out.items()
        if isinstance(v, dict) and "median_s" in v), flush=True)
    return out

