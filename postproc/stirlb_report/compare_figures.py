"""Overlays of several runs on shared axes, one colour per run."""
import numpy as np

from .document import Figure
from .figures_beads import after_injection, suspension_series
from .figures_flow import HISTOGRAMS, histogram_markers
from .plotting import colour, mark_horizontal, mark_vertical, new_figure, occupied_range, step_histogram


class Clock:
    """The horizontal axis of time curves: impeller revolutions when every
    run has torque.csv (vessels of different size then line up by what
    their impellers did), seconds otherwise."""

    def __init__(self, runs):
        self.torques = [r.series.get("torque") for r in runs]
        self.revolutions = all(t is not None and len(t) > 0 for t in self.torques)
        self.label = "impeller revolutions" if self.revolutions else "time (s)"

    def __call__(self, k, t):
        if not self.revolutions:
            return np.asarray(t, float)
        torque = self.torques[k]
        return np.interp(t, torque["time_s"], torque["revolutions"])


def power_number(runs, sink):
    having = [(k, r) for k, r in enumerate(runs) if r.series.get("torque") is not None and r.section("tank")]
    if len(having) < 2:
        return None
    fig, axes = new_figure(width=8.0)
    ax = axes[0][0]
    top = 0.0
    for k, r in having:
        s, tank = r.series["torque"], r.section("tank")
        if not tank.get("power_number"):
            ax.plot(s["revolutions"], s["power_number"], color=colour(k), linewidth=0.6, alpha=0.8,
                    label="%s (no averaged Np)" % r.label)
            tail = s["power_number"][s["revolutions"] >= 0.5 * s["revolutions"][-1]]
            tail = tail[np.isfinite(tail)]
            top = max(top, float(np.percentile(tail, 99)) if len(tail) else 0.0)
            continue
        ax.plot(s["revolutions"], s["power_number"], color=colour(k), linewidth=0.6, alpha=0.8)
        w0, w1 = (float(np.interp(tank["averaging"][key], s["time_s"], s["revolutions"]))
                  for key in ("window_start_s", "window_end_s"))
        mean, std = tank["power_number"]["mean"], tank["power_number"]["std"]
        ax.plot([w0, w1], [mean, mean], color=colour(k), linewidth=3,
                label="%s: Np = %.3g ± %.2g" % (r.label, mean, std))
        top = max(top, mean + 4 * std)
    # Start-up spikes are off the scale (torque over a speed near zero).
    ax.set_ylim(0, top * 1.2 if top > 0 else 1)
    ax.set_xlabel("impeller revolutions")
    ax.set_ylabel("power number Np")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    rel = sink.save(fig, "compare_power_number")
    return Figure(rel, "Power number per step against revolutions; thick: each run's mean over its averaging "
                       "window.", {"sources": ["torque.csv: revolutions, power_number", "summary.json: tank"],
                                   "runs": [r.label for _, r in having]})


def distribution(runs, sink, key):
    having = [(k, r) for k, r in enumerate(runs) if r.get("hotspots.histograms.%s" % key)]
    if len(having) < 2:
        return None
    name, unit, _ = HISTOGRAMS[key]
    fig, axes = new_figure(width=8.0)
    ax = axes[0][0]
    ax.set_xscale("log")
    lo, hi = np.inf, 0.0
    by_kind = {}  # marker kind -> [(run index, run label, label, value)]
    for k, r in having:
        h = r.get("hotspots.histograms.%s" % key)
        edges, frac = np.asarray(h["edges"], float), np.asarray(h["fraction"], float)
        step_histogram(ax, edges, frac, color=colour(k), linewidth=1.6, label=r.label)
        a, b = occupied_range(edges, frac)
        lo, hi = min(lo, a), max(hi, b)
        for kind, label, value in histogram_markers(r, key):
            by_kind.setdefault(kind, []).append((k, r.label, label, value))
    markers = {}
    for kind, marks in by_kind.items():
        values = {v for _, _, _, v in marks}
        lo, hi = min([lo] + [v / 1.5 for v in values]), max([hi] + [v * 1.5 for v in values])
        # One line when every run marks the same value; one per run otherwise.
        if len(values) == 1 and len(marks) == len(having):
            _, _, label, value = marks[0]
            mark_vertical(ax, value, label, "#4d4d4d", ":")
            markers[label] = value
        else:
            for k, run_label, label, value in marks:
                mark_vertical(ax, value, "%s: %s" % (run_label, label), colour(k), ":")
                markers["%s: %s" % (run_label, label)] = value
    if np.isfinite(lo) and hi > lo:
        ax.set_xlim(lo, hi)
    ax.set_xlabel("%s (%s)" % (name, unit))
    ax.set_ylabel("fraction of the liquid volume")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    rel = sink.save(fig, "compare_histogram_" + key)
    return Figure(rel, "Volume-weighted distributions of the time-averaged %s on the same bins (dotted: each "
                       "run's thresholds and markers)." % name,
                  {"sources": ["summary.json: hotspots.histograms.%s" % key], "markers": markers,
                   "runs": [r.label for _, r in having]})


def suspension(runs, sink, clock):
    series = [(k, r, suspension_series(r)) for k, r in enumerate(runs) if r.section("microcarriers")]
    series = [(k, r, data) for k, r, (data, _) in series if data is not None and "time_s" in data]
    if len(series) < 2:
        return None
    fig, axes = new_figure(1, 2, width=10.0)
    a_s, a_cv = axes[0]
    for k, r, data in series:
        x = clock(k, data["time_s"])
        if "fraction_suspended" in data:
            a_s.plot(x, data["fraction_suspended"], "o-", markersize=3, color=colour(k), label=r.label)
        if "homogeneity_cv" in data:
            a_cv.plot(x, data["homogeneity_cv"], "o-", markersize=3, color=colour(k), label=r.label)
    a_s.set_ylim(-0.03, 1.03)
    a_s.set_ylabel("fraction suspended")
    a_cv.set_ylabel("homogeneity CV (0: uniform)")
    for a in (a_s, a_cv):
        a.set_xlabel(clock.label)
        a.legend(fontsize=8)
        a.grid(alpha=0.3)
    rel = sink.save(fig, "compare_suspension")
    return Figure(rel, "Microcarrier suspension against %s." % clock.label,
                  {"sources": ["suspension.csv (or summary.json microcarriers.history): fraction_suspended, "
                               "homogeneity_cv"], "axis": clock.label, "runs": [r.label for _, r, _ in series]})


def damage(runs, sink, clock):
    models = sorted(set().union(*(set(r.section("damage") or {}) for r in runs)))
    if not models or sum(1 for r in runs if r.section("damage")) < 2:
        return None
    cols = min(len(models), 2)
    rows = (len(models) + cols - 1) // cols
    fig, axes = new_figure(rows, cols, width=5.0 * cols, height=3.2 * rows)
    for i, m in enumerate(models):
        ax = axes[i // cols][i % cols]
        for k, r in enumerate(runs):
            d = (r.section("damage") or {}).get(m)
            if d is None:
                continue
            csv = r.series.get("damage")
            if csv is not None and m + "_fraction_damaged" in csv:
                t, f = csv["time_s"], csv[m + "_fraction_damaged"]
            else:
                pairs = np.asarray(d.get("fraction_damaged_over_time") or [], float).reshape(-1, 2)
                t, f = pairs[:, 0], pairs[:, 1]
            ax.plot(clock(k, t), f, "o-", markersize=3, color=colour(k), label=r.label)
        ax.set_title(m, fontsize=9)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel(clock.label)
        ax.set_ylabel("fraction damaged")
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    for i in range(len(models), rows * cols):
        axes[i // cols][i % cols].set_visible(False)
    rel = sink.save(fig, "compare_damage")
    return Figure(rel, "Fraction of parcels damaged over %s, per damage model." % clock.label,
                  {"sources": ["damage.csv: <model>_fraction_damaged (or summary.json)"], "models": models,
                   "axis": clock.label})


def blend(runs, sink):
    """RSD after injection: in revolutions when every run's blend.csv has
    them (vessels of different size line up by impeller turns), else in
    seconds."""
    having = [(k, r) for k, r in enumerate(runs)
              if r.section("blend") and r.series.get("blend") is not None and len(r.series["blend"]) > 0]
    if len(having) < 2:
        return None
    in_revolutions = all("revolutions_after_injection" in r.series["blend"] for _, r in having)
    fig, axes = new_figure(width=8.0)
    ax = axes[0][0]
    ax.set_yscale("log")
    thresholds = {}
    for k, r in having:
        s, b = r.series["blend"], r.section("blend")
        x = s["revolutions_after_injection"] if in_revolutions else after_injection(s, b)
        rsd = s["rsd"]
        keep = np.isfinite(rsd) & (rsd > 0)
        ax.plot(x[keep], rsd[keep], color=colour(k), label=r.label)
        thresholds[r.label] = b["threshold"]
        mark_vertical(ax, b.get("blend_time_revolutions" if in_revolutions else "blend_time_s"), None,
                      colour(k), ":")
    for value in sorted(set(thresholds.values())):
        mark_horizontal(ax, value, "threshold %.3g" % value, "#b2182b")
    axis = "revolutions after injection" if in_revolutions else "time after injection (s)"
    ax.set_xlabel(axis)
    ax.set_ylabel("relative standard deviation")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    rel = sink.save(fig, "compare_blend")
    return Figure(rel, "Blending: relative standard deviation of the scalar against %s (dotted: each run's blend "
                       "time)." % axis,
                  {"sources": ["blend.csv: rsd, " + ("revolutions_after_injection" if in_revolutions else
                                                     "time_after_injection_s"), "summary.json: blend"],
                   "thresholds": thresholds, "axis": axis})
