"""Where the time goes, on torch (eager: every op is a call the profiler
sees): for a case whose goal is missed, the ops that take the most time in
ours and in the native code, and what Keras's `Layer.__call__` adds around
`layer.call`. (Under jax.jit and XLA a call is one fused program that this
cannot split.)"""

from benchmarks import harness

TOP = 6  # ops listed per side
CALLS = 10  # profiled calls per side


def _top_ops(fn):
    """{"total_us": the self time of all ops per call, "ops": [(op name,
    input shapes, self us per call)] of the `TOP` most costly}, from `CALLS`
    calls of `fn`."""
    from torch.profiler import ProfilerActivity, profile

    fn()
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        for _ in range(CALLS):
            fn()
    events = prof.key_averages(group_by_input_shape=True)
    total = sum(e.self_cpu_time_total for e in events) / CALLS
    events = sorted(events, key=lambda e: -e.self_cpu_time_total)[:TOP]
    return {"total_us": total,
            "ops": [(e.key, str(e.input_shapes)[:80], e.self_cpu_time_total / CALLS)
                    for e in events]}


def torch_breakdown(layer, calls, settings):
    """{"ours_call_s", "keras_call_overhead_s", "ours_ops", "native_ops"} for
    the forward pass: `calls` are the case's forward callables."""
    x = calls["input"]
    times = harness.time_interleaved(
        {"ours": calls["ours"], "ours.call": lambda: layer.call(x)}, **settings)
    return {
        "ours_s": times["ours"]["median"],
        "ours_call_s": times["ours.call"]["median"],
        "keras_call_overhead_s": times["ours"]["median"] - times["ours.call"]["median"],
        "ours_ops": _top_ops(calls["ours"]),
        "native_ops": _top_ops(calls["native"]),
    }


def lines(row):
    """Markdown lines of a row's breakdown."""
    b = row.get("breakdown")
    if not b:
        return []

    def ops(side):
        return (f"all ops {side['total_us']:.0f} us; " + "; ".join(
            f"`{name}` {shapes} {us:.0f} us" for name, shapes, us in side["ops"]))

    return [f"- {row['case']} forward (torch): ours {b['ours_s'] * 1e3:.3f} ms, of which "
            f"Keras's `Layer.__call__` around `layer.call` "
            f"{b['keras_call_overhead_s'] * 1e3:.3f} ms. Self time per call under the "
            f"profiler (which slows every op; what the ops leave of the wall time is "
            f"Python): ours: {ops(b['ours_ops'])}. Native: {ops(b['native_ops'])}."]
