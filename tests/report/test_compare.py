"""Comparing runs: the metric table and its relative differences, missing
metrics, the flags of unfair comparisons, the overlays, and refusals."""
import json
import os
import tempfile
import unittest

import synthetic_run as sr

OVERLAYS = ["compare_power_number", "compare_histogram_kolmogorov_length_m", "compare_histogram_shear_stress_Pa",
            "compare_histogram_dissipation_W_kg", "compare_suspension", "compare_damage", "compare_blend"]


def metrics(report):
    section = next(s for s in report["sections"] if s["id"] == "metrics")
    t = next(b for b in section["blocks"] if b["type"] == "table")
    return t["columns"], {row[0]: row for row in t["rows"]}


class CompareTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "cmp")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, summary, **kw):
        return sr.write_run(os.path.join(self.tmp.name, name), summary, **kw)

    def compare(self, *runs, extra=()):
        code, _, err = sr.run_main(["compare", *runs, "-o", self.out, *extra])
        self.assertEqual(code, 0, err)
        with open(os.path.join(self.out, "report.json")) as f:
            return json.load(f)

    def test_scale_up_trio(self):
        """0.25 L, 3 L and 50 L at the same resolution and window: the
        relative differences are the synthetic ones, no unfairness flagged
        beyond the runs' own failed checks, every overlay drawn."""
        small = self.write("small", sr.base_summary("spinner_250ml", rpm=120, power_per_volume=10.0))
        mid = self.write("mid", sr.base_summary("lab_3l", rpm=60, power_per_volume=12.0, window=(2.0, 12.0)))
        big = self.write("big", sr.base_summary("sut_50l", rpm=30, power_per_volume=7.5, window=(4.0, 24.0)))
        before = {r: sr.tree_checksums(r) for r in (small, mid, big)}
        report = self.compare(small, mid, big)
        columns, rows = metrics(report)
        self.assertEqual(columns, ["metric", "unit", "spinner_250ml", "lab_3l", "Δ lab_3l", "sut_50l", "Δ sut_50l"])
        pv = rows["tank.power_per_volume_W_m3"]
        self.assertEqual(pv[1], "W/m³")
        self.assertEqual(pv[2:7], [10.0, 12.0, pv[4], 7.5, pv[6]])
        self.assertAlmostEqual(pv[4], 0.2)
        self.assertAlmostEqual(pv[6], -0.25)
        self.assertAlmostEqual(rows["tank.speed_rpm"][4], -0.5)
        self.assertAlmostEqual(rows["tank.averaging.window_revolutions"][2], 10.0)
        self.assertAlmostEqual(rows["tank.averaging.window_revolutions"][4], 0.0)
        self.assertEqual(rows["damage.kolmogorov.fraction_damaged"][2], 0.04)
        self.assertEqual(rows["damage.kolmogorov.p95"][1], "")
        self.assertEqual(rows["blend.blend_time_s"][2], 3.5)
        self.assertEqual(rows["microcarriers.final.fraction_suspended"][4], 0.0)
        self.assertNotIn("hotspots.histograms.shear_stress_Pa.total_cells", rows)
        with open(os.path.join(self.out, "report.md")) as f:
            md = f.read()
        self.assertIn("| tank.power_per_volume_W_m3 | W/m³ | 10 | 12 | +20 % | 7.5 | -25 % |", md)
        unfair = [w for w in report["warnings"] if not w.split(": ", 1)[1].startswith("check ")]
        self.assertEqual(unfair, [], "no unfairness expected")
        for name in OVERLAYS:
            sr.assert_png_not_blank(self, os.path.join(self.out, "figures", name + ".png"))
        for r, sums in before.items():
            self.assertEqual(sr.tree_checksums(r), sums, "compare changed " + r)
        blend = next(b for s in report["sections"] if s["id"] == "blend" for b in s["blocks"])
        self.assertEqual(blend["drawn"]["axis"], "revolutions after injection")

    def test_unfair_comparisons_are_flagged(self):
        a = self.write("a", sr.base_summary("a"))
        s = sr.base_summary("b", cells_per_d=40.0, window=(5.0, 6.0))
        s["status"] = "checkpointed"
        s["stirlb_version"] = "0.2.0"
        s["hotspots"]["thresholds"]["shear_stress"]["threshold"] = 0.5
        s["damage"]["kolmogorov"]["parameters"]["factor"] = 1.0
        del s["checks"]
        b = self.write("b", s)
        w = "\n".join(self.compare(a, b)["warnings"])
        self.assertIn("b did not complete (status: checkpointed)", w)
        self.assertIn("different resolution (cells per impeller diameter: a 20, b 40)", w)
        self.assertIn("averaging windows of different length (a 10, b 2 revolutions)", w)
        self.assertIn("b averages over 2 revolutions, fewer than 3", w)
        self.assertIn("different stirlb versions (a 0.1.0, b 0.2.0)", w)
        self.assertIn("hotspot threshold 'shear_stress' differs (a 0.25, b 0.5)", w)
        self.assertIn("damage model 'kolmogorov' has different types or parameters", w)

    def test_missing_sections_are_shown_as_missing(self):
        a = self.write("a", sr.base_summary("with_beads"))
        b = self.write("b", sr.base_summary("without_beads"), sections=("tank", "resolution", "hotspots", "checks"))
        report = self.compare(a, b)
        _, rows = metrics(report)
        self.assertEqual(rows["damage.kolmogorov.mean"][3:5], ["missing", "missing"])
        self.assertEqual(rows["tank.power_number.mean"][4], 0.0)
        w = "\n".join(report["warnings"])
        self.assertIn("incompatible outputs: without_beads has no 'microcarriers' section", w)
        self.assertIn("incompatible outputs: without_beads has no 'damage' section", w)
        self.assertTrue(any("metrics are missing from some runs" in n for n in report["notes"]))
        suspension = next(s for s in report["sections"] if s["id"] == "suspension")
        self.assertEqual(suspension["blocks"][0]["type"], "absent")

    def test_same_case_twice_gets_distinct_labels(self):
        a = self.write("first", sr.base_summary("same"))
        b = self.write("second", sr.base_summary("same"))
        columns, _ = metrics(self.compare(a, b, extra=("--min-revolutions", "20")))
        self.assertEqual(columns[2:], ["same (first)", "same (second)", "Δ same (second)"])

    def test_runs_sharing_no_metric_are_refused(self):
        a = self.write("box", sr.base_summary("box"), sections=())
        b = self.write("tank", sr.base_summary("tank"), sections=("tank",))
        code, _, err = sr.run_main(["compare", a, b, "-o", self.out])
        self.assertEqual(code, 2)
        self.assertRegex(err, r"the runs share no metric .*box has no tank or analysis; tank has tank")
        self.assertFalse(os.path.exists(self.out))

    def test_refusals(self):
        a = self.write("a", sr.base_summary("a"))
        code, _, err = sr.run_main(["compare", a, "-o", self.out])
        self.assertEqual(code, 2)
        self.assertIn("at least two run folders", err)
        code, _, err = sr.run_main(["compare", a, os.path.join(self.tmp.name, "nope"), "-o", self.out])
        self.assertEqual(code, 2)
        self.assertRegex(err, r"run folder .*/nope does not exist")
        b = self.write("b", sr.base_summary("b"))
        code, _, err = sr.run_main(["compare", a, b, "-o", b])
        self.assertEqual(code, 2)
        self.assertIn("is the run folder itself", err)
        self.assertFalse(os.path.exists(self.out))

    def test_default_output_is_comparison_here(self):
        a = self.write("a", sr.base_summary("a"), sections=("tank",))
        b = self.write("b", sr.base_summary("b"), sections=("tank",))
        code, out, err = sr.run_cli(["compare", a, b], cwd=self.tmp.name)
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.isfile(os.path.join(self.tmp.name, "comparison", "report.html")))
        # A second comparison replaces the first (it is a report).
        code, _, err = sr.run_cli(["compare", b, a], cwd=self.tmp.name)
        self.assertEqual(code, 0, err)
        with open(os.path.join(self.tmp.name, "comparison", "report.json")) as f:
            self.assertEqual([r["label"] for r in json.load(f)["runs"]], ["b", "a"])


if __name__ == "__main__":
    unittest.main()
