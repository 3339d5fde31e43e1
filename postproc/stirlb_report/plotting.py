"""Matplotlib set-up shared by every figure: the file-only backend, one
style, and saving under figures/."""
import os

import matplotlib

# Reports are made on clusters and in CI, with no display.
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import numpy as np  # noqa: E402

FIGURE_DIR = "figures"
# Colour per run in comparisons, and per curve within a figure.
COLOURS = plt.rcParams["axes.prop_cycle"].by_key()["color"]
DPI = 110


def colour(i):
    return COLOURS[i % len(COLOURS)]


def new_figure(nrows=1, ncols=1, width=7.0, height=3.8, **kw):
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False, **kw)
    return fig, axes


class FigureSink:
    """Saves figures into OUT/figures/ and hands back the path the pages
    link to (relative, so the report folder can be moved or zipped)."""

    def __init__(self, out_dir):
        self.out_dir = out_dir
        os.makedirs(os.path.join(out_dir, FIGURE_DIR), exist_ok=True)

    def save(self, fig, name):
        rel = "%s/%s.png" % (FIGURE_DIR, name)
        fig.tight_layout()
        fig.savefig(os.path.join(self.out_dir, rel), dpi=DPI)
        plt.close(fig)
        return rel


def step_histogram(ax, edges, heights, **kw):
    """A histogram over given bin edges as an outline, so that several runs
    overlaid stay readable."""
    edges = np.asarray(edges, dtype=float)
    heights = np.asarray(heights, dtype=float)
    ax.stairs(heights, edges, **kw)


def occupied_range(edges, heights, pad_bins=1):
    """The span of the bins that hold anything (plus a bin each side): log
    bins run over fixed decades, most of them empty in any one run."""
    heights = np.asarray(heights, dtype=float)
    nz = np.nonzero(heights > 0)[0]
    if len(nz) == 0:
        return edges[0], edges[-1]
    lo = max(nz[0] - pad_bins, 0)
    hi = min(nz[-1] + 1 + pad_bins, len(edges) - 1)
    return edges[lo], edges[hi]


def mark_vertical(ax, x, label, colour_=None, style="--"):
    """A labelled vertical line, if `x` is a usable value on the axis."""
    if x is None or not np.isfinite(x):
        return False
    if ax.get_xscale() == "log" and x <= 0:
        return False
    ax.axvline(x, color=colour_ or "k", linestyle=style, linewidth=1.2, label=label)
    return True


def mark_horizontal(ax, y, label, colour_=None, style="--"):
    if y is None or not np.isfinite(y):
        return False
    if ax.get_yscale() == "log" and y <= 0:
        return False
    ax.axhline(y, color=colour_ or "k", linestyle=style, linewidth=1.2, label=label)
    return True
