"""What to tell the reader before any number: failed checks, resolution
warnings, an unfinished run; and what the run lacks."""


def run_warnings(run, prefix=""):
    """Warnings of one run, each a sentence; `prefix` names the run in a
    comparison."""
    out = []
    status = run.get("status")
    if status != "completed":
        out.append("%sthe run did not complete (status: %s): its averages cover less than the case asked for"
                   % (prefix, status))
    if run.section("tank") and run.get("tank.power_number") is None:
        out.append("%sno power number, P/V or energy balance: the averaging window holds no torque sample at full "
                   "speed (the run ended before it began, or during the start-up ramp)" % prefix)
    failed = [c for c in run.summary.get("checks") or [] if not c.get("ok")]
    for c in failed:
        out.append("%scheck '%s' failed: %s" % (prefix, c.get("name"), c.get("message")))
    for w in run.get("resolution.warnings") or []:
        # The resolution check quotes these already.
        if not any(w in str(c.get("message")) for c in failed):
            out.append("%sresolution: %s" % (prefix, w))
    for w in run.summary.get("warnings") or []:
        out.append("%s%s" % (prefix, w))
    return out


def run_notes(run, prefix=""):
    out = []
    if "checks" not in run.summary:
        out.append("%sthis run predates the checks (resolution, statistically steady, energy balance): "
                   "summary.json has no 'checks'; judge those by the sections below" % prefix)
    out += [prefix + n for n in run.notes]
    return out


def checks_rows(run):
    """(check, passed, message) rows, or None for a run without checks."""
    checks = run.summary.get("checks")
    if checks is None:
        return None
    return [[c.get("name"), bool(c.get("ok")), c.get("message")] for c in checks]
