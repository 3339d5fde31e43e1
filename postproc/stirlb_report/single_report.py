"""The report of one run: its sections in the order a scale-up engineer
reads them, each present only when the run has that feature."""
from . import figures_beads, figures_flow, tables
from .document import Absent, Document, Table, Text
from .geometry import load_geometry
from .run_warnings import checks_rows, run_notes, run_warnings
from .vtk_xml import VtkReadError


def not_in_run(what):
    return Absent("Not in this run: %s." % what)


def build_report(run, sink):
    doc = Document("report", "stirlb report: %s" % run.label, [{"label": run.label, "path": run.path}])
    doc.warnings += run_warnings(run)
    doc.notes += run_notes(run)
    _case(doc, run, sink)
    _checks(doc, run)
    _resolution(doc, run)
    _power(doc, run, sink)
    _distributions(doc, run, sink)
    _hotspots(doc, run)
    _suspension(doc, run, sink)
    _damage(doc, run, sink)
    _blend(doc, run, sink)
    _scale_up(doc, run)
    return doc


def _case(doc, run, sink):
    s = doc.section("case", "Case")
    description = run.get("case.description")
    if description:
        s.add(Text(description))
    s.add(tables.case_table(run))
    s.add(tables.parameters_table(run))
    try:
        g = load_geometry(run.path)
    except VtkReadError as e:
        doc.notes.append("geometry sketch left out: %s" % e)
        g = None
    if g is None:
        s.add(not_in_run("a field output (fields_*.vti) to sketch the geometry from"))
    else:
        s.add(figures_flow.geometry_sketch(run, sink, g))


def _checks(doc, run):
    s = doc.section("checks", "Checks")
    rows = checks_rows(run)
    if rows is None:
        s.add(Absent("This run predates the checks: its summary.json has no 'checks'."))
    else:
        s.add(Table("checks", "Checks the solver made on this run", ["check", "passed", "message"], rows))


def _resolution(doc, run):
    s = doc.section("resolution", "Resolution")
    if not run.section("resolution"):
        s.add(not_in_run("a resolution report (only stirred tanks have one)"))
        return
    for t in tables.resolution_tables(run):
        s.add(t)
    warnings = run.get("resolution.warnings") or []
    s.add(Text("Resolution warnings: " + "; ".join(warnings) if warnings else "No resolution warnings."))


def _power(doc, run, sink):
    s = doc.section("power", "Power number, P/V, tip speed, Reynolds number")
    if not run.section("tank"):
        s.add(not_in_run("a stirred tank (no impeller, so no power number)"))
        return
    s.add(tables.power_table(run))
    s.add(figures_flow.power_number_history(run, sink))


def _distributions(doc, run, sink):
    s = doc.section("distributions", "Kolmogorov length, shear stress and dissipation")
    if not run.get("hotspots.histograms"):
        s.add(not_in_run("distributions of the time-averaged fields (runs with time averages have them)"))
        return
    s.add(Text("Distributions over the liquid volume of the time-averaged fields (%s)."
               % run.get("hotspots.basis", "time-averaged fields")))
    s.add(tables.distribution_table(run))
    for key in figures_flow.HISTOGRAMS:
        s.add(figures_flow.distribution(run, sink, key))


def _hotspots(doc, run):
    s = doc.section("hotspots", "Hotspots")
    if not run.section("hotspots"):
        s.add(not_in_run("hotspot analysis (runs with time averages have it)"))
        return
    s.add(tables.hotspot_scalars_table(run))
    if run.get("hotspots.thresholds"):
        s.add(tables.thresholds_table(run))
        s.add(tables.regions_table(run))
    else:
        s.add(not_in_run("hotspot thresholds and regions (a [hotspots] table in the case)"))


def _suspension(doc, run, sink):
    s = doc.section("suspension", "Microcarrier suspension")
    if not run.section("microcarriers"):
        s.add(not_in_run("microcarriers"))
        return
    s.add(tables.microcarrier_table(run))
    figure = figures_beads.suspension(run, sink)
    s.add(figure if figure else not_in_run("a suspension history (suspension.csv)"))


def _damage(doc, run, sink):
    s = doc.section("damage", "Cell damage")
    if not run.section("damage"):
        s.add(not_in_run("damage models (no [[damage.model]] in the case)"))
        return
    s.add(tables.damage_table(run))
    s.add(figures_beads.damage_histograms(run, sink))
    s.add(figures_beads.damage_over_time(run, sink))


def _blend(doc, run, sink):
    s = doc.section("blend", "Blend time")
    if not run.section("blend"):
        s.add(not_in_run("a blend-time tracer"))
        return
    if run.get("blend.note"):
        s.add(Text(run.get("blend.note")))
    for t in tables.blend_tables(run):
        s.add(t)
    figure = figures_beads.blend(run, sink)
    s.add(figure if figure else not_in_run("blend.csv, so the mixing curve is not drawn"))


def _scale_up(doc, run):
    if not run.section("scale_up"):
        return  # only scaled cases have one; other runs need not say so
    s = doc.section("scale_up", "Scale-up: predicted against simulated")
    for t in tables.scale_up_tables(run):
        s.add(t)
