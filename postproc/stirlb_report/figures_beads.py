"""Figures of what the flow does to what it carries: microcarrier
suspension, bead damage and the blending of an injected scalar."""
import numpy as np

from .document import Figure
from .plotting import colour, mark_horizontal, mark_vertical, new_figure

SUSPENSION_CURVES = [("fraction_suspended", "fraction suspended"), ("fraction_settled", "fraction settled"),
                     ("cloud_height", "cloud height (fraction of H)"), ("mean_height", "mean height (fraction of H)")]


def suspension_series(run):
    """Columns of suspension.csv, or the same from summary.json's history
    when the CSV is not there; and where they came from."""
    s = run.series.get("suspension")
    if s is not None:
        return {k: s[k] for k in s.names()}, "suspension.csv"
    history = run.get("microcarriers.history") or []
    if not history:
        return None, None
    keys = set().union(*(h.keys() for h in history))
    return {k: np.asarray([h.get(k, np.nan) for h in history], float) for k in keys}, \
        "summary.json: microcarriers.history"


def suspension(run, sink):
    data, source = suspension_series(run)
    if data is None or "time_s" not in data:
        return None
    t = data["time_s"]
    fig, axes = new_figure(1, 2, width=10.0, height=3.8)
    ax, acv = axes[0]
    drawn = []
    for i, (key, label) in enumerate(SUSPENSION_CURVES):
        if key in data:
            ax.plot(t, data[key], "o-", markersize=3, color=colour(i), label=label)
            drawn.append(key)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("fraction")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    if "homogeneity_cv" in data:
        acv.plot(t, data["homogeneity_cv"], "o-", markersize=3, color=colour(4))
        drawn.append("homogeneity_cv")
    acv.set_xlabel("time (s)")
    acv.set_ylabel("homogeneity CV (0: uniform)")
    acv.grid(alpha=0.3)
    rel = sink.save(fig, "suspension")
    return Figure(rel, "Microcarrier suspension at every output: fractions suspended and settled, cloud and mean "
                       "height (left); coefficient of variation of the concentration over height (right).",
                  {"sources": ["%s: time_s, %s" % (source, ", ".join(drawn))]})


def _grid(n):
    cols = min(n, 2)
    return (n + cols - 1) // cols, cols


def damage_histograms(run, sink):
    damage = run.section("damage")
    if not damage:
        return None
    names = sorted(damage)
    rows, cols = _grid(len(names))
    fig, axes = new_figure(rows, cols, width=5.0 * cols, height=3.2 * rows)
    markers = {}
    for k, name in enumerate(names):
        ax = axes[k // cols][k % cols]
        d = damage[name]
        edges, beads = np.asarray(d["histogram"]["edges"], float), np.asarray(d["histogram"]["beads"], float)
        ax.stairs(beads, edges, fill=True, alpha=0.4, color=colour(k))
        ax.stairs(beads, edges, color=colour(k))
        if beads.max(initial=0) > 0:
            ax.set_yscale("symlog", linthresh=1)
        if d.get("damaged_at") is not None and edges[0] <= d["damaged_at"] <= edges[-1]:
            mark_vertical(ax, d["damaged_at"], "damaged at %.3g" % d["damaged_at"], "#b2182b")
            ax.legend(fontsize=7)
        markers[name] = d.get("damaged_at")
        if not d["max"]:
            ax.text(0.5, 0.5, "no parcel took any damage", ha="center", va="center", transform=ax.transAxes)
        ax.set_title("%s (%s)" % (name, d.get("type", "")), fontsize=9)
        unit = d["damage_unit"]
        ax.set_xlabel("damage (%s)" % ("dimensionless" if unit == "1" else unit))
        ax.set_ylabel("parcels")
        ax.grid(alpha=0.3)
    for k in range(len(names), rows * cols):
        axes[k // cols][k % cols].set_visible(False)
    rel = sink.save(fig, "damage_histograms")
    return Figure(rel, "Damage of every released parcel at the end of the run, per model (summary.json's 20-bin "
                       "histogram; the marked line is the model's damaged_at where it falls in range).",
                  {"sources": ["summary.json: damage.<model>.histogram"], "damaged_at": markers})


def damage_over_time(run, sink):
    """Fraction damaged (all models on one axis) and mean, p95 and max per
    model, from damage.csv or, without it, summary.json's fraction damaged."""
    damage = run.section("damage")
    if not damage:
        return None
    names = sorted(damage)
    csv = run.series.get("damage")
    fig, axes = new_figure(1, 2, width=10.0, height=3.8)
    af, ad = axes[0]
    sources = []
    for k, name in enumerate(names):
        if csv is not None and name + "_fraction_damaged" in csv:
            t, f = csv["time_s"], csv[name + "_fraction_damaged"]
            sources.append("damage.csv: %s_fraction_damaged" % name)
        else:
            pairs = np.asarray(damage[name].get("fraction_damaged_over_time") or [], float).reshape(-1, 2)
            t, f = pairs[:, 0], pairs[:, 1]
            sources.append("summary.json: damage.%s.fraction_damaged_over_time" % name)
        af.plot(t, f, "o-", markersize=3, color=colour(k), label=name)
        if csv is not None and name + "_p95" in csv:
            # Models have different units: each curve is shown relative to its
            # own final maximum, so that they share one axis.
            top = float(np.nanmax(csv[name + "_max"])) if name + "_max" in csv else 0.0
            if top > 0:
                ad.plot(csv["time_s"], csv[name + "_mean"] / top, "-", color=colour(k), label=name + " mean")
                ad.plot(csv["time_s"], csv[name + "_p95"] / top, "--", color=colour(k), label=name + " p95")
                sources.append("damage.csv: %s_mean, %s_p95, %s_max" % (name, name, name))
    af.set_ylim(-0.03, 1.03)
    af.set_xlabel("time (s)")
    af.set_ylabel("fraction of parcels damaged")
    af.legend(fontsize=8)
    af.grid(alpha=0.3)
    ad.set_xlabel("time (s)")
    ad.set_ylabel("damage / the model's final maximum")
    ad.grid(alpha=0.3)
    if ad.lines:
        ad.legend(fontsize=7)
    else:
        ad.text(0.5, 0.5, "no parcel took any damage", ha="center", va="center", transform=ad.transAxes)
    rel = sink.save(fig, "damage_over_time")
    return Figure(rel, "Damage over time: the fraction of released parcels at or past damaged_at (left), and "
                       "the mean and 95th percentile over the parcels, each scaled by its model's largest value "
                       "(right).", {"sources": sources})


def after_injection(series, blend):
    """Seconds after the injection for each row of blend.csv: the summary's
    blend times are counted from the injection, so the curve is too."""
    if "time_after_injection_s" in series:
        return series["time_after_injection_s"]
    return series["time_s"] - (blend.get("injection_time_s") or 0.0)


def blend(run, sink):
    b = run.section("blend")
    s = run.series.get("blend")
    if b is None or s is None or len(s) == 0:
        return None
    probes = [c for c in s.names() if c.startswith("probe_")]
    fig, axes = new_figure(1, 2 if probes else 1, width=10.0 if probes else 6.5, height=3.8)
    ar = axes[0][0]
    t, rsd = after_injection(s, b), s["rsd"]
    positive = np.isfinite(rsd) & (rsd > 0)
    ar.plot(t[positive], rsd[positive], color="#2166ac", label="RSD over the liquid")
    ar.set_yscale("log")
    mark_horizontal(ar, b["threshold"], "threshold %.3g" % b["threshold"], "#b2182b")
    if b.get("blend_time_s") is not None:
        mark_vertical(ar, b["blend_time_s"], "blend time %.3g s" % b["blend_time_s"], "#1b7837")
    ar.set_xlabel("time after injection (s)")
    ar.set_ylabel("relative standard deviation")
    ar.legend(fontsize=8)
    ar.grid(alpha=0.3, which="both")
    if probes:
        ap = axes[0][1]
        for k, c in enumerate(probes):
            ap.plot(t, s[c], color=colour(k), label=c[len("probe_"):])
        ap.axhspan(0.95, 1.05, color="#fdb863", alpha=0.35, label="within 5 % of mixed")
        ap.set_xlabel("time after injection (s)")
        ap.set_ylabel("concentration / fully mixed")
        ap.legend(fontsize=8)
        ap.grid(alpha=0.3)
    rel = sink.save(fig, "blend")
    reached = "blend time %.3g s" % b["blend_time_s"] if b.get("blend_time_s") is not None else \
        "the threshold was not reached in this run"
    return Figure(rel, "Blending of the injected scalar: its relative standard deviation over the liquid against "
                       "the time since injection, with the threshold (%s)%s." % (
                           reached, "; right: the probes, normalised by the fully mixed value" if probes else ""),
                  {"sources": ["blend.csv: time_after_injection_s, rsd" + "".join(", " + p for p in probes),
                               "summary.json: blend"],
                   "threshold": b["threshold"], "blend_time_s": b.get("blend_time_s"),
                   "injection_time_s": b.get("injection_time_s")})
