"""Loading and checking run folders: what a wrong, damaged or older folder
gives (a message naming the folder and what is missing, exit code 2, no
traceback), and what an incomplete but valid one gives (notes)."""
import json
import os
import tempfile
import unittest

import synthetic_run as sr
from stirlb_report.errors import BadInput
from stirlb_report.run_data import load_run


class RunDataTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.join(self.tmp.name, "run")

    def tearDown(self):
        self.tmp.cleanup()

    def refused(self, pattern, path=None):
        """load_run refuses with a message matching `pattern`; the CLI says
        the same on stderr with exit code 2 and no traceback."""
        path = path or self.dir
        with self.assertRaises(BadInput) as e:
            load_run(path)
        self.assertRegex(str(e.exception), pattern)
        code, _, err = sr.run_main(["report", path, "-o", os.path.join(self.tmp.name, "out")])
        self.assertEqual(code, 2, err)
        self.assertRegex(err, pattern)
        self.assertNotIn("Traceback", err)
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "out")), "a refused report wrote output")

    def test_complete_run_loads_every_series(self):
        sr.write_run(self.dir, sr.base_summary())
        run = load_run(self.dir)
        self.assertEqual(run.label, "synthetic_tank")
        self.assertEqual(sorted(run.series), ["blend", "damage", "suspension", "torque"])
        self.assertEqual(len(run.series["torque"]), 701)
        self.assertAlmostEqual(run.averaging_revolutions(), 10.0)
        self.assertEqual(run.notes, [])

    def test_missing_folder(self):
        self.refused(r"run folder .*/nope does not exist", os.path.join(self.tmp.name, "nope"))
        # And from a child process, as `stirlb report` runs it.
        code, _, err = sr.run_cli(["report", os.path.join(self.tmp.name, "nope")])
        self.assertEqual(code, 2, err)
        self.assertRegex(err, r"^error: run folder .*/nope does not exist\n$")

    def test_a_file_is_not_a_run_folder(self):
        path = os.path.join(self.tmp.name, "file.txt")
        open(path, "w").close()
        self.refused(r"file\.txt is not a folder", path)

    def test_missing_summary(self):
        os.makedirs(self.dir)
        self.refused(r"/run has no summary\.json")

    def test_truncated_summary(self):
        sr.write_run(self.dir, sr.base_summary())
        path = os.path.join(self.dir, "summary.json")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text[:len(text) // 2])
        self.refused(r"summary\.json is not valid JSON .*cut short")

    def test_summary_that_is_not_an_object(self):
        os.makedirs(self.dir)
        with open(os.path.join(self.dir, "summary.json"), "w") as f:
            json.dump([1, 2], f)
        self.refused(r"summary\.json does not hold a JSON object")

    def test_tank_without_torque_csv(self):
        sr.write_run(self.dir, sr.base_summary())
        os.remove(os.path.join(self.dir, "torque.csv"))
        self.refused(r"/run has a tank section in summary\.json but no torque\.csv")

    def test_truncated_torque_csv(self):
        sr.write_run(self.dir, sr.base_summary())
        path = os.path.join(self.dir, "torque.csv")
        with open(path, "a") as f:
            f.write("7.01,14.02,2\n")
        self.refused(r"torque\.csv line 703 has 3 values, the header 10")

    def test_torque_csv_without_power_number(self):
        sr.write_run(self.dir, sr.base_summary())
        with open(os.path.join(self.dir, "torque.csv"), "w") as f:
            f.write("time_s,revolutions\n0,0\n")
        self.refused(r"torque\.csv lacks the column\(s\) power_number")

    def test_older_summary_lacking_keys(self):
        s = sr.base_summary()
        del s["tank"]["averaging"]
        del s["stirlb_version"]
        sr.write_run(self.dir, s)
        self.refused(r"lacks stirlb_version, tank\.averaging\.window_start_s, tank\.averaging\.window_end_s "
                     r"\(written by stirlb unknown\)")

    def test_damage_model_lacking_its_histogram(self):
        s = sr.base_summary()
        del s["damage"]["kolmogorov"]["histogram"]
        sr.write_run(self.dir, s)
        self.refused(r"lacks damage\.kolmogorov\.histogram\.edges, damage\.kolmogorov\.histogram\.beads")

    def test_malformed_checks(self):
        s = sr.base_summary()
        s["checks"] = [{"name": "resolution"}]
        sr.write_run(self.dir, s)
        self.refused(r"lacks checks\[0\]\.ok, checks\[0\]\.message")

    def test_null_blend_time_is_present(self):
        s = sr.base_summary()
        s["blend"]["blend_time_s"] = None
        sr.write_run(self.dir, s)
        self.assertIsNone(load_run(self.dir).get("blend.blend_time_s", "absent"))

    def test_missing_optional_csvs_become_notes(self):
        sr.write_run(self.dir, sr.base_summary())
        for name in ("suspension.csv", "damage.csv", "blend.csv"):
            os.remove(os.path.join(self.dir, name))
        run = load_run(self.dir)
        self.assertEqual(sorted(run.series), ["torque"])
        self.assertEqual(len(run.notes), 3)
        self.assertTrue(any("blend.csv is missing" in n for n in run.notes))

    def test_box_run_has_no_feature_sections(self):
        sr.write_run(self.dir, sr.base_summary(name="box"), sections=())
        run = load_run(self.dir)
        self.assertIsNone(run.section("tank"))
        self.assertIsNone(run.averaging_revolutions())
        self.assertEqual(run.series, {})


if __name__ == "__main__":
    unittest.main()
