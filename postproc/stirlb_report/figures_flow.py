"""Figures of one run's flow: the geometry sketch, the power-number
history and the volume-weighted distributions of lambda_K, tau and epsilon."""
import os

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from . import geometry as geo
from .document import Figure
from .plotting import mark_vertical, new_figure, occupied_range, step_histogram

# Fluid, wall, moving wall, free slip (cell_type & 3).
KIND_COLOURS = ["#cfe6f7", "#7f7f7f", "#e69f00", "#7fc97f"]
KIND_NAMES = ["liquid", "wall", "moving wall", "free-slip surface"]
SURFACE_COLOUR = "#b2182b"

# The three distributions, with the hotspot threshold that belongs to each.
HISTOGRAMS = {
    "kolmogorov_length_m": ("Kolmogorov length λ_K", "m", "kolmogorov"),
    "shear_stress_Pa": ("shear stress τ", "Pa", "shear_stress"),
    "dissipation_W_kg": ("dissipation ε", "W/kg", "dissipation"),
}


def side_projection(kinds):
    """Cell kinds seen from the side (along y): liquid where any cell of the
    line is liquid, so the view is the vessel's outline (a cut through the
    axis would run along a baffle and look lopsided); elsewhere the
    highest kind on the line (the free-slip surface over plain wall)."""
    side = kinds.max(axis=1)
    side[(kinds == geo.FLUID).any(axis=1)] = geo.FLUID
    return side


def _draw_surface(ax, g, a, b):
    """The impeller and shaft projected onto axes a, b (0 x, 1 y, 2 z)."""
    if g.surface is None:
        return
    if g.polygons:
        ax.add_collection(PolyCollection([g.surface[p][:, [a, b]] for p in g.polygons if len(p) >= 3],
                                         facecolor=SURFACE_COLOUR, edgecolor=SURFACE_COLOUR, linewidth=0.3,
                                         alpha=0.7))
    else:
        ax.plot(g.surface[:, a], g.surface[:, b], ".", color=SURFACE_COLOUR, markersize=1.5)


def geometry_sketch(run, sink, geometry):
    """Side view (projected along y) and top view (the x-y plane at the
    impeller's height) of the cell types, with the impeller and shaft
    surface projected on each."""
    g = geometry
    x, y, z = g.centres
    z_cut = float(np.mean(g.surface[:, 2])) if g.surface is not None else float(z[len(z) // 2])
    if g.surface is not None and g.polygons:
        # The long shaft pulls the mean of its points up; the median height
        # of the triangles lies in the blades and disk, where most of them are.
        centres = np.array([g.surface[p][:, 2].mean() for p in g.polygons if len(p)])
        z_cut = float(np.median(centres)) if len(centres) else z_cut
    iz = int(np.argmin(np.abs(z - z_cut)))
    cmap = ListedColormap(KIND_COLOURS)
    side = side_projection(g.kinds)
    top = g.kinds[iz, :, :]
    dx = [c[1] - c[0] if len(c) > 1 else 1.0 for c in (x, y, z)]
    ext = lambda c, d: (c[0] - d / 2, c[-1] + d / 2)  # noqa: E731
    fig, axes = new_figure(1, 2, width=9.0, height=4.6)
    a_side, a_top = axes[0]
    a_side.imshow(side, origin="lower", cmap=cmap, vmin=-0.5, vmax=3.5, interpolation="nearest",
                  extent=(*ext(x, dx[0]), *ext(z, dx[2])))
    a_top.imshow(top, origin="lower", cmap=cmap, vmin=-0.5, vmax=3.5, interpolation="nearest",
                 extent=(*ext(x, dx[0]), *ext(y, dx[1])))
    _draw_surface(a_side, g, 0, 2)
    _draw_surface(a_top, g, 0, 1)
    a_side.set_title("side view (along y)")
    a_top.set_title("top view: cells at z = %.3g m" % z[iz])
    a_side.set_xlabel("x (m)")
    a_side.set_ylabel("z (m)")
    a_top.set_xlabel("x (m)")
    a_top.set_ylabel("y (m)")
    for a in (a_side, a_top):
        a.set_aspect("equal")
    present = sorted(set(np.unique(side)) | set(np.unique(top)))
    handles = [Patch(color=KIND_COLOURS[k], label=KIND_NAMES[k]) for k in present]
    if g.surface is not None:
        handles.append(Patch(color=SURFACE_COLOUR, label="impeller and shaft surface"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=8, frameon=False)
    fig.subplots_adjust(bottom=0.18)
    rel = sink.save(fig, "geometry")
    caption = ("Geometry: the lattice's cell types seen from the side and cut at the impeller's height, with the "
               "impeller and shaft surface (first surface output) projected onto each." if g.surface is not None else
               "Geometry: the lattice's cell types seen from the side and cut at mid-height.")
    return Figure(rel, caption,
                  {"sources": [os.path.relpath(f, run.path) for f in g.files] + ["cell_type"],
                   "top_view_z_m": float(z[iz])})


def _averaging_revolutions(torque, tank):
    """The averaging window in revolutions, read off torque.csv's own
    time-revolution pairs (the start-up ramp makes them non-linear)."""
    t, rev = torque["time_s"], torque["revolutions"]
    start, end = tank["averaging"]["window_start_s"], tank["averaging"]["window_end_s"]
    return float(np.interp(start, t, rev)), float(np.interp(end, t, rev))


def power_number_history(run, sink):
    torque = run.series.get("torque")
    tank = run.section("tank")
    if torque is None or tank is None or len(torque) == 0:
        return None
    rev, np_ = torque["revolutions"], torque["power_number"]
    w0, w1 = _averaging_revolutions(torque, tank)
    averaged = tank.get("power_number")
    fig, axes = new_figure()
    ax = axes[0][0]
    ax.plot(rev, np_, color="#4d4d4d", linewidth=0.7, label="Np per step (torque.csv)")
    drawn = {"sources": ["torque.csv: revolutions, power_number", "summary.json: tank.averaging"]}
    if averaged:
        mean, std = averaged["mean"], averaged["std"]
        ax.axvspan(w0, w1, color="#fdb863", alpha=0.35, label="averaging window")
        ax.fill_between([w0, w1], mean - std, mean + std, color="#2166ac", alpha=0.2, label="mean ± std")
        ax.plot([w0, w1], [mean, mean], color="#2166ac", linewidth=2, label="mean Np = %.3g ± %.2g" % (mean, std))
        drawn.update({"window_revolutions": [w0, w1], "mean": mean, "std": std})
        drawn["sources"].append("summary.json: tank.power_number")
        settled = np_[(rev >= w0) & np.isfinite(np_)]
    else:
        mean = std = 0.0
        settled = np_[rev >= 0.5 * rev[-1]]
    # The start-up ramp divides the torque by a speed near zero: Np there is
    # meaningless and huge, so the axis follows the samples past the ramp.
    settled = settled[np.isfinite(settled)]
    if len(settled):
        hi = max(float(np.percentile(settled, 99.5)), mean + 3 * std) * 1.25
        lo = min(0.0, float(np.percentile(settled, 0.5)) * 1.25)
        ax.set_ylim(lo, hi if hi > lo else lo + 1)
    ax.set_xlabel("impeller revolutions")
    ax.set_ylabel("power number Np")
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(alpha=0.3)
    rel = sink.save(fig, "power_number")
    caption = "Power number per step against revolutions"
    caption += ("; shaded: the averaging window, over which summary.json's mean and standard deviation are taken."
                if averaged else "; no full-speed sample fell in the averaging window, so there is no mean.")
    return Figure(rel, caption, drawn)


def histogram_markers(run, key):
    """(kind, label, value) of the lines to mark on distribution `key`: the
    hotspot threshold, the bead diameter for lambda_K, P/(rho V) for epsilon."""
    _, unit, criterion = HISTOGRAMS[key]
    marks = []
    thr = run.get("hotspots.thresholds.%s.threshold" % criterion)
    if thr is not None:
        marks.append(("threshold", "hotspot threshold %.3g %s" % (thr, unit), thr))
    if key == "kolmogorov_length_m" and run.get("microcarriers.diameter_m") is not None:
        d = run.get("microcarriers.diameter_m")
        marks.append(("bead", "bead diameter %.3g m" % d, d))
    if key == "dissipation_W_kg" and run.get("tank.mean_dissipation_W_kg") is not None:
        e = run.get("tank.mean_dissipation_W_kg")
        marks.append(("mean", "P/(ρV) = %.3g W/kg" % e, e))
    return marks


def distribution(run, sink, key):
    h = run.get("hotspots.histograms.%s" % key)
    if h is None:
        return None
    name, unit, _ = HISTOGRAMS[key]
    edges, frac = np.asarray(h["edges"], float), np.asarray(h["fraction"], float)
    fig, axes = new_figure()
    ax = axes[0][0]
    ax.set_xscale("log")
    step_histogram(ax, edges, frac, fill=True, alpha=0.35, color="#2166ac")
    step_histogram(ax, edges, frac, color="#2166ac", label="volume fraction per bin")
    lo, hi = occupied_range(edges, frac)
    marks = [(label, value) for _, label, value in histogram_markers(run, key)]
    styles = ["--", ":", "-."]
    for i, (label, value) in enumerate(marks):
        lo, hi = min(lo, value / 1.5), max(hi, value * 1.5)
        mark_vertical(ax, value, label, ["#b2182b", "#1b7837", "#762a83"][i % 3], styles[i % 3])
    ax.set_xlim(lo, hi)
    ax.set_xlabel("%s (%s)" % (name, unit))
    ax.set_ylabel("fraction of the liquid volume")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    under = (h.get("underflow") or {}).get("fraction", 0.0) or 0.0
    over = (h.get("overflow") or {}).get("fraction", 0.0) or 0.0
    rel = sink.save(fig, "histogram_" + key)
    caption = "Volume-weighted distribution of the time-averaged %s (%s)." % (name, unit)
    if under or over:
        caption += " Outside the bins: %.3g of the volume below %.3g %s, %.3g above %.3g %s." % (
            under, edges[0], unit, over, edges[-1], unit)
    return Figure(rel, caption, {"sources": ["summary.json: hotspots.histograms.%s (edges, fraction)" % key],
                                 "markers": {label: value for label, value in marks},
                                 "underflow_fraction": under, "overflow_fraction": over})
