"""Charts of docs/benchmarks.md: one PNG per family and backend, each row a case
and pass in the mode the backend's users run, its bar the ratio ours / baseline
(median, a dot; quartiles, whiskers) on a log scale; 1 is parity, below is faster."""

import math

from benchmarks import adapter

IMAGES = "img"  # under docs/
COLOURS = {"met": "#2a9d8f", "missed": "#e76f51", None: "#8d99ae"}


def chart_rows(result, family, judge):
    """[(label, ratio, q1, q3, verdict)] of one backend's rows of `family`, in the
    user's mode; `judge(row, baseline)` gives the goals as [(limit, met)]."""
    out = []
    for row in result["rows"]:
        if row["family"] != family or not row["user"]:
            continue
        for baseline, r in row["ratios"].items():
            goals = judge(row, baseline)
            verdict = None if not goals else "met" if all(ok for _, ok in goals) else "missed"
            label = f"{row['case']} {row['pass'].replace('forward+backward', 'fwd+bwd')} vs {baseline}"
            out.append((label, r["ratio"], r.get("q1", r["ratio"]), r.get("q3", r["ratio"]), verdict))
    return out


def draw(rows, title, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.28 * len(rows) + 1.2))
    y = list(range(len(rows)))[::-1]
    ratios = [r[1] for r in rows]
    low = [max(r[1] - r[2], 0) for r in rows]
    high = [max(r[3] - r[1], 0) for r in rows]
    ax.errorbar(ratios, y, xerr=[low, high], fmt="none", ecolor="#555555", elinewidth=0.8,
                capsize=2)
    ax.scatter(ratios, y, c=[COLOURS[r[4]] for r in rows], s=28, zorder=3)
    ax.grid(axis="x", which="both", linewidth=0.3, alpha=0.5)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    smallest, largest = min(ratios + [0.5]), max(r[3] for r in rows)
    ax.set_xlim(10 ** math.floor(math.log10(smallest)), 10 ** math.ceil(math.log10(max(largest, 2))))
    ax.set_yticks(y)
    ax.set_yticklabels([r[0] for r in rows], fontsize=7)
    ax.set_xlabel("ours / baseline (log scale; < 1: ours faster)")
    ax.set_title(title, fontsize=9)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c) for c in COLOURS.values()]
    ax.legend(handles, ["goal met", "goal missed", "no goal"], fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def write_charts(results, families, judge, docs):
    """Draws every (family, backend) chart into docs/img; returns the page's
    markdown lines for them."""
    (docs / IMAGES).mkdir(exist_ok=True)
    lines = []
    for family in families:
        for backend in (b for b in adapter.BACKENDS if b in results):
            rows = chart_rows(results[backend], family, judge)
            if not rows:
                continue
            name = f"bench-{family}-{backend}.png"
            mode = next(r["mode"] for r in results[backend]["rows"] if r["user"])
            draw(rows, f"{family}, {backend} ({mode}): ours / baseline", docs / IMAGES / name)
            lines += [f"### {family}, {backend}", "", f"![{family} on {backend}]({IMAGES}/{name})", ""]
    return lines
