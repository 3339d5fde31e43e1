"""ParaView view of a stirlb run: vessel, impeller, velocity slice, shear
hotspots and microcarriers coloured by their accumulated damage.

Headless (a PNG; Debian's pvbatch renders through X, so give it a virtual
display with xvfb-run):

    xvfb-run -a pvbatch postproc/paraview/stirlb_view.py RUN_DIR --png view.png [--size 1600x900]

In the GUI (the run directory from STIRLB_RUN; options from STIRLB_VIEW_ARGS):

    STIRLB_RUN=runs/damage_rushton paraview --script=postproc/paraview/stirlb_view.py

or in View > Python Shell:

    import sys; sys.path.insert(0, "postproc/paraview")
    import stirlb_view; stirlb_view.show("runs/damage_rushton", threshold=0.5)

Without a run directory on the command line or in STIRLB_RUN, the script
takes the current directory if it holds fields.pvd, else the newest
runs/*/fields.pvd below it. `--help` lists every option.

The layers, each skipped with a message when the run lacks its data:
  - vessel: the fluid/solid boundary of `cell_type` (walls, baffles, bottom,
    liquid surface) as a translucent shell;
  - impeller: the `fields_surface_*.vtp` part (impeller and shaft surface);
  - slice: the vertical plane through the axis, fluid cells only, coloured by
    the speed of the time-averaged flow (`mean_velocity_m_s`; `velocity_m_s`
    in an output before the averaging window) on a log scale;
  - hotspots: the iso-surface of the time-averaged total shear stress
    (`mean_shear_stress_Pa`, or ε with --criterion dissipation) at the run's
    hotspot threshold from summary.json (`hotspots.thresholds`), the value
    that defines its hotspot regions; --threshold overrides it, and a run
    without one gets a percentile of the field;
  - microcarriers: spheres (enlarged, not to scale) at the bead positions,
    coloured by their accumulated damage (`damage_<model>`).

Only paraview.simple is used to build the view, so the same script runs in
pvbatch, pvpython and the GUI, and leaves an ordinary pipeline in the GUI's
pipeline browser to be changed by hand.
"""

import argparse
import glob
import json
import os
import re
import shlex
import sys
import xml.etree.ElementTree as ElementTree

try:
    import paraview.simple as pv
except ImportError as error:  # pvbatch or paraview without ParaView's Python modules
    sys.exit("stirlb_view: error: cannot import paraview.simple (%s). Install python3-paraview; where it cannot be "
             "installed beside libvtk9-dev (Debian 12: it conflicts with python3-vtk9), scripts/install-deps.sh unpacks "
             "it into /opt/paraview-python: run with PYTHONPATH=/opt/paraview-python/usr/lib/python3/dist-packages"
             % error)

PROG = "stirlb_view"

# What the iso-surface can show. The time-averaged array is what the run's
# hotspot regions are made of (summary.json, hotspots.csv); the
# instantaneous arrays are the fallback for an output taken before the
# averaging window, where the total shear stress is the molecular plus the
# eddy (Smagorinsky) part, as everywhere in stirlb's hotspot analysis.
CRITERIA = {
    "shear": {
        "summary_key": "shear_stress",
        "mean_array": "mean_shear_stress_Pa",
        "instant_arrays": ["shear_stress_Pa", "eddy_shear_stress_Pa"],
        "unit": "Pa",
        "label": "shear stress",
    },
    "dissipation": {
        "summary_key": "dissipation",
        "mean_array": "mean_dissipation_W_kg",
        "instant_arrays": ["dissipation_W_kg"],
        "unit": "W/kg",
        "label": "dissipation",
    },
}

# Colours chosen to stay apart on a white background: a pale grey vessel,
# dark steel impeller, an orange iso-surface that no colour map below uses.
VESSEL_COLOR = [0.55, 0.58, 0.62]
IMPELLER_COLOR = [0.25, 0.27, 0.30]
HOTSPOT_COLOR = [1.0, 0.45, 0.0]
TEXT_COLOR = [0.1, 0.1, 0.1]
SLICE_PRESET = "Viridis (matplotlib)"
BEAD_PRESET = "Reds"


# Text sizes are in pixels: they are set for a 900-pixel-high image and
# scaled with --size's height (build sets this), so a small image is not all
# caption and a large one not all picture.
FONT_SCALE = {"factor": 1.0}


def font_size(points):
    return max(8, int(round(points * FONT_SCALE["factor"])))


class ViewError(Exception):
    """A problem with the run directory or the options, told to the user
    in one message (no traceback)."""


def note(message):
    print("%s: %s" % (PROG, message))


# ---------------------------------------------------------------- options


def parse_options(argv):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="ParaView view of a stirlb run directory (fields.pvd).",
        epilog="Headless: xvfb-run -a pvbatch stirlb_view.py RUN_DIR --png out.png. "
        "GUI: STIRLB_RUN=RUN_DIR [STIRLB_VIEW_ARGS='--threshold 0.5'] paraview --script=stirlb_view.py.",
    )
    parser.add_argument("run_dir", nargs="?", help="run directory holding fields.pvd (default: $STIRLB_RUN, "
                        "else the current directory, else the newest runs/*/)")
    parser.add_argument("--png", help="save a screenshot here (pvbatch without --png writes stirlb_view.png)")
    parser.add_argument("--size", default="1600x900", help="image size WIDTHxHEIGHT (default 1600x900)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--time", type=float, help="simulated time in s: the output nearest to it (default: the last)")
    when.add_argument("--step", type=int, help="lattice step: the output nearest to it (default: the last)")
    parser.add_argument("--criterion", choices=sorted(CRITERIA), default="shear",
                        help="hotspot field of the iso-surface (default shear)")
    parser.add_argument("--threshold", type=float,
                        help="iso-surface value in the criterion's unit (Pa or W/kg); default: summary.json's")
    parser.add_argument("--percentile", type=float, default=None,
                        help="iso-surface at this percentile of the field over the liquid (used anyway, "
                        "at 95, when the run has no hotspot threshold)")
    parser.add_argument("--damage", help="damage model (name or damage_<name> array) colouring the beads "
                        "(default: the first one that is not zero everywhere)")
    parser.add_argument("--slice-array",
                        help="cell array colouring the slice, magnitude for vectors (default: mean_velocity_m_s, "
                        "the time average, where the output has it, else velocity_m_s)")
    parser.add_argument("--slice-range", type=float, nargs=2, metavar=("MIN", "MAX"),
                        help="colour range of the slice (default: for a vector, two decades below its peak on a "
                        "log scale; for a scalar, 0 to its maximum)")
    parser.add_argument("--slice-linear", action="store_true", help="a linear colour scale for the slice")
    parser.add_argument("--bead-size", type=float,
                        help="sphere diameter in m for the beads (default: one lattice cell; real beads are far smaller)")
    parser.add_argument("--state", help="also save a ParaView state file (.pvsm) to open in the GUI")
    for layer in ("vessel", "impeller", "slice", "hotspots", "beads"):
        parser.add_argument("--no-" + layer, action="store_true", help="leave out the %s layer" % layer)
    return parser.parse_args(argv)


def command_line():
    """The arguments in every way the script can be started: pvbatch and
    pvpython pass them in sys.argv; the GUI's --script passes none (sys.argv
    is ['']), so STIRLB_VIEW_ARGS carries them there, after any in argv."""
    argv = list(sys.argv[1:]) if getattr(sys, "argv", None) and sys.argv[0] else []
    return argv + shlex.split(os.environ.get("STIRLB_VIEW_ARGS", ""))


def image_size(text):
    match = re.fullmatch(r"(\d+)[xX](\d+)", text.strip())
    if not match or int(match.group(1)) < 64 or int(match.group(2)) < 64:
        raise ViewError("--size %r: expected WIDTHxHEIGHT, at least 64x64, e.g. 1600x900" % text)
    return [int(match.group(1)), int(match.group(2))]


# ---------------------------------------------------------------- the run


def find_run_dir(given):
    """The run directory, never by a prompt: the GUI has no terminal to
    answer one. Order: argument, $STIRLB_RUN, the current directory, the
    newest runs/*/ below it."""
    candidates = []
    if given:
        candidates = [("the command line", given)]
    elif os.environ.get("STIRLB_RUN"):
        candidates = [("STIRLB_RUN", os.environ["STIRLB_RUN"])]
    else:
        if os.path.isfile("fields.pvd"):
            return os.getcwd()
        newest = sorted(glob.glob(os.path.join("runs", "*", "fields.pvd")), key=os.path.getmtime)
        if newest:
            run = os.path.dirname(os.path.abspath(newest[-1]))
            note("no run directory given: taking the newest, %s" % run)
            return run
        raise ViewError("no run directory: pass one (pvbatch stirlb_view.py RUN_DIR ...) or set STIRLB_RUN=RUN_DIR "
                        "(the GUI's --script passes no arguments); the current directory %s has no fields.pvd "
                        "and no runs/*/fields.pvd" % os.getcwd())
    where, path = candidates[0]
    path = os.path.abspath(os.path.expanduser(path))
    if os.path.isfile(path) and path.endswith(".pvd"):
        path = os.path.dirname(path)
    if not os.path.isdir(path):
        raise ViewError("run directory %s (from %s) does not exist" % (path, where))
    if not os.path.isfile(os.path.join(path, "fields.pvd")):
        hint = ""
        if os.path.isfile(os.path.join(path, "geometry.pvd")):
            hint = " It has geometry.pvd: that is `stirlb mesh` output, open it in ParaView directly."
        elif os.path.isfile(os.path.join(path, "summary.json")):
            hint = " It has summary.json: the run wrote no field output (check [output] and run.output_interval)."
        raise ViewError("%s (from %s) has no fields.pvd, so it is not the output folder of a `stirlb run`; "
                        "fields.pvd lists the fields_*.vti outputs.%s" % (path, where, hint))
    return path


def read_layout(pvd_path):
    """What each part of fields.pvd holds and the outputs of the field part.
    stirlb writes the fields as part 0, the impeller surface (tanks) and the
    particles (microcarriers) as further parts; they are recognised by file
    name, so a box without an impeller, or a tank without beads, just lacks
    that part. PVDReader makes one block per part, in part order."""
    try:
        root = ElementTree.parse(pvd_path).getroot()
    except ElementTree.ParseError as error:
        raise ViewError("%s is not readable XML (%s); was the run interrupted while writing it?" % (pvd_path, error))
    files = {}
    for dataset in root.iter("DataSet"):
        part = int(dataset.get("part", "0"))
        files.setdefault(part, []).append((float(dataset.get("timestep", "0")), dataset.get("file", "")))
    if not files:
        raise ViewError("%s lists no outputs" % pvd_path)
    blocks, outputs = {}, []
    for index, part in enumerate(sorted(files)):
        name = os.path.basename(files[part][0][1])
        kind = ("surface" if name.startswith("fields_surface_") else
                "particles" if name.startswith("fields_particles_") else "fields")
        blocks.setdefault(kind, index)
        if kind == "fields":
            for time, file in files[part]:
                match = re.search(r"_(\d+)\.p?vti$", file)
                outputs.append((time, int(match.group(1)) if match else None))
    if "fields" not in blocks:
        raise ViewError("%s has no fields_*.vti part" % pvd_path)
    return blocks, sorted(outputs)


def read_summary(run_dir):
    path = os.path.join(run_dir, "summary.json")
    if not os.path.isfile(path):
        note("no summary.json in %s (the run did not finish?): no hotspot thresholds or damage units" % run_dir)
        return {}
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        note("summary.json unreadable (%s): no hotspot thresholds or damage units" % error)
        return {}


def choose_output(outputs, options):
    """The output to show: the last by default, else the one nearest to
    --time or --step (outputs are written at intervals, rarely exactly)."""
    if options.time is not None:
        chosen = min(outputs, key=lambda o: abs(o[0] - options.time))
    elif options.step is not None:
        if any(step is None for _, step in outputs):
            raise ViewError("the output file names carry no step number; use --time")
        chosen = min(outputs, key=lambda o: abs(o[1] - options.step))
    else:
        chosen = outputs[-1]
    return chosen, outputs.index(chosen)


# ---------------------------------------------------------------- pipeline


def open_run(run_dir, blocks, time):
    """The reader and one source per part. ExtractBlock keeps each part a
    separate pipeline branch, so a filter meant for the fields never runs on
    the beads and the GUI shows three named items."""
    reader = pv.PVDReader(registrationName=os.path.basename(run_dir) + " fields.pvd",
                          FileName=os.path.join(run_dir, "fields.pvd"))
    reader.UpdatePipeline(time)
    parts = {}
    for kind, index in blocks.items():
        parts[kind] = pv.ExtractBlock(registrationName=kind, Input=reader, Selectors=["/Root/Block%d" % index])
        parts[kind].UpdatePipeline(time)
    return reader, parts


def grid_spacing(fields):
    """The lattice spacing dx, from the bounds and the cell extent."""
    info = fields.GetDataInformation()
    bounds, extent = info.GetBounds(), info.DataInformation.GetExtent()
    cells = max(extent[1] - extent[0], 1)
    return (bounds[1] - bounds[0]) / cells


def point_fields(fields, arrays, time):
    """Cell data to point data for the arrays that are contoured or shown
    smoothly. `solid` (0 fluid, 1 any wall kind, as a float) is made first,
    because averaging the uint8 cell_type would truncate and its detail bits
    (free-slip axis, wall velocity slot) are no distance from the fluid."""
    solid = pv.Calculator(registrationName="solid", Input=fields, AttributeType="Cell Data",
                          ResultArrayName="solid", ResultArrayType="Float", Function="min(cell_type, 1)")
    points = pv.CellDatatoPointData(registrationName="point data", Input=solid, ProcessAllArrays=0,
                                    CellDataArraytoprocess=["solid"] + arrays, PassCellData=1)
    points.UpdatePipeline(time)
    return points


def solid_colour(display, rgb):
    """One colour for the whole layer (no array)."""
    display.ColorArrayName = ["POINTS", ""]
    display.AmbientColor = display.DiffuseColor = rgb


def add_vessel(points, view):
    """The wetted boundary (vessel wall, bottom, baffles, liquid surface):
    where solid crosses one half. Translucent, so it frames the flow rather
    than hiding it."""
    shell = pv.Contour(registrationName="vessel", Input=points, ContourBy=["POINTS", "solid"], Isosurfaces=[0.5],
                       ComputeScalars=0)
    display = pv.Show(shell, view)
    solid_colour(display, VESSEL_COLOR)
    display.Opacity = 0.18
    display.Specular = 0.2
    return "grey: vessel, baffles and liquid surface (cell_type)"


def add_impeller(surface, view, time):
    if surface.GetDataInformation().GetNumberOfCells() == 0:
        note("the impeller surface part is empty at t = %g s: impeller layer skipped" % time)
        return None
    display = pv.Show(surface, view)
    solid_colour(display, IMPELLER_COLOR)
    display.Specular = 0.5
    return "dark: impeller and shaft"


def vector_or_scalar(source, array):
    """('Magnitude' for a vector, None for a scalar) and the range of it."""
    info = source.CellData[array] if array in source.CellData.keys() else source.PointData[array]
    if info.GetNumberOfComponents() > 1:
        return "Magnitude", info.GetRange(-1)
    return None, info.GetRange(0)


def add_slice(points, axis_point, dx, options, view, time):
    """The vertical plane through the axis (x-z, normal y), fluid cells
    only: solid cells carry zero velocity and would draw the corners of the
    lattice box. The plane sits a quarter cell off the grid's point plane,
    so each cut cell is cut once."""
    array = options.slice_array
    if array not in points.CellData.keys():
        note("no cell array %s at t = %g s: slice layer skipped (arrays: %s)"
             % (array, time, ", ".join(points.CellData.keys())))
        return None
    plane = pv.Slice(registrationName="slice y = %g" % axis_point[1], Input=points)
    plane.SliceType = "Plane"
    plane.SliceType.Origin = [axis_point[0], axis_point[1] + 0.25 * dx, axis_point[2]]
    plane.SliceType.Normal = [0.0, 1.0, 0.0]
    fluid = pv.Threshold(registrationName="slice (fluid)", Input=plane, Scalars=["CELLS", "cell_type"],
                         LowerThreshold=0, UpperThreshold=0, ThresholdMethod="Between")
    fluid.UpdatePipeline(time)
    display = pv.Show(fluid, view)
    # Unlit: the colours are the colour bar's, whatever the plane's angle to
    # the lights.
    display.Ambient, display.Diffuse = 1.0, 0.0
    component, value_range = vector_or_scalar(fluid, array)
    pv.ColorBy(display, ("POINTS", array, component) if component else ("POINTS", array))
    lut = pv.GetColorTransferFunction(array)
    low, high = (0.0 if value_range[0] >= 0 else value_range[0]), value_range[1]
    log = False
    if options.slice_range:
        low, high = options.slice_range
    elif component and not options.slice_linear and high > 0:
        # Speeds in a stirred tank span two decades: the impeller jet reaches
        # the tip speed, most of the liquid moves at a few percent of it (the
        # demo: median 0.03 m/s, maximum 0.6 m/s). A linear scale paints the
        # circulation loops in one colour; two decades down from the peak
        # show them.
        low, log = high / 100.0, True
    colour_map(lut, SLICE_PRESET, low, high, log)
    place_scalar_bar(lut, view, array_title(array, component), [0.89, 0.08])
    return "slice: %s on the vertical plane through the axis" % array


def array_title(array, component):
    """velocity_m_s -> |velocity| (m/s): stirlb names arrays with their unit."""
    units = (("_m_s", "m/s"), ("_W_kg", "W/kg"), ("_Pa", "Pa"), ("_1_s", "1/s"), ("_m", "m"))
    for suffix, unit in units:
        if array.endswith(suffix):
            name = array[: -len(suffix)]
            return "%s%s (%s)" % (name, " magnitude" if component else "", unit)
    return array + " magnitude" if component else array


def hotspot_field(fields, criterion, time):
    """The array the iso-surface is drawn on: the time average when this
    output has it, else the instantaneous total, made with a Calculator."""
    spec = CRITERIA[criterion]
    arrays = fields.CellData.keys()
    if spec["mean_array"] in arrays:
        return fields, spec["mean_array"], "time-averaged"
    if not all(name in arrays for name in spec["instant_arrays"]):
        return fields, None, None
    note("no %s at t = %g s (an output before the averaging window): the iso-surface uses the instantaneous %s"
         % (spec["mean_array"], time, " + ".join(spec["instant_arrays"])))
    if len(spec["instant_arrays"]) == 1:
        return fields, spec["instant_arrays"][0], "instantaneous"
    total = pv.Calculator(registrationName="total " + spec["label"], Input=fields, AttributeType="Cell Data",
                          ResultArrayName="total_" + spec["instant_arrays"][0],
                          Function=" + ".join(spec["instant_arrays"]))
    total.UpdatePipeline(time)
    return total, "total_" + spec["instant_arrays"][0], "instantaneous"


def liquid_percentile(source, array, percentile, time):
    """A percentile of a cell array over the liquid cells (cell_type 0),
    for a run without a hotspot threshold: fetches the two arrays only."""
    import numpy
    from paraview import servermanager
    from vtkmodules.numpy_interface import dataset_adapter

    two = pv.PassArrays(Input=source, CellDataArrays=["cell_type", array], PointDataArrays=[])
    two.UpdatePipeline(time)
    data = dataset_adapter.WrapDataObject(servermanager.Fetch(two))
    pv.Delete(two)

    def values(name):
        a = data.CellData[name]
        parts = a.Arrays if hasattr(a, "Arrays") else [a]
        return numpy.concatenate([numpy.asarray(p).ravel() for p in parts])

    liquid = values(array)[values("cell_type") == 0]
    liquid = liquid[numpy.isfinite(liquid)]
    return float(numpy.percentile(liquid, percentile)) if liquid.size else None


def hotspot_threshold(summary, criterion, options, source, array, time):
    """The iso-value and where it came from: --threshold, else the run's
    hotspot threshold (summary.json hotspots.thresholds.<key>.threshold),
    else a percentile of the field."""
    spec = CRITERIA[criterion]
    if options.threshold is not None:
        return options.threshold, "--threshold"
    entry = summary.get("hotspots", {}).get("thresholds", {}).get(spec["summary_key"])
    if options.percentile is None and isinstance(entry, dict) and isinstance(entry.get("threshold"), (int, float)):
        if entry.get("unit", spec["unit"]) != spec["unit"]:
            raise ViewError("summary.json gives the %s threshold in %r, expected %r"
                            % (criterion, entry.get("unit"), spec["unit"]))
        return float(entry["threshold"]), "hotspot threshold"
    percentile = 95.0 if options.percentile is None else options.percentile
    if options.percentile is None:
        note("summary.json has no hotspots.thresholds.%s (no [hotspots] table in the case): iso-surface at the "
             "%gth percentile of %s over the liquid; --threshold sets a value" % (spec["summary_key"], percentile, array))
    value = liquid_percentile(source, array, percentile, time)
    return value, "%gth percentile" % percentile


def add_hotspots(fields, summary, options, view, time):
    """The iso-surface of the criterion's field at the hotspot threshold:
    the outline of the run's hotspot regions (hotspot_region_* label the
    cells inside it)."""
    spec = CRITERIA[options.criterion]
    source, array, kind = hotspot_field(fields, options.criterion, time)
    if array is None:
        note("no %s field in this output: hotspot layer skipped" % spec["label"])
        return None
    value, origin = hotspot_threshold(summary, options.criterion, options, source, array, time)
    field_range = source.CellData[array].GetRange(0)
    if value is None or value >= field_range[1]:
        note("%s peaks at %.3g %s, below the %s %s %s: no hotspot, hotspot layer skipped"
             % (array, field_range[1], spec["unit"], origin, value, spec["unit"]))
        return None
    points = pv.CellDatatoPointData(registrationName=array + " (points)", Input=source, ProcessAllArrays=0,
                                    CellDataArraytoprocess=[array], PassCellData=0)
    surface = pv.Contour(registrationName="%s = %.3g %s" % (array, value, spec["unit"]), Input=points,
                         ContourBy=["POINTS", array], Isosurfaces=[value], ComputeScalars=0)
    surface.UpdatePipeline(time)
    if surface.GetDataInformation().GetNumberOfCells() == 0:
        note("the %s iso-surface at %.3g %s is empty (cell peaks are smoothed at the points): hotspot layer skipped"
             % (array, value, spec["unit"]))
        return None
    note("hotspots: iso-surface of %s at %.4g %s (%s)" % (array, value, spec["unit"], origin))
    display = pv.Show(surface, view)
    solid_colour(display, HOTSPOT_COLOR)
    display.Opacity = 0.45
    legend = "orange: %s %s = %.3g %s (%s)" % (kind, spec["label"], value, spec["unit"], origin)
    entry = summary.get("hotspots", {}).get("thresholds", {}).get(spec["summary_key"], {})
    if origin == "hotspot threshold" and kind == "time-averaged" and "volume_fraction" in entry:
        legend += ", %.3g %% of the liquid beyond it" % (100.0 * entry["volume_fraction"])
    return legend


def case_model_order(run_dir):
    """The damage models in the case's order: damage.csv's columns are
    <model>_mean, ... in that order (ParaView and summary.json sort names)."""
    try:
        with open(os.path.join(run_dir, "damage.csv")) as handle:
            header = handle.readline().strip().split(",")
    except OSError:
        return []
    return [column[: -len("_mean")] for column in header if column.endswith("_mean")]


def choose_damage_array(beads, requested, run_dir):
    """damage_<model> to colour the beads by: --damage, else the first model
    of the case whose damage is not zero on every bead (a model that
    registers nothing colours every bead alike)."""
    arrays = [name for name in beads.PointData.keys() if name.startswith("damage_")]
    order = ["damage_" + model for model in case_model_order(run_dir)]
    arrays.sort(key=lambda name: order.index(name) if name in order else len(order))
    if not arrays:
        return None
    if requested:
        name = requested if requested.startswith("damage_") else "damage_" + requested
        if name not in arrays:
            raise ViewError("--damage %s: no array %s; the beads carry %s" % (requested, name, ", ".join(arrays)))
        return name
    for name in arrays:
        if beads.PointData[name].GetRange(0)[1] > 0:
            if name != arrays[0]:
                note("%s is zero on every bead: colouring by %s (--damage chooses)" % (", ".join(arrays[:arrays.index(name)]), name))
            return name
    note("every damage array is zero on every bead: colouring by %s" % arrays[0])
    return arrays[0]


def damage_title(array, summary):
    """The scalar bar title: the model, its type and its damage unit from
    summary.json (a fraction, % or s depending on the model)."""
    model = summary.get("damage", {}).get(array[len("damage_"):], {})
    unit = {"1": "fraction", "": "fraction"}.get(model.get("damage_unit"), model.get("damage_unit"))
    details = ", ".join(x for x in (model.get("type"), unit) if x)
    return "bead %s (%s)" % (array, details) if details else "bead " + array


def add_beads(beads, run_dir, summary, options, dx, view, time):
    """Microcarriers as spheres coloured by damage. A real bead (~0.2 mm) is
    a fraction of a pixel, so the spheres are a lattice cell wide unless
    --bead-size says otherwise."""
    count = beads.GetDataInformation().GetNumberOfPoints()
    if count == 0:
        note("no microcarrier in the particle output at t = %g s (before release?): bead layer skipped" % time)
        return None
    array = choose_damage_array(beads, options.damage, run_dir)
    size = options.bead_size or dx
    # Sphere glyphs are real geometry (about 100 triangles each); past ~20k
    # beads the point-sprite spheres of the Point Gaussian representation
    # look the same and keep the GUI interactive.
    if count <= 20000:
        shown = pv.Glyph(registrationName="beads", Input=beads, GlyphType="Sphere")
        shown.OrientationArray = ["POINTS", "No orientation array"]
        shown.ScaleArray = ["POINTS", "No scale array"]
        shown.ScaleFactor = size
        shown.GlyphMode = "All Points"
        shown.GlyphType.ThetaResolution = shown.GlyphType.PhiResolution = 10
        display = pv.Show(shown, view)
    else:
        shown = beads
        display = pv.Show(shown, view)
        display.SetRepresentationType("Point Gaussian")
        display.ShaderPreset = "Sphere"
        display.GaussianRadius = 0.5 * size
    if array is None:
        note("the beads carry no damage_<model> array (no [[damage.model]] in the case): plain spheres")
        solid_colour(display, [0.85, 0.1, 0.1])
        return "spheres: %d microcarrier parcels (enlarged)" % count
    pv.ColorBy(display, ("POINTS", array))
    lut = pv.GetColorTransferFunction(array)
    low, high = beads.PointData[array].GetRange(0)
    # Damage laws accumulate over orders of magnitude (the power law's values
    # span 1e-14 to 1e-7 in the demo): a log scale when no bead is at zero.
    log = low > 0 and high > 1e3 * low
    # ParaView's "Reds" runs dark to light: turned round, undamaged beads are
    # pale and the damaged ones stand out dark red.
    colour_map(lut, BEAD_PRESET, low if log else 0.0, high if high > 0 else 1.0, log, invert=True)
    place_scalar_bar(lut, view, damage_title(array, summary), [0.89, 0.55])
    return "spheres: %d microcarrier parcels (enlarged), coloured by %s" % (count, array)


def colour_map(lut, preset, low, high, log=False, invert=False):
    """A preset over [low, high]. For a log scale the range comes first (a
    log scale refuses one that starts at 0) and the preset after it, which
    spreads the preset's colours evenly in log space; a rescale would leave
    them bunched at the top."""
    lut.UseLogScale = 0
    lut.RescaleTransferFunction(low, high)
    if log:
        lut.UseLogScale = 1
    lut.ApplyPreset(preset, True)
    if invert:
        lut.InvertTransferFunction()


def place_scalar_bar(lut, view, title, position):
    bar = pv.GetScalarBar(lut, view)
    bar.Title = title
    bar.ComponentTitle = ""
    bar.WindowLocation = "Any Location"
    bar.Orientation = "Vertical"
    bar.Position = position
    bar.ScalarBarLength = 0.36
    bar.TitleColor = bar.LabelColor = TEXT_COLOR
    bar.TitleFontSize = font_size(15)
    bar.LabelFontSize = font_size(13)
    bar.RangeLabelFormat = "%-#.3g"
    bar.Visibility = 1


def add_caption(view, lines):
    """What is shown, in words, in the upper left: run, time and the layers
    without a colour bar."""
    caption = pv.Text(registrationName="caption", Text="\n".join(lines))
    display = pv.Show(caption, view)
    display.WindowLocation = "Upper Left Corner"
    display.Justification = "Left"
    display.FontSize = font_size(15)
    display.Color = TEXT_COLOR
    return caption


def set_camera(view, bounds):
    """From the front, a little to the side and above, facing the slice:
    the plane reads as a section and the hotspots and beads in front of it
    stand out in depth. z (the axis) points up."""
    centre = [0.5 * (bounds[0] + bounds[1]), 0.5 * (bounds[2] + bounds[3]), 0.5 * (bounds[4] + bounds[5])]
    size = max(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4])
    view.CameraFocalPoint = centre
    view.CameraPosition = [centre[0] + 0.9 * size, centre[1] - 2.6 * size, centre[2] + 1.1 * size]
    view.CameraViewUp = [0.0, 0.0, 1.0]
    view.CameraParallelProjection = 0
    view.ResetCamera(False)
    view.CameraViewAngle = 30
    camera = pv.GetActiveCamera()
    camera.Dolly(1.12)
    # Look a little above the middle: the vessel sits lower in the picture,
    # clear of the caption in the upper left.
    focal = list(view.CameraFocalPoint)
    shift = 0.07 * size
    view.CameraFocalPoint = [focal[0], focal[1], focal[2] + shift]
    position = list(view.CameraPosition)
    view.CameraPosition = [position[0], position[1], position[2] + shift]


def setup_view(size):
    view = pv.GetActiveViewOrCreate("RenderView")
    if is_batch():
        # In the GUI the window sizes the view, as the user arranged it;
        # SaveScreenshot still writes at `size`.
        view.ViewSize = size
    # A white background for documents; the view's own setting, so the GUI's
    # palette for other views stays as the user has it.
    view.UseColorPaletteForBackground = 0
    view.Background = [1.0, 1.0, 1.0]
    view.OrientationAxesVisibility = 1
    view.OrientationAxesLabelColor = TEXT_COLOR
    view.UseFXAA = 1
    return view


# ---------------------------------------------------------------- main


def show(run_dir=None, **settings):
    """Build the view; `settings` are the command-line options with
    underscores (png="x.png", threshold=0.5, no_beads=True, ...). Returns the
    render view."""
    argv = [run_dir] if run_dir else []
    for key, value in settings.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            argv.append(flag)
        elif value not in (None, False):
            argv += [flag, str(value)]
    return build(parse_options(argv))


def build(options):
    size = image_size(options.size)
    FONT_SCALE["factor"] = min(max(size[1] / 900.0, 0.6), 2.5)
    run_dir = find_run_dir(options.run_dir)
    blocks, outputs = read_layout(os.path.join(run_dir, "fields.pvd"))
    summary = read_summary(run_dir)
    (time, step), index = choose_output(outputs, options)
    note("%s: output %d of %d, t = %g s%s" % (run_dir, index + 1, len(outputs), time,
                                              ", step %d" % step if step is not None else ""))

    view = setup_view(size)
    reader, parts = open_run(run_dir, blocks, time)
    # The GUI's time slider and every filter follow the animation time.
    scene = pv.GetAnimationScene()
    scene.UpdateAnimationUsingDataTimeSteps()
    scene.AnimationTime = time
    view.ViewTime = time

    fields = parts["fields"]
    dx = grid_spacing(fields)
    bounds = fields.GetDataInformation().GetBounds()
    axis_point = [0.5 * (bounds[0] + bounds[1]), 0.5 * (bounds[2] + bounds[3]), 0.5 * (bounds[4] + bounds[5])]
    case = summary.get("case") if isinstance(summary.get("case"), dict) else {}
    caption = ["%s   t = %.3g s%s" % (case.get("name") or os.path.basename(run_dir), time,
                                       " (step %d)" % step if step is not None else "")]
    if case.get("description"):
        caption.append(case["description"])

    if not options.slice_array:
        # The time-averaged flow shows the circulation loops; the
        # instantaneous one is all eddies, and is what an output before the
        # averaging window has.
        averaged = "mean_velocity_m_s" in fields.CellData.keys()
        options.slice_array = "mean_velocity_m_s" if averaged else "velocity_m_s"
    slice_arrays = [options.slice_array] if options.slice_array in fields.CellData.keys() else []
    points = point_fields(fields, slice_arrays, time)
    # Each layer returns its caption line, or None when it had nothing to
    # show (and said why).
    layers = []
    if not options.no_vessel:
        layers.append(("vessel", add_vessel(points, view)))
    if "surface" not in parts:
        note("no impeller surface part in fields.pvd (not a stirred tank): impeller layer skipped")
    elif not options.no_impeller:
        layers.append(("impeller", add_impeller(parts["surface"], view, time)))
    if not options.no_slice:
        layers.append(("slice", add_slice(points, axis_point, dx, options, view, time)))
    if not options.no_hotspots:
        layers.append(("hotspots", add_hotspots(fields, summary, options, view, time)))
    if "particles" not in parts:
        note("no particle part in fields.pvd (the case has no [microcarriers]): bead layer skipped")
    elif not options.no_beads:
        layers.append(("beads", add_beads(parts["particles"], run_dir, summary, options, dx, view, time)))
    caption += [line for _, line in layers if line]
    add_caption(view, caption)
    note("layers: %s" % (", ".join(name for name, line in layers if line) or "none"))

    # The first Render resets the camera to the data, so it comes before ours.
    pv.Render(view)
    set_camera(view, bounds)
    pv.SetActiveSource(reader)
    pv.Render(view)
    if options.state:
        pv.SaveState(options.state)
        note("state saved to %s" % options.state)
    if options.png:
        # Fonts keep their size in pixels: a GUI window smaller than the image
        # would otherwise scale the captions up with it.
        pv.SaveScreenshot(options.png, view, ImageResolution=size, TransparentBackground=0,
                          FontScaling="Do not scale fonts")
        note("image saved to %s" % options.png)
    return view


def is_batch():
    """pvbatch has no window to look at, so it saves an image by default."""
    from paraview import servermanager
    module = servermanager.vtkProcessModule
    return module.GetProcessType() == module.PROCESS_BATCH


def main():
    interactive = not (getattr(sys, "argv", None) and sys.argv[0])
    try:
        options = parse_options(command_line())
        if is_batch() and not options.png:
            options.png = "stirlb_view.png"
        if is_batch() and not os.environ.get("DISPLAY"):
            # Debian's ParaView renders through GLX only; builds with EGL or
            # OSMesa render without a display and ignore this.
            note("DISPLAY is not set: if rendering aborts with 'bad X server connection', "
                 "run under a virtual display: xvfb-run -a pvbatch ...")
        build(options)
    except ViewError as error:
        print("%s: error: %s" % (PROG, error), file=sys.stderr)
        if not interactive:
            sys.exit(2)


if __name__ == "__main__":
    main()
