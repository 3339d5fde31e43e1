"""The single-run report: what it draws and tabulates from a synthetic run
with every section, how it says what a run lacks, and that it never
touches the run's data or leaves half a report behind."""
import json
import os
import tempfile
import unittest
from unittest import mock

import synthetic_run as sr
from stirlb_report import commands, single_report
from stirlb_report.errors import BadInput
from stirlb_report.output_dir import MARKER

FIGURES = ["geometry", "power_number", "histogram_kolmogorov_length_m", "histogram_shear_stress_Pa",
           "histogram_dissipation_W_kg", "suspension", "damage_histograms", "damage_over_time", "blend"]


def table(report, key):
    for s in report["sections"]:
        for b in s["blocks"]:
            if b["type"] == "table" and b["id"] == key:
                return b
    raise KeyError(key)


def value(t, quantity, column="value"):
    """The cell of row `quantity` (first column) in `column`."""
    k = t["columns"].index(column)
    for row in t["rows"]:
        if row[0] == quantity:
            return row[k]
    raise KeyError(quantity)


def blocks(report, section):
    return next(s for s in report["sections"] if s["id"] == section)["blocks"]


class FullReportTest(unittest.TestCase):
    """One report of a run with every section, shared by the tests."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        s = sr.base_summary()
        s["resolution"]["warnings"] = ["blade tip to baffle is 4 cells: too coarse"]
        s["scale_up"] = {"source_case": "small.toml", "rule": "pv", "volume_factor": 8.0,
                         "predicted": {"speed_rpm": 120.0, "power_per_volume_W_m3": 8.0, "tip_speed_m_s": 0.5,
                                       "blend_time_s": 4.2, "kolmogorov_length_m": 4e-5,
                                       "blend_time_correlation": "grenville-turbulent"}}
        cls.run_dir = sr.write_run(os.path.join(cls.tmp.name, "run"), s, geometry=True)
        cls.before = sr.tree_checksums(cls.run_dir)
        # As `stirlb report` runs it: a child process, default output folder.
        cls.code, cls.out, cls.err = sr.run_cli(["report", cls.run_dir])
        cls.report_dir = os.path.join(cls.run_dir, "report")
        with open(os.path.join(cls.report_dir, "report.json")) as f:
            cls.report = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_exit_code_and_files(self):
        self.assertEqual(self.code, 0, self.err)
        self.assertIn("report.html", self.out)
        for name in ("report.html", "report.md", "report.json", MARKER):
            self.assertTrue(os.path.isfile(os.path.join(self.report_dir, name)), name)

    def test_figures_are_drawn(self):
        for name in FIGURES:
            sr.assert_png_not_blank(self, os.path.join(self.report_dir, "figures", name + ".png"))

    def test_pages_link_every_figure(self):
        with open(os.path.join(self.report_dir, "report.html")) as f:
            html = f.read()
        with open(os.path.join(self.report_dir, "report.md")) as f:
            md = f.read()
        for name in FIGURES:
            self.assertIn('src="figures/%s.png"' % name, html)
            self.assertIn("(figures/%s.png)" % name, md)

    def test_run_is_untouched(self):
        after = sr.tree_checksums(self.run_dir)
        self.assertEqual({k: v for k, v in after.items() if not k.startswith("report" + os.sep)}, self.before)
        leftovers = [n for n in os.listdir(self.run_dir) if n.startswith(".report")]
        self.assertEqual(leftovers, [], "temporary folders left behind")

    def test_power_numbers(self):
        t = table(self.report, "power")
        self.assertEqual(value(t, "power number Np, mean"), 5.0)
        self.assertEqual(value(t, "power per volume P/V"), 10.0)
        self.assertAlmostEqual(value(t, "averaging window length"), 10.0)
        self.assertAlmostEqual(value(t, "tip speed"), 0.6283185307, places=9)
        figure = next(b for b in blocks(self.report, "power") if b["type"] == "figure")
        self.assertAlmostEqual(figure["drawn"]["window_revolutions"][0], 2.0, places=6)
        self.assertAlmostEqual(figure["drawn"]["window_revolutions"][1], 12.0, places=6)

    def test_histogram_markers(self):
        figs = {b["file"]: b for b in blocks(self.report, "distributions") if b["type"] == "figure"}
        kolmogorov = figs["figures/histogram_kolmogorov_length_m.png"]["drawn"]["markers"]
        self.assertIn(0.00019, kolmogorov.values())  # the bead diameter
        self.assertIn(0.000127, kolmogorov.values())  # the hotspot threshold
        self.assertIn(0.25, figs["figures/histogram_shear_stress_Pa.png"]["drawn"]["markers"].values())
        self.assertIn(0.01, figs["figures/histogram_dissipation_W_kg.png"]["drawn"]["markers"].values())

    def test_hotspot_tables(self):
        t = table(self.report, "hotspot_thresholds")
        self.assertEqual(value(t, "shear_stress", "volume fraction (mean field)"), 0.0625)
        regions = table(self.report, "hotspot_regions")
        self.assertEqual(len(regions["rows"]), 2)
        self.assertEqual(regions["rows"][0][-1], "impeller-discharge")

    def test_damage_and_blend_tables(self):
        d = table(self.report, "damage")
        self.assertEqual(value(d, "kolmogorov", "fraction damaged"), 0.04)
        b = table(self.report, "blend")
        self.assertEqual(value(b, "blend time after injection"), 3.5)
        probes = table(self.report, "blend_probes")
        self.assertEqual([r[0] for r in probes["rows"]], ["near", "far"])

    def test_scale_up_relative_errors(self):
        t = table(self.report, "scale_up_check")
        self.assertAlmostEqual(value(t, "power_per_volume_W_m3", "relative error"), 0.25)  # 10 vs 8
        self.assertAlmostEqual(value(t, "blend_time_s", "relative error"), (3.5 - 4.2) / 4.2)
        self.assertAlmostEqual(value(t, "speed_rpm", "relative error"), 0.0)
        # The mean lambda_K of the synthetic histogram, against 4e-5.
        kolmogorov = value(t, "kolmogorov_length_m", "simulated")
        self.assertAlmostEqual(value(t, "kolmogorov_length_m", "relative error"), (kolmogorov - 4e-5) / 4e-5)
        with open(os.path.join(self.report_dir, "report.md")) as f:
            self.assertIn("+25 %", f.read())

    def test_warnings_come_first(self):
        w = self.report["warnings"]
        self.assertTrue(any("check 'energy balance' failed" in x for x in w), w)
        self.assertTrue(any("blade tip to baffle is 4 cells" in x for x in w), w)
        with open(os.path.join(self.report_dir, "report.html")) as f:
            html = f.read()
        self.assertLess(html.index("check &#x27;energy balance&#x27; failed"), html.index('id="case"'))
        self.assertEqual(self.report["notes"], [])


class PartialRunsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def report_of(self, summary, sections, **kw):
        run = sr.write_run(os.path.join(self.tmp.name, "run"), summary, sections=sections, **kw)
        code, _, err = sr.run_main(["report", run, "-o", os.path.join(self.tmp.name, "out")])
        self.assertEqual(code, 0, err)
        with open(os.path.join(self.tmp.name, "out", "report.json")) as f:
            return json.load(f)

    def absent_text(self, report, section):
        return " ".join(b["text"] for b in blocks(report, section) if b["type"] == "absent")

    def test_box_run_without_geometry_or_checks(self):
        s = sr.base_summary(name="box")
        s["status"] = "diverged"
        report = self.report_of(s, sections=())
        for section in ("resolution", "power", "distributions", "hotspots", "suspension", "damage", "blend"):
            self.assertIn("Not in this run", self.absent_text(report, section), section)
        self.assertIn("fields_*.vti", self.absent_text(report, "case"))
        self.assertIn("predates the checks", self.absent_text(report, "checks"))
        self.assertTrue(any("predates the checks" in n for n in report["notes"]))
        self.assertTrue(any("did not complete (status: diverged)" in w for w in report["warnings"]))
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "out", "figures", "geometry.png")))

    def test_tank_without_beads(self):
        report = self.report_of(sr.base_summary(), sections=("tank", "resolution", "hotspots", "checks"),
                                geometry=True)
        self.assertIn("microcarriers", self.absent_text(report, "suspension"))
        self.assertIn("damage models", self.absent_text(report, "damage"))
        self.assertIn("blend", self.absent_text(report, "blend"))
        sr.assert_png_not_blank(self, os.path.join(self.tmp.name, "out", "figures", "power_number.png"))
        self.assertFalse(any(s["id"] == "scale_up" for s in report["sections"]))

    def test_tank_before_the_averaging_window(self):
        s = sr.base_summary()
        for key in ("power_number", "power_W", "torque_Nm", "power_per_volume_W_m3", "mean_dissipation_W_kg",
                    "energy_balance"):
            del s["tank"][key]
        report = self.report_of(s, sections=("tank", "resolution"))
        self.assertTrue(any("no power number" in w for w in report["warnings"]))
        sr.assert_png_not_blank(self, os.path.join(self.tmp.name, "out", "figures", "power_number.png"))

    def test_blend_not_reached(self):
        s = sr.base_summary()
        s["blend"]["blend_time_s"] = s["blend"]["blend_time_revolutions"] = None
        report = self.report_of(s, sections=("tank", "blend"))
        self.assertEqual(value(table(report, "blend"), "blend time after injection"), "not reached")
        figure = next(b for b in blocks(report, "blend") if b["type"] == "figure")
        self.assertIn("not reached", figure["caption"])

    def test_unreadable_geometry_is_a_note(self):
        run = sr.write_run(os.path.join(self.tmp.name, "run"), sr.base_summary(), geometry=True)
        with open(os.path.join(run, "fields_00000000.vti"), "r+b") as f:
            f.truncate(900)
        code, _, err = sr.run_main(["report", run, "-o", os.path.join(self.tmp.name, "out")])
        self.assertEqual(code, 0, err)
        with open(os.path.join(self.tmp.name, "out", "report.json")) as f:
            report = json.load(f)
        self.assertTrue(any("geometry sketch left out" in n and "fields_00000000.vti" in n
                            for n in report["notes"]), report["notes"])


class OutputFolderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.run_dir = sr.write_run(os.path.join(self.tmp.name, "run"), sr.base_summary(),
                                sections=("tank", "resolution"))
        self.before = sr.tree_checksums(self.run_dir)

    def tearDown(self):
        self.tmp.cleanup()

    def refused(self, out, pattern):
        code, _, err = sr.run_main(["report", self.run_dir, "-o", out])
        self.assertEqual(code, 2, err)
        self.assertRegex(err, pattern)
        self.assertNotIn("Traceback", err)
        self.assertEqual(sr.tree_checksums(self.run_dir), self.before)

    def test_refuses_the_run_folder_itself(self):
        self.refused(self.run_dir, r"is the run folder itself")

    def test_refuses_a_folder_holding_the_run(self):
        self.refused(self.tmp.name, r"contains the run folder")

    def test_refuses_a_folder_that_is_not_a_report(self):
        other = os.path.join(self.tmp.name, "other")
        os.makedirs(other)
        with open(os.path.join(other, "notes.txt"), "w") as f:
            f.write("mine")
        self.refused(other, r"other exists and is not an earlier stirlb report")
        with open(os.path.join(other, "notes.txt")) as f:
            self.assertEqual(f.read(), "mine")

    def test_refuses_a_file(self):
        path = os.path.join(self.tmp.name, "file.html")
        open(path, "w").close()
        self.refused(path, r"exists and is not a folder")

    def test_replaces_an_earlier_report(self):
        out = os.path.join(self.tmp.name, "out")
        self.assertEqual(sr.run_main(["report", self.run_dir, "-o", out])[0], 0)
        with open(os.path.join(out, "stale.txt"), "w") as f:
            f.write("from before")
        code, _, err = sr.run_main(["report", self.run_dir, "-o", out])
        self.assertEqual(code, 0, err)
        self.assertFalse(os.path.exists(os.path.join(out, "stale.txt")))
        self.assertTrue(os.path.isfile(os.path.join(out, "report.html")))
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ["out", "run"])

    def test_failure_leaves_no_half_report(self):
        out = os.path.join(self.tmp.name, "out")
        self.assertEqual(sr.run_main(["report", self.run_dir, "-o", out])[0], 0)
        earlier = sr.tree_checksums(out)

        def broken(run, sink):
            sink.save(__import__("matplotlib.pyplot").pyplot.figure(), "partial")
            raise RuntimeError("a figure failed")

        with mock.patch.object(single_report, "build_report", broken):
            with self.assertRaises(RuntimeError):
                commands.make_report(self.run_dir, out)
        self.assertEqual(sr.tree_checksums(out), earlier)
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ["out", "run"])

    def test_refusal_comes_before_any_work(self):
        with self.assertRaises(BadInput):
            commands.make_report(self.run_dir, self.run_dir)
        self.assertEqual(sr.tree_checksums(self.run_dir), self.before)


if __name__ == "__main__":
    unittest.main()
