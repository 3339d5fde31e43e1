"""python3 -m stirlb_report report RUN_DIR [-o DIR]
python3 -m stirlb_report compare RUN_A RUN_B ... [-o DIR]

Exit codes as the solver's: 0 written, 1 an unexpected failure, 2 input
that cannot be used (a folder that is not a run, a damaged summary, an
output folder that would overwrite something)."""
import argparse
import os
import sys

from .errors import EXIT_BAD_INPUT, BadInput


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad options already; this keeps its message
    in the solver's 'error: ...' form."""

    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("error: %s\n" % message)
        sys.exit(EXIT_BAD_INPUT)


def parser():
    p = _Parser(prog="stirlb", description="Reports of stirlb run folders (HTML, Markdown, JSON).")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    r = sub.add_parser("report", help="report one run folder")
    r.add_argument("run_dir", help="a folder written by `stirlb run`")
    r.add_argument("-o", "--output", help="report folder (default RUN_DIR/report)")
    c = sub.add_parser("compare", help="compare several run folders")
    c.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="two or more folders written by `stirlb run`; "
                                                                  "relative differences are against the first")
    c.add_argument("-o", "--output", default="comparison", help="report folder (default ./comparison)")
    # 3: the solver's own averaging-window check (solver/run_checks.h).
    c.add_argument("--min-revolutions", type=float, default=3.0,
                   help="flag averaging windows shorter than this many revolutions (default 3)")
    return p


def _plotting_available():
    """A clear refusal instead of an ImportError traceback when this Python
    lacks the plotting libraries (STIRLB_PYTHON may point anywhere)."""
    try:
        import matplotlib  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as e:
        sys.stderr.write("error: %s cannot make reports: %s; install python3-matplotlib and python3-numpy, or set "
                         "STIRLB_PYTHON to a python3 that has them\n" % (sys.executable, e))
        return False
    return True


def main(argv=None):
    args = parser().parse_args(argv)
    if not _plotting_available():
        return EXIT_BAD_INPUT
    try:
        if args.command == "report":
            from .commands import make_report
            out = make_report(args.run_dir, args.output or os.path.join(args.run_dir, "report"))
        else:
            if len(args.run_dirs) < 2:
                raise BadInput("compare needs at least two run folders (got %d)" % len(args.run_dirs))
            from .commands import make_comparison
            out = make_comparison(args.run_dirs, args.output, args.min_revolutions)
    except BadInput as e:
        sys.stderr.write("error: %s\n" % e)
        return EXIT_BAD_INPUT
    print("wrote %s" % os.path.join(out, "report.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
