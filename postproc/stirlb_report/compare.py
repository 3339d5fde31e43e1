"""The comparison of several runs: which runs, what makes the comparison
unfair, every shared scalar metric with its relative difference from the
first run, and the distributions and histories overlaid."""
import os

from . import compare_figures as cf
from .document import MISSING, Absent, Document, Table, Text
from .errors import BadInput
from .figures_flow import HISTOGRAMS
from .fairness import fairness_warnings
from .metrics import metric_table
from .run_warnings import run_notes, run_warnings
from .tables import relative_difference


def unique_labels(runs):
    """Case names, with the folder added where two runs share a case name
    (the same case at two speeds, say)."""
    names = [r.label for r in runs]
    labels = [n if names.count(n) == 1 else "%s (%s)" % (n, os.path.basename(r.path)) for n, r in zip(names, runs)]
    for i in range(len(labels)):
        if labels.count(labels[i]) > 1:
            labels[i] = "%s #%d" % (labels[i], i + 1)
    for r, label in zip(runs, labels):
        r.label = label


def build_comparison(runs, sink, min_revolutions):
    unique_labels(runs)
    keys, values, units = metric_table(runs)
    shared = [k for k in keys if all(v is not MISSING for v in values[k])]
    if not shared:
        raise BadInput("the runs share no metric (%s): nothing to compare; compare runs of cases with the same "
                       "features (tank, hotspots, microcarriers, damage, blend)"
                       % "; ".join("%s has %s" % (r.label, ", ".join(_sections(r)) or "no tank or analysis")
                                   for r in runs))
    doc = Document("compare", "stirlb comparison: " + " vs ".join(r.label for r in runs),
                   [{"label": r.label, "path": r.path} for r in runs])
    doc.warnings += fairness_warnings(runs, min_revolutions)
    for r in runs:
        doc.warnings += run_warnings(r, prefix="%s: " % r.label)
        doc.notes += run_notes(r, prefix="%s: " % r.label)
    partial = len(keys) - len(shared)
    if partial:
        doc.notes.append("%d of %d metrics are missing from some runs (shown as 'missing'; no difference is "
                         "computed for them)" % (partial, len(keys)))
    _overview(doc, runs)
    _metrics(doc, runs, keys, values, units)
    _figures(doc, runs, sink)
    return doc


def _sections(run):
    return [s for s in ("tank", "hotspots", "microcarriers", "damage", "blend") if run.section(s)]


def _overview(doc, runs):
    s = doc.section("runs", "Runs")
    rows = []
    for r in runs:
        rows.append([r.label, r.get("case.name"), r.path, r.get("status"), r.get("stirlb_version"),
                     r.get("tank.liquid_volume_m3", MISSING), r.get("resolution.cells_per_impeller_diameter",
                                                                    MISSING),
                     r.averaging_revolutions() if r.section("tank") else MISSING, r.get("run.wall_time_s"),
                     ", ".join(_sections(r))])
    s.add(Table("runs", "Runs compared (differences are relative to the first)",
                ["run", "case", "folder", "status", "stirlb version", "liquid volume (m³)",
                 "cells per impeller diameter", "averaging window (revolutions)", "wall time (s)", "sections"],
                rows))


def _metrics(doc, runs, keys, values, units):
    s = doc.section("metrics", "Metrics")
    s.add(Text("Every scalar the runs' summaries report for the tank, hotspots, final microcarrier state, damage "
               "models and blending, with the relative difference (run - %s) / |%s|." % (runs[0].label,
                                                                                        runs[0].label)))
    columns = ["metric", "unit", runs[0].label]
    relative = []
    for r in runs[1:]:
        columns += [r.label, "Δ " + r.label]
        relative.append("Δ " + r.label)
    rows = []
    for k in keys:
        v = values[k]
        row = [k, units[k], v[0]]
        for x in v[1:]:
            row += [x, relative_difference(x, v[0]) if x is not MISSING and v[0] is not MISSING else MISSING]
        rows.append(row)
    s.add(Table("metrics", "Metrics by run", columns, rows, relative=relative))


def _figures(doc, runs, sink):
    clock = cf.Clock(runs)
    s = doc.section("power", "Power number")
    s.add(cf.power_number(runs, sink) or Absent("Not in these runs: fewer than two have a tank with torque.csv."))
    s = doc.section("distributions", "Kolmogorov length, shear stress and dissipation")
    for key in HISTOGRAMS:
        s.add(cf.distribution(runs, sink, key) or
              Absent("Not in these runs: fewer than two have a %s histogram." % HISTOGRAMS[key][0]))
    s = doc.section("suspension", "Microcarrier suspension")
    s.add(cf.suspension(runs, sink, clock) or Absent("Not in these runs: fewer than two have microcarriers."))
    s = doc.section("damage", "Cell damage")
    s.add(cf.damage(runs, sink, clock) or Absent("Not in these runs: fewer than two have damage models."))
    s = doc.section("blend", "Blend time")
    s.add(cf.blend(runs, sink) or Absent("Not in these runs: fewer than two have a blend-time tracer."))
