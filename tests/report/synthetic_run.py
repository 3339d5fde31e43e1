"""Synthetic run folders for the report's tests: summary.json and CSVs
written directly, with round numbers the tests can look for, and every
section optional. The geometry (.vti/.vtp) is copied from tests/data/report
(a real `stirlb mesh` output), since the report never writes VTK."""
import copy
import hashlib
import json
import math
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir))
sys.path.insert(0, os.path.join(ROOT, "postproc"))
GEOMETRY = os.path.join(ROOT, "tests", "data", "report")

ALL = ("tank", "resolution", "hotspots", "microcarriers", "damage", "blend", "checks")


def log_histogram(lo, decades, peak_bin, total_volume=1.0):
    """A log-binned histogram (10 per decade) with a triangle of volume
    around `peak_bin`, shaped as the solver writes it."""
    n = 10 * decades
    edges = [lo * 10 ** (k / 10) for k in range(n + 1)]
    weights = [max(0.0, 5.0 - abs(k - peak_bin)) for k in range(n)]
    total = sum(weights)
    fraction = [w / total for w in weights]
    return {"edges": edges, "fraction": fraction, "volume": [f * total_volume for f in fraction],
            "cells": [int(f * 1000) for f in fraction], "lo": edges[0], "hi": edges[-1], "per_decade": 10,
            "mean": edges[peak_bin], "min": edges[max(peak_bin - 5, 0)], "max": edges[min(peak_bin + 5, n)],
            "percentiles": {"p5": edges[max(peak_bin - 4, 0)], "p50": edges[peak_bin], "p95": edges[peak_bin + 4]},
            "underflow": {"cells": 0, "fraction": 0.0, "volume": 0.0},
            "overflow": {"cells": 0, "fraction": 0.0, "volume": 0.0},
            "nan_cells": 0, "total_cells": 1000, "total_volume": total_volume}


def base_summary(name="synthetic_tank", rpm=120.0, power_per_volume=10.0, cells_per_d=20.0, window=(1.0, 6.0)):
    """A summary with every section; tests delete what they do not want."""
    revs_per_s = rpm / 60.0
    summary = {
        "stirlb_version": "0.1.0",
        "status": "completed",
        "case": {"name": name, "description": "a synthetic tank for the report tests", "source": "synthetic.toml"},
        "parameters_si": {"density_kg_m3": 1000.0, "dynamic_viscosity_Pa_s": 0.001,
                          "kinematic_viscosity_m2_s": 1e-6, "reynolds_number": 2000.0},
        "lattice": {"dx_m": 0.01, "dt_s": 0.001, "tau": 0.51, "stencil": "D3Q19", "collision": "regularized",
                    "les": True, "precision": "fp32", "mach": 0.1, "total_cells": 46656, "fluid_cells": 30000},
        "run": {"backend": "cpu D3Q19 fp32 regularized", "steps": 7000, "simulated_time_s": 7.0,
                "wall_time_s": 12.5, "mlups": 3.0, "ranks": 1},
        "diagnostics": {"finite": True},
        "warnings": [],
        "resolution": {"cells_per_impeller_diameter": cells_per_d,
                       "gaps": [{"name": "blade tip to baffle (impeller 1)", "m": 0.03, "cells": 6.0}],
                       "total_cells": 46656, "liquid_cells": 30000, "markers": 900, "marker_spacing_cells": 0.7,
                       "memory": [{"backend": "cpu", "precision": "fp32", "lattice_GiB": 0.01, "host_GiB": 0.005}],
                       "warnings": []},
        "tank": {"vessel_diameter_m": 0.3, "liquid_height_m": 0.3, "liquid_volume_m3": 0.0212,
                 "impeller_diameter_m": 0.1, "impellers": 1, "speed_rpm": rpm,
                 "tip_speed_m_s": math.pi * revs_per_s * 0.1, "reynolds_number": revs_per_s * 0.01 / 1e-6,
                 "averaging": {"revolutions_requested": (window[1] - window[0]) * revs_per_s,
                               "window_start_s": window[0], "window_end_s": window[1], "torque_samples": 5000},
                 "power_number": {"mean": 5.0, "std": 0.25}, "power_W": power_per_volume * 0.0212,
                 "torque_Nm": 0.01, "power_per_volume_W_m3": power_per_volume,
                 "mean_dissipation_W_kg": power_per_volume / 1000.0,
                 "energy_balance": {"ratio": 0.8, "dissipation_integral_W": 0.17, "shaft_power_W": 0.212}},
        "hotspots": {"basis": "time-averaged fields over the averaging window (320 samples)",
                     "liquid_volume_m3": 0.0212, "mean_dissipation_W_kg": 0.008, "max_mean_dissipation_W_kg": 0.9,
                     "eps_max_over_eps_avg": 112.5, "peak_dissipation_W_kg": 3.0, "peak_eps_over_eps_avg": 375.0,
                     "max_mean_shear_stress_Pa": 2.0,
                     "histograms": {"shear_stress_Pa": log_histogram(1e-5, 8, 30),
                                    "dissipation_W_kg": log_histogram(1e-7, 11, 40),
                                    "kolmogorov_length_m": log_histogram(1e-6, 5, 28)},
                     "thresholds": {
                         "shear_stress": {"threshold": 0.25, "unit": "Pa",
                                          "hot_when": "time-averaged value above the threshold",
                                          "volume_fraction": 0.0625, "time_averaged_volume_fraction": 0.05,
                                          "volume_m3": 0.0013, "region_count": 2, "regions_in_csv": 2,
                                          "regions": [{"label": 1, "volume_fraction": 0.06, "volume_m3": 0.00127,
                                                       "mean": 0.5, "max": 2.0, "centroid_m": [0.0, 0.0, 0.1],
                                                       "mean_radius_m": 0.04, "location": "impeller-discharge"},
                                                      {"label": 2, "volume_fraction": 0.0025, "volume_m3": 5.3e-5,
                                                       "mean": 0.3, "max": 0.4, "centroid_m": [0.1, 0.0, 0.1],
                                                       "mean_radius_m": 0.1, "location": "baffle"}]},
                         "kolmogorov": {"threshold": 0.000127, "unit": "m",
                                        "hot_when": "time-averaged value below the threshold",
                                        "volume_fraction": 0.1, "time_averaged_volume_fraction": 0.08,
                                        "volume_m3": 0.00212, "region_count": 0, "regions_in_csv": 0,
                                        "regions": []}}},
        "microcarriers": {"preset": "cytodex-1", "diameter_m": 0.00019, "density_kg_m3": 1030.0, "parcels": 500,
                          "real_beads": 1.0e7, "suspension_window_s": 1.0,
                          "history": [{"time_s": t, "fraction_suspended": min(1.0, 0.2 * t),
                                       "fraction_settled": max(0.0, 1 - 0.2 * t), "cloud_height": 0.5,
                                       "mean_height": 0.3, "homogeneity_cv": 1.0, "parcels": 500, "released": 500}
                                      for t in range(8)],
                          "final": {"time_s": 7.0, "fraction_suspended": 0.875, "fraction_settled": 0.125,
                                    "cloud_height": 0.5, "mean_height": 0.3, "homogeneity_cv": 1.0,
                                    "parcels": 500, "released": 500}},
        "damage": {"kolmogorov": {"type": "kolmogorov-eddy", "damage_unit": "1", "damaged_at": 0.01,
                                  "mean": 0.002, "p50": 0.001, "p95": 0.008, "max": 0.02, "fraction_damaged": 0.04,
                                  "beads_released": 500,
                                  "parameters": {"factor": 0.667, "death_rate_1_s": 1.4e-5},
                                  "exposure_per_revolution": {"mean": 0.003, "p95": 0.017, "unit": "s"},
                                  "histogram": {"edges": [0.001 * k for k in range(21)],
                                                "beads": [300, 100, 50, 20, 10, 10, 5, 5] + [0] * 12},
                                  "fraction_damaged_over_time": [[float(t), 0.005 * t] for t in range(8)]}},
        "blend": {"injection_point_m": [0.05, 0.02, 0.27], "injection_time_s": 1.0, "threshold": 0.05,
                  "blend_time_s": 3.5, "blend_time_revolutions": 7.0, "homogeneity_95_time_s": 4.0,
                  "final_rsd": 0.01, "initial_rsd": 50.0, "conservation_relative_error": 1e-7,
                  "probes": [{"name": "near", "position_m": [0.06, 0.02, 0.25], "homogeneity_95_time_s": 3.0,
                              "final_concentration": 1.01},
                             {"name": "far", "position_m": [-0.08, -0.05, 0.05], "homogeneity_95_time_s": 4.0,
                              "final_concentration": 0.99}]},
        "checks": [{"name": "resolution", "ok": True, "message": "20 cells per impeller diameter"},
                   {"name": "energy balance", "ok": False,
                    "message": "volume integral of the dissipation / shaft power = 0.80 (synthetic)"}],
    }
    return summary


def write_run(path, summary, sections=ALL, geometry=False, csvs=True):
    """Writes a run folder: `summary` without the sections not in
    `sections`, the CSVs of the sections kept, and the geometry files."""
    os.makedirs(path, exist_ok=True)
    s = copy.deepcopy(summary)
    for key in ALL:
        if key not in sections:
            s.pop(key, None)
    with open(os.path.join(path, "summary.json"), "w") as f:
        json.dump(s, f, indent=1)
    if csvs:
        _write_csvs(path, s)
    if geometry:
        for name in ("fields_00000000.vti", "fields_surface_00000000.vtp"):
            shutil.copy(os.path.join(GEOMETRY, name), os.path.join(path, name))
    return path


def _csv(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(repr(float(v)) for v in r) + "\n")


def _write_csvs(path, s):
    tank = s.get("tank")
    if tank:
        rps = tank["speed_rpm"] / 60.0
        rows = []
        for k in range(701):
            t = 0.01 * k
            rows.append([t, rps * t, rps, 0.01, 0.2, 5.0 + 0.25 * math.sin(7 * t), 0, 0, 0, 0.05])
        _csv(os.path.join(path, "torque.csv"), ["time_s", "revolutions", "speed_rps", "torque_Nm", "power_W",
                                                "power_number", "force_x_N", "force_y_N", "force_z_N",
                                                "slip_fraction"], rows)
    mc = s.get("microcarriers")
    if mc:
        keys = ["time_s", "parcels", "released", "fraction_suspended", "fraction_settled", "cloud_height",
                "homogeneity_cv", "mean_height"]
        _csv(os.path.join(path, "suspension.csv"), keys, [[h[k] for k in keys] for h in mc["history"]])
    damage = s.get("damage")
    if damage:
        names = sorted(damage)
        header = ["time_s", "released"]
        for n in names:
            header += [n + "_mean", n + "_p95", n + "_max", n + "_fraction_damaged"]
        rows = []
        for t in range(8):
            row = [t, 500]
            for n in names:
                row += [0.0003 * t, 0.001 * t, 0.003 * t, 0.005 * t]
            rows.append(row)
        _csv(os.path.join(path, "damage.csv"), header, rows)
    blend = s.get("blend")
    if blend:
        t0 = blend["injection_time_s"]
        rps = tank["speed_rpm"] / 60.0 if tank else 1.0
        rows = []
        for k in range(61):
            t = t0 + 0.1 * k
            rsd = 50.0 * math.exp(-2.5 * (t - t0))
            rows.append([t, t - t0, (t - t0) * rps, rsd, 100.0, 1 - math.exp(-2 * (t - t0)),
                         1 - math.exp(-1.5 * (t - t0))])
        _csv(os.path.join(path, "blend.csv"), ["time_s", "time_after_injection_s", "revolutions_after_injection",
                                               "rsd", "total_scalar", "probe_near", "probe_far"], rows)


def tree_checksums(path):
    """{relative path: sha256} of every file under `path`."""
    out = {}
    for root, _, files in os.walk(path):
        for name in files:
            full = os.path.join(root, name)
            with open(full, "rb") as f:
                out[os.path.relpath(full, path)] = hashlib.sha256(f.read()).hexdigest()
    return out


def assert_png_not_blank(test, path):
    """The PNG exists, decodes, and is not one colour: something was drawn."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    import numpy as np
    test.assertTrue(os.path.isfile(path), path)
    image = mpimg.imread(path)
    test.assertGreater(image.shape[0], 100, path)
    test.assertGreater(image.shape[1], 100, path)
    flat = image.reshape(-1, image.shape[-1])
    colours = np.unique((flat * 255).astype(np.uint8), axis=0)
    test.assertGreater(len(colours), 10, "%s is (nearly) one colour" % path)


def run_main(args):
    """stirlb_report's main(ARGS) in this process (no interpreter start-up
    per report): (exit code, stdout, stderr). An exception escaping it is a
    traceback the user would have seen, and fails the test."""
    import contextlib
    import io
    from stirlb_report.__main__ import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse's refusals
            code = e.code
    return code, out.getvalue(), err.getvalue()


def run_cli(args, cwd=None):
    """python -m stirlb_report ARGS in a child process, as stirlb runs it:
    (exit code, stdout, stderr)."""
    import subprocess
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(ROOT, "postproc") + (os.pathsep + env["PYTHONPATH"]
                                                          if env.get("PYTHONPATH") else "")
    p = subprocess.run([sys.executable, "-m", "stirlb_report"] + list(args), cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr
