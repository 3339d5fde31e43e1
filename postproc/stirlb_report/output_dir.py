"""Where a report is written. A report never overwrites a run's data: it
goes to a folder of its own, is built in a temporary sibling and renamed
into place when complete (a failure leaves no half-written report), and
replaces an existing folder only when a marker file shows that folder is
an earlier report."""
import json
import os
import shutil
import tempfile

from .errors import BadInput

MARKER = ".stirlb-report"


def check_target(target, run_dirs):
    """Refuses `target` when writing there could destroy anything that is
    not an earlier report."""
    target = os.path.realpath(target)
    for run_dir in run_dirs:
        r = os.path.realpath(run_dir)
        if target == r:
            raise BadInput("-o %s is the run folder itself: a report goes into a folder of its own "
                           "(the default is RUN_DIR/report)" % target)
        if r.startswith(target.rstrip(os.sep) + os.sep):
            raise BadInput("-o %s contains the run folder %s: replacing it with the report would delete the run"
                           % (target, r))
    if not os.path.lexists(target):
        return
    if not os.path.isdir(target) or os.path.islink(target):
        raise BadInput("-o %s exists and is not a folder: refusing to overwrite it" % target)
    if os.path.isfile(os.path.join(target, MARKER)) or not os.listdir(target):
        return
    raise BadInput("-o %s exists and is not an earlier stirlb report (it has no %s marker): refusing to "
                   "overwrite its files; choose another folder or remove it" % (target, MARKER))


class StagedOutput:
    """with StagedOutput(target, kind, runs) as tmp: write into tmp; on a
    clean exit tmp becomes target (an earlier report there is replaced),
    on an exception tmp is removed and target left as it was."""

    def __init__(self, target, kind, runs):
        self.target = os.path.realpath(target)
        self.kind = kind
        self.runs = runs
        self.tmp = None

    def __enter__(self):
        parent = os.path.dirname(self.target)
        try:
            os.makedirs(parent, exist_ok=True)
            self.tmp = tempfile.mkdtemp(prefix=".%s.tmp-" % os.path.basename(self.target), dir=parent)
        except OSError as e:
            raise BadInput("cannot create the report folder beside %s (%s)" % (self.target, e.strerror)) from None
        return self.tmp

    def __exit__(self, kind, value, traceback):
        if kind is None:
            try:
                self._commit()
            except BaseException:
                shutil.rmtree(self.tmp, ignore_errors=True)
                raise
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return False

    def _commit(self):
        with open(os.path.join(self.tmp, MARKER), "w") as f:
            json.dump({"written_by": "stirlb %s" % self.kind, "runs": self.runs}, f)
            f.write("\n")
        old = None
        if os.path.lexists(self.target):
            # The earlier report steps aside under a fresh name (mkdtemp
            # picks one nobody uses) until the new one is in place.
            old = tempfile.mkdtemp(prefix=".%s.old-" % os.path.basename(self.target),
                                   dir=os.path.dirname(self.target))
            os.rmdir(old)
            os.rename(self.target, old)
        try:
            os.rename(self.tmp, self.target)
        except OSError:
            if old is not None:
                os.rename(old, self.target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
