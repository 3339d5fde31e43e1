"""The two commands: load and check the runs, refuse an unsafe output
folder before any work, build the document, write it in one piece.
Matplotlib is imported only past the checks, so refusals are quick."""
import os

from .output_dir import StagedOutput, check_target
from .report_files import write_report_files
from .run_data import load_run


def make_report(run_dir, out_dir):
    run = load_run(run_dir)
    check_target(out_dir, [run.path])
    from .plotting import FigureSink
    from .single_report import build_report
    with StagedOutput(out_dir, "report", [run.path]) as tmp:
        doc = build_report(run, FigureSink(tmp))
        write_report_files(doc, tmp)
    return os.path.realpath(out_dir)


def make_comparison(run_dirs, out_dir, min_revolutions):
    runs = [load_run(d) for d in run_dirs]
    check_target(out_dir, [r.path for r in runs])
    from .compare import build_comparison
    from .plotting import FigureSink
    with StagedOutput(out_dir, "compare", [r.path for r in runs]) as tmp:
        doc = build_comparison(runs, FigureSink(tmp), min_revolutions)
        write_report_files(doc, tmp)
    return os.path.realpath(out_dir)
