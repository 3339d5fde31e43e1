"""The tables of a single-run report, each straight from summary.json: a
row is (quantity, value, unit), or one row per region, model or probe."""
from .document import Table
from .run_data import lookup

QUANTITY = ["quantity", "value", "unit"]
_ABSENT = object()


def _rows(tree, spec):
    """(label, value, unit) for each (label, dotted key, unit) of `spec`
    that `tree` has."""
    out = []
    for label, key, unit in spec:
        v = lookup(tree, key)
        if v is not None:
            out.append([label, v, unit])
    return out


def case_table(run):
    s = run.summary
    rows = _rows(s, [
        ("case", "case.name", ""), ("case file", "case.source", ""),
        ("status", "status", ""), ("stirlb version", "stirlb_version", ""), ("backend", "run.backend", ""),
        ("ranks", "run.ranks", ""), ("steps", "run.steps", ""), ("simulated time", "run.simulated_time_s", "s"),
        ("wall time", "run.wall_time_s", "s"), ("speed", "run.mlups", "MLUPs/s")])
    return Table("case", "Case and run", QUANTITY, rows)


def parameters_table(run):
    rows = _rows(run.summary, [
        ("vessel diameter T", "tank.vessel_diameter_m", "m"), ("liquid height H", "tank.liquid_height_m", "m"),
        ("liquid volume", "tank.liquid_volume_m3", "m³"), ("impeller diameter D", "tank.impeller_diameter_m", "m"),
        ("impellers", "tank.impellers", ""), ("speed", "tank.speed_rpm", "rpm"),
        ("domain size", "parameters_si.domain_size_m", "m"),
        ("density", "parameters_si.density_kg_m3", "kg/m³"),
        ("dynamic viscosity", "parameters_si.dynamic_viscosity_Pa_s", "Pa s"),
        ("kinematic viscosity", "parameters_si.kinematic_viscosity_m2_s", "m²/s"),
        ("Reynolds number (reference scales)", "parameters_si.reynolds_number", ""),
        ("cell size dx", "lattice.dx_m", "m"), ("time step dt", "lattice.dt_s", "s"), ("tau", "lattice.tau", ""),
        ("Mach number", "lattice.mach", ""), ("velocity set", "lattice.stencil", ""),
        ("collision", "lattice.collision", ""), ("LES (Smagorinsky)", "lattice.les", ""),
        ("Smagorinsky constant", "lattice.smagorinsky_constant", ""), ("storage", "lattice.precision", ""),
        ("lattice cells", "lattice.total_cells", ""), ("fluid cells", "lattice.fluid_cells", "")])
    return Table("parameters", "Key parameters", QUANTITY, rows)


def resolution_tables(run):
    r = run.section("resolution")
    rows = _rows(r, [("cells per impeller diameter", "cells_per_impeller_diameter", ""),
                     ("total cells", "total_cells", ""), ("liquid cells", "liquid_cells", ""),
                     ("immersed-boundary markers", "markers", ""),
                     ("marker spacing", "marker_spacing_cells", "cells")])
    tables = [Table("resolution", "Resolution", QUANTITY, rows)]
    gaps = [[g.get("name"), g.get("cells"), g.get("m")] for g in r.get("gaps", [])]
    if gaps:
        tables.append(Table("resolution_gaps", "Narrowest gaps (below 5 cells is too coarse)",
                            ["gap", "cells", "m"], gaps))
    memory = [[m.get("backend"), m.get("precision"), m.get("lattice_GiB"), m.get("host_GiB")]
              for m in r.get("memory", [])]
    if memory:
        tables.append(Table("resolution_memory", "Memory", ["backend", "precision", "lattice (GiB)", "host (GiB)"],
                            memory))
    return tables


def power_table(run):
    tank = run.section("tank")
    rows = _rows(tank, [
        ("power number Np, mean", "power_number.mean", ""), ("power number Np, std", "power_number.std", ""),
        ("power P", "power_W", "W"), ("torque", "torque_Nm", "N m"),
        ("power per volume P/V", "power_per_volume_W_m3", "W/m³"), ("tip speed", "tip_speed_m_s", "m/s"),
        ("Reynolds number N D²/ν", "reynolds_number", ""),
        ("mean dissipation P/(ρV)", "mean_dissipation_W_kg", "W/kg"),
        ("energy balance ∫ρε dV / P", "energy_balance.ratio", ""),
        ("averaging window start", "averaging.window_start_s", "s"),
        ("averaging window end", "averaging.window_end_s", "s"),
        ("torque samples averaged", "averaging.torque_samples", "")])
    revs = run.averaging_revolutions()
    if revs is not None:
        rows.append(["averaging window length", revs, "revolutions"])
    return Table("power", "Power and speed", QUANTITY, rows)


def distribution_table(run):
    rows = []
    units = {"kolmogorov_length_m": "m", "shear_stress_Pa": "Pa", "dissipation_W_kg": "W/kg"}
    for key, h in sorted((run.get("hotspots.histograms") or {}).items()):
        p = h.get("percentiles") or {}
        rows.append([key, h.get("mean"), p.get("p5"), p.get("p50"), p.get("p95"), h.get("min"), h.get("max"),
                     units.get(key, "")])
    return Table("distributions", "Volume-weighted distributions of the time-averaged fields",
                 ["field", "mean", "p5", "p50", "p95", "min", "max", "unit"], rows)


def hotspot_scalars_table(run):
    rows = _rows(run.section("hotspots"), [
        ("basis", "basis", ""), ("mean dissipation", "mean_dissipation_W_kg", "W/kg"),
        ("largest time-averaged dissipation", "max_mean_dissipation_W_kg", "W/kg"),
        ("peak instantaneous dissipation", "peak_dissipation_W_kg", "W/kg"),
        ("ε_max / ε_avg (time-averaged field)", "eps_max_over_eps_avg", ""),
        ("peak ε / ε_avg", "peak_eps_over_eps_avg", ""),
        ("largest time-averaged shear stress", "max_mean_shear_stress_Pa", "Pa")])
    return Table("hotspot_summary", "Dissipation and stress extremes", QUANTITY, rows)


def thresholds_table(run):
    rows = []
    for criterion, t in sorted((run.get("hotspots.thresholds") or {}).items()):
        rows.append([criterion, t.get("threshold"), t.get("unit"), t.get("hot_when"), t.get("volume_fraction"),
                     t.get("time_averaged_volume_fraction"), t.get("region_count")])
    return Table("hotspot_thresholds", "Hotspot thresholds",
                 ["criterion", "threshold", "unit", "hot when", "volume fraction (mean field)",
                  "time-averaged volume fraction", "regions"], rows)


def regions_table(run):
    rows = []
    for criterion, t in sorted((run.get("hotspots.thresholds") or {}).items()):
        for r in t.get("regions") or []:
            extreme = r.get("max", r.get("min"))
            rows.append([criterion, r.get("label"), r.get("volume_fraction"), r.get("volume_m3"), r.get("mean"),
                         extreme, r.get("centroid_m"), r.get("mean_radius_m"), r.get("location")])
    return Table("hotspot_regions", "Largest hotspot regions (summary.json keeps ten per criterion; all are in "
                                    "hotspots.csv)",
                 ["criterion", "label", "volume fraction", "volume (m³)", "mean", "max (min for λ_K)",
                  "centroid (m)", "mean radius (m)", "location"], rows)


def microcarrier_table(run):
    rows = _rows(run.section("microcarriers"), [
        ("preset", "preset", ""), ("bead diameter", "diameter_m", "m"), ("bead density", "density_kg_m3", "kg/m³"),
        ("parcels", "parcels", ""), ("real beads", "real_beads", ""),
        ("Stokes settling velocity", "stokes_settling_velocity_m_s", "m/s"),
        ("suspension window", "suspension_window_s", "s"), ("two-way coupling", "two_way_coupling", ""),
        ("final time", "final.time_s", "s"), ("released", "final.released", ""),
        ("fraction suspended", "final.fraction_suspended", ""), ("fraction settled", "final.fraction_settled", ""),
        ("cloud height", "final.cloud_height", "fraction of H"), ("mean height", "final.mean_height", "fraction of H"),
        ("homogeneity CV", "final.homogeneity_cv", "")])
    return Table("microcarriers", "Microcarriers: the beads and their final state", QUANTITY, rows)


def damage_table(run):
    rows = []
    for name, d in sorted(run.section("damage").items()):
        e = d.get("exposure_per_revolution") or {}
        rows.append([name, d.get("type"), d.get("damage_unit"), d.get("mean"), d.get("p50"), d.get("p95"),
                     d.get("max"), d.get("damaged_at"), d.get("fraction_damaged"), e.get("mean"), e.get("p95"),
                     e.get("unit")])
    return Table("damage", "Damage per model over the released parcels",
                 ["model", "type", "unit", "mean", "p50", "p95", "max", "damaged at", "fraction damaged",
                  "exposure per revolution, mean", "exposure per revolution, p95", "exposure unit"], rows)


def blend_tables(run):
    b = run.section("blend")
    rows = _rows(b, [("injection point", "injection_point_m", "m"), ("injection time", "injection_time_s", "s"),
                     ("injection cells", "injection_cells", ""), ("RSD threshold", "threshold", ""),
                     ("RSD after injection", "initial_rsd", ""), ("final RSD", "final_rsd", ""),
                     ("scalar conservation, relative error", "conservation_relative_error", ""),
                     ("samples", "samples", "")])
    # null means "not reached in this run": say so instead of leaving a gap.
    for label, key, unit in [("blend time after injection", "blend_time_s", "s"),
                             ("blend time after injection", "blend_time_revolutions", "revolutions"),
                             ("95 % homogeneity at every probe", "homogeneity_95_time_s", "s")]:
        if key in b:
            rows.append([label, b[key] if b[key] is not None else "not reached", unit])
    tables = [Table("blend", "Blend time", QUANTITY, rows)]
    probes = [[p.get("name"), p.get("position_m"), p.get("final_concentration"),
               p.get("homogeneity_95_time_s") if p.get("homogeneity_95_time_s") is not None else "not reached"]
              for p in b.get("probes") or []]
    if probes:
        tables.append(Table("blend_probes", "Probes (concentration relative to fully mixed)",
                            ["probe", "position (m)", "final concentration", "95 % homogeneity after injection (s)"],
                            probes))
    return tables


# What a scale-up prediction is checked against in the simulated run.
SCALE_UP_SIMULATED = {
    "speed_rpm": ("tank.speed_rpm", "rpm"),
    "power_per_volume_W_m3": ("tank.power_per_volume_W_m3", "W/m³"),
    "tip_speed_m_s": ("tank.tip_speed_m_s", "m/s"),
    "reynolds_number": ("tank.reynolds_number", ""),
    "power_number": ("tank.power_number.mean", ""),
    "power_number_assumed": ("tank.power_number.mean", ""),
    "power_W": ("tank.power_W", "W"),
    "blend_time_s": ("blend.blend_time_s", "s"),
    "kolmogorov_length_m": ("hotspots.histograms.kolmogorov_length_m.mean", "m"),
    "mean_dissipation_W_kg": ("tank.mean_dissipation_W_kg", "W/kg"),
}


def relative_difference(value, reference):
    """(value - reference) / |reference|; None where either is missing or
    the reference is zero (unless both are)."""
    if not isinstance(value, (int, float)) or not isinstance(reference, (int, float)):
        return None
    if isinstance(value, bool) or isinstance(reference, bool):
        return None
    if reference == 0:
        return 0.0 if value == 0 else None
    return (value - reference) / abs(reference)


def scale_up_tables(run):
    s = run.section("scale_up")
    info = _rows(s, [("source case", "source_case", ""), ("rule", "rule", ""),
                     ("volume factor", "volume_factor", ""), ("linear factor", "linear_factor", ""),
                     ("target volume", "target_volume_m3", "m³"),
                     ("power number from", "power_number_source", "")])
    rows = []
    for key, predicted in (s.get("predicted") or {}).items():
        if not isinstance(predicted, (int, float)) or isinstance(predicted, bool):
            info.append([key.replace("_", " "), predicted, ""])  # e.g. which blend-time correlation
            continue
        path, unit = SCALE_UP_SIMULATED.get(key, (None, ""))
        simulated = run.get(path) if path else None
        if path and simulated is None:
            # blend_time_s is null when the tracer did not blend in the run.
            present = lookup(run.summary, path, _ABSENT) is not _ABSENT
            simulated = "not reached" if present else "not in this run"
        rows.append([key, predicted, simulated if path else "not simulated", unit,
                     relative_difference(simulated, predicted)])
    return [Table("scale_up", "Scale-up rule", QUANTITY, info),
            Table("scale_up_check", "Predicted by the rule against simulated",
                  ["quantity", "predicted", "simulated", "unit", "relative error"], rows,
                  relative=["relative error"])]
