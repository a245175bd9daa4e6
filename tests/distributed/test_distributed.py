"""Distributed training of an FNO, small, on CPU: the same losses as one
device. Each case runs in child processes (device counts are fixed when a
framework starts), under the matrix column of its own backend."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from keras_spectral.testing import backend_name

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(code, backend, extra_env=None, timeout=300):
    """The JSON list the child prints last."""
    env = dict(os.environ, KERAS_BACKEND=backend, PYTHONPATH=os.pathsep.join([ROOT, HERE]))
    env.update(extra_env or {})
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def only(backend):
    return pytest.mark.skipif(backend_name() != backend,
                              reason=f"runs in the {backend} column (a child process)")


SINGLE = "import _train, json; print(json.dumps(_train.fit(_train.model())))"


@only("jax")
def test_jax_data_and_model_parallel_match_one_device():
    # first: XLA stops reading flags at one it does not parse (the matrix's
    # "intra_op_parallelism_threads=1" is such a one)
    flags = {"XLA_FLAGS": "--xla_force_host_platform_device_count=4 "
             + os.environ.get("XLA_FLAGS", "")}
    single = run(SINGLE, "jax")
    both = run("""
        import json, keras, _train
        devices = keras.distribution.list_devices("cpu")
        assert len(devices) == 4, devices
        data = keras.distribution.DataParallel(devices=devices)
        with data.scope():
            dp = _train.fit(_train.model())
        mesh = keras.distribution.DeviceMesh((2, 2), ["batch", "model"], devices)
        layouts = keras.distribution.LayoutMap(mesh)
        # the spectral kernels (2, modes, in, out) and the skips split over channels
        layouts[r".*/spectral_\\d+/kernel"] = (None, None, None, "model")
        layouts[r".*/skip_\\d+/kernel"] = (None, "model")
        model_parallel = keras.distribution.ModelParallel(layout_map=layouts,
                                                          batch_dim_name="batch")
        with model_parallel.scope():
            fno = _train.model()
            fno.build((None, 32, 1))
            sharded = str(fno.get_layer("spectral_0").kernel.value.sharding)
            mp = _train.fit(fno)
        print(json.dumps([dp, mp, sharded]))
    """, "jax", flags)
    dp, mp, sharding = both
    assert "P(None, None, None, 'model')" in sharding, sharding
    np.testing.assert_allclose(dp, single, rtol=1e-5)
    np.testing.assert_allclose(mp, single, rtol=1e-5)
    assert single[-1] < single[0]


@only("tensorflow")
def test_tensorflow_mirrored_strategy_matches_one_device():
    single = run(SINGLE, "tensorflow")
    mirrored = run("""
        import json
        import tensorflow as tf
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        import _train
        strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
        assert strategy.num_replicas_in_sync == 2
        with strategy.scope():
            fno = _train.model()
        print(json.dumps(_train.fit(fno)))
    """, "tensorflow")
    np.testing.assert_allclose(mirrored, single, rtol=1e-5)
    assert single[-1] < single[0]


TORCH_LOOP = """
    import json, os, sys
    import torch, torch.distributed as dist
    import keras, _train
    from keras_spectral.losses import relative_l2
    rank, world = int(sys.argv[1]), int(sys.argv[2])
    if world > 1:
        dist.init_process_group("gloo", init_method="tcp://127.0.0.1:" + sys.argv[3],
                                rank=rank, world_size=world)
    fno = _train.model()
    x, y = _train.data()
    fno(x[:1])
    net = torch.nn.parallel.DistributedDataParallel(fno) if world > 1 else fno
    sgd = torch.optim.SGD(fno.parameters(), lr=0.05)
    losses = []
    for step in range(6):  # batches of 8, split between the ranks
        lo = (step % 2) * 8 + rank * 8 // world
        xb, yb = (torch.tensor(a[lo:lo + 8 // world]) for a in (x, y))
        loss = torch.mean(relative_l2(yb, net(xb)))
        sgd.zero_grad()
        loss.backward()
        sgd.step()
        total = loss.detach().clone()
        if world > 1:
            dist.all_reduce(total)
        losses.append(float(total) / world)
    if rank == 0:
        print(json.dumps(losses))
    if world > 1:
        dist.destroy_process_group()
"""


@only("torch")
def test_torch_distributed_data_parallel_matches_one_process(tmp_path):
    import socket

    with socket.socket() as s:  # a free port on the loopback interface
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    code = textwrap.dedent(TORCH_LOOP)
    single = run(code.replace("sys.argv[1]", "0").replace("sys.argv[2]", "1"), "torch")
    env = dict(os.environ, KERAS_BACKEND="torch", PYTHONPATH=os.pathsep.join([ROOT, HERE]))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(r), "2", port], env=env,
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for r in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    ddp = json.loads(outs[0][0].strip().splitlines()[-1])
    np.testing.assert_allclose(ddp, single, rtol=1e-5)
    assert single[-1] < single[0]
