#!/usr/bin/env bash
# paraview_render.sh STIRLB CASE_DIR WORK_DIR
# postproc/paraview/stirlb_view.py as a user meets it, rendered headless:
#   (a) the small tank with 500 microcarrier parcels (valid_tank_beads.toml),
#       20 steps, averaged over the whole run, with [hotspots] thresholds and
#       two [[damage.model]]s: pvbatch draws all five layers (vessel,
#       impeller, slice, hotspot iso-surface at the summary's threshold,
#       beads coloured by damage) into a PNG that is checked not to be blank;
#   (b) a run directory without fields.pvd, and one that does not exist:
#       exit 2 and a message that says so;
#   (c) the tank without beads or [hotspots] (valid_tank.toml): no bead
#       layer and a percentile iso-surface, each said, and still a picture;
#   (d) the GUI path: paraview --script with the run in STIRLB_RUN and the
#       options in STIRLB_VIEW_ARGS, an earlier output chosen by --time.
# ParaView's tools come from CMake (STIRLB_PVBATCH, STIRLB_XVFB_RUN,
# STIRLB_PARAVIEW, each possibly ...-NOTFOUND) or PATH. Missing pvbatch is a
# failure, not a skip: CI installs ParaView (scripts/install-deps.sh).
set -euo pipefail
stirlb=$1 cases=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
view="$here/../../postproc/paraview/stirlb_view.py"
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; cat "$work"/log*.txt 2>/dev/null || true; exit 1; }
export OMP_NUM_THREADS=1

tool() {  # tool ENV_VALUE NAME: the CMake-found path, else PATH; empty if neither
  case "$1" in
    "" | *NOTFOUND) command -v "$2" || true ;;
    *) echo "$1" ;;
  esac
}
pvbatch=$(tool "${STIRLB_PVBATCH:-}" pvbatch)
xvfb=$(tool "${STIRLB_XVFB_RUN:-}" xvfb-run)
gui=$(tool "${STIRLB_PARAVIEW:-}" paraview)
# By its real path: ParaView looks for its Python modules relative to the
# executable, and from /bin/pvbatch (usrmerge) it finds python3-vtk9's
# vtkmodules first and crashes on them.
[ -z "$pvbatch" ] || pvbatch=$(readlink -f "$pvbatch")
[ -z "$gui" ] || gui=$(readlink -f "$gui")
[ -n "$pvbatch" ] || fail "pvbatch not found (at configure time or on PATH): install ParaView with" \
  "scripts/install-deps.sh (Debian: paraview, xvfb, xauth, and python3-paraview's modules) and re-run cmake"

# ParaView's Python modules. Debian's python3-paraview conflicts with
# python3-vtk9, which libvtk9-dev (stirlb's build) needs, so
# scripts/install-deps.sh unpacks it beside the system instead; PYTHONPATH
# finds it there.
cat > "$work/probe.py" <<'EOF'
import paraview.simple
EOF
if ! "$pvbatch" "$work/probe.py" > "$work/log_probe.txt" 2>&1; then
  extra=${STIRLB_PARAVIEW_PYTHONPATH:-/opt/paraview-python/usr/lib/python3/dist-packages}
  export PYTHONPATH="$extra${PYTHONPATH:+:$PYTHONPATH}"
  "$pvbatch" "$work/probe.py" > "$work/log_probe.txt" 2>&1 ||
    fail "pvbatch cannot import paraview.simple, neither installed (python3-paraview) nor in $extra" \
      "(scripts/install-deps.sh unpacks it there; STIRLB_PARAVIEW_PYTHONPATH names another place): $(tail -n 3 "$work/log_probe.txt")"
fi

# A display. ParaView builds with EGL or OSMesa render offscreen without
# one; Debian's renders through GLX only and needs an X server, which
# xvfb-run provides (a 24-bit screen: the default 8-bit one has no GLX visual
# for every setup).
cat > "$work/probe_render.py" <<EOF
from paraview.simple import Sphere, Show, Render, SaveScreenshot, GetActiveViewOrCreate
view = GetActiveViewOrCreate("RenderView")
Show(Sphere(), view)
Render(view)
SaveScreenshot("$work/probe.png", view, ImageResolution=[64, 64])
EOF
render=()
# Under load xvfb-run -a can hand pvbatch a display whose server is not up
# (or is a previous run's, going away): pvbatch then aborts with "bad X
# server connection" before drawing anything. That is the machine, not the
# view; such runs are repeated, up to three times.
rendering() {
  local attempt out status
  out=$(mktemp)
  for attempt in 1 2 3; do
    status=0
    "${render[@]}" "$@" > "$out" 2>&1 || status=$?
    grep -q "bad X server connection" "$out" || break
    echo "note: no X server for pvbatch (attempt $attempt), trying again" >&2
    sleep 2
  done
  cat "$out"
  rm -f "$out"
  return "$status"
}
# (The braces keep bash's "Aborted" notice of a failed probe out of the log.)
if { env -u DISPLAY "$pvbatch" --force-offscreen-rendering "$work/probe_render.py" > "$work/log_probe.txt" 2>&1; } 2>/dev/null &&
   [ -s "$work/probe.png" ]; then
  render=("$pvbatch" --force-offscreen-rendering)
elif [ -n "$xvfb" ]; then
  render=("$xvfb" -a -s "-screen 0 1920x1080x24" "$pvbatch")
  rendering "$work/probe_render.py" > "$work/log_probe.txt" 2>&1 && [ -s "$work/probe.png" ] ||
    fail "pvbatch does not render under xvfb-run: $(tail -n 5 "$work/log_probe.txt")"
else
  fail "pvbatch cannot render without a display here and xvfb-run is missing (Debian: apt-get install xvfb xauth)"
fi
echo "rendering with: ${render[*]}"

# check_png FILE WIDTH HEIGHT: the size asked for, and a picture: many
# colours, and most of the middle of the image not background. Decoded with
# the standard library (zlib and the PNG row filters), so any python3 does.
check_png() {
  python3 - "$@" <<'EOF'
import struct, sys, zlib
path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n": sys.exit("%s is not a PNG" % path)
pos, chunks = 8, {}
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunks.setdefault(kind, []).append(data[pos + 8:pos + 8 + n])
    pos += 12 + n
w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0])
if (w, h) != (width, height): sys.exit("%s is %dx%d, expected %dx%d" % (path, w, h, width, height))
if depth != 8 or colour not in (2, 6) or interlace: sys.exit("%s: unexpected PNG format %d/%d/%d" % (path, depth, colour, interlace))
bpp = 3 if colour == 2 else 4
raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
stride = w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
pixels = [bytes(r[x * bpp:x * bpp + 3]) for r in rows for x in range(w)]
colours = len(set(pixels))
background = max(set(pixels[:w]), key=pixels[:w].count)  # the top row is mostly background
middle = [bytes(rows[y][x * bpp:x * bpp + 3]) for y in range(h // 4, 3 * h // 4) for x in range(w // 4, 3 * w // 4)]
drawn = sum(p != background for p in middle) / len(middle)
print("%s: %dx%d, %d colours, %.0f %% of the middle drawn" % (path, w, h, colours, 100 * drawn))
if colours < 200: sys.exit("%s has %d colours: blank or flat" % (path, colours))
if drawn < 0.3: sys.exit("%s: only %.0f %% of the middle differs from the background" % (path, 100 * drawn))
EOF
}

# (a) Beads, hotspots and damage. Averaging over the whole run (0.05
# revolutions) gives the time-averaged fields the iso-surface is drawn on;
# the thresholds are far below this start-up flow's stresses, so that there
# is a hotspot and a damaged bead after 20 steps.
python3 -c '
import sys
src, out = sys.argv[1:3]
text = open(src).read()
if text.count("revolutions = 0.05\n") != 1: sys.exit("%s: expected revolutions = 0.05 once" % src)
text = text.replace("revolutions = 0.05\n", "revolutions = 0.05\naveraging_revolutions = 0.05\n")
text += """
[hotspots]
shear_stress = "0.01 mPa"
dissipation = "1e-9 W/kg"

[[damage.model]]
name = "shear"
type = "shear-threshold"
threshold = "0.001 mPa"
damaged_after = "0.01 s"

[[damage.model]]
name = "rbc"
type = "power-law"
preset = "giersiepen-rbc"
"""
open(out, "w").write(text)
' "$cases/valid_tank_beads.toml" "$work/beads.toml" || fail "writing the case file"
"$stirlb" run "$work/beads.toml" -o "$work/beads" --steps 20 --backend cpu > "$work/log_run_beads.txt" 2>&1 ||
  fail "the run with beads exited with $?"
rendering "$view" "$work/beads" --png "$work/beads.png" --size 800x450 > "$work/log_view_beads.txt" 2>&1 ||
  fail "stirlb_view.py exited with $?: $(cat "$work/log_view_beads.txt")"
grep -q 'layers: vessel, impeller, slice, hotspots, beads$' "$work/log_view_beads.txt" ||
  fail "not every layer drawn: $(cat "$work/log_view_beads.txt")"
grep -q 'iso-surface of mean_shear_stress_Pa at 1e-05 Pa (hotspot threshold)' "$work/log_view_beads.txt" ||
  fail "the iso-surface is not at summary.json's 0.01 mPa: $(cat "$work/log_view_beads.txt")"
check_png "$work/beads.png" 800 450 || fail "$work/beads.png"

# (b) Not a run directory.
mkdir -p "$work/not_a_run"
set +e
rendering "$view" "$work/not_a_run" --png "$work/x.png" > "$work/log_view_empty.txt" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || fail "a directory without fields.pvd: exit $code, expected 2"
grep -q "has no fields.pvd" "$work/log_view_empty.txt" || fail "no clear message: $(cat "$work/log_view_empty.txt")"
set +e
rendering "$view" "$work/nowhere" --png "$work/x.png" > "$work/log_view_missing.txt" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] && grep -q "does not exist" "$work/log_view_missing.txt" ||
  fail "a missing directory: exit $code, $(cat "$work/log_view_missing.txt")"
[ ! -e "$work/x.png" ] || fail "an image was written for a directory that is not a run"

# (c) No beads, no [hotspots]: those layers are said to be skipped or
# replaced, and the rest is still drawn.
"$stirlb" run "$cases/valid_tank.toml" -o "$work/plain" --steps 20 --backend cpu > "$work/log_run_plain.txt" 2>&1 ||
  fail "the run without beads exited with $?"
rendering "$view" "$work/plain" --png "$work/plain.png" --size 640x360 > "$work/log_view_plain.txt" 2>&1 ||
  fail "stirlb_view.py on a run without beads exited with $?: $(cat "$work/log_view_plain.txt")"
grep -q "no particle part in fields.pvd.*bead layer skipped" "$work/log_view_plain.txt" ||
  fail "no message for the missing beads: $(cat "$work/log_view_plain.txt")"
grep -q "no hotspots.thresholds.shear_stress.*percentile" "$work/log_view_plain.txt" ||
  fail "no message for the missing hotspot threshold: $(cat "$work/log_view_plain.txt")"
grep -q 'layers: vessel, impeller, slice, hotspots$' "$work/log_view_plain.txt" ||
  fail "layers of the run without beads: $(cat "$work/log_view_plain.txt")"
check_png "$work/plain.png" 640 360 || fail "$work/plain.png"

# (d) The GUI: the run from STIRLB_RUN, options from STIRLB_VIEW_ARGS, and
# --exit to close it. A fresh HOME without ParaView's welcome dialog, which
# would wait for a click that never comes.
if [ -n "$gui" ] && [ -n "$xvfb" ]; then
  # The settings file is named after the version; pvbatch tells it without
  # a display ("paraview version 5.11.0").
  version=$("$pvbatch" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -n 1) || true
  mkdir -p "$work/home/.config/ParaView"
  printf '[General]\nGeneralSettings.ShowWelcomeDialog=false\n' > "$work/home/.config/ParaView/ParaView$version.ini"
  HOME="$work/home" STIRLB_RUN="$work/beads" STIRLB_VIEW_ARGS="--png $work/gui.png --size 640x360 --time 0.01" \
    timeout 120 "$xvfb" -a -s "-screen 0 1920x1080x24" "$gui" --script="$view" --exit > "$work/log_gui.txt" 2>&1 ||
    fail "paraview --script exited with $?: $(tail -n 20 "$work/log_gui.txt")"
  grep -q "output 2 of 4, t = 0.0106" "$work/log_gui.txt" || fail "--time 0.01 did not choose the second output: $(grep stirlb_view "$work/log_gui.txt")"
  check_png "$work/gui.png" 640 360 || fail "$work/gui.png (GUI)"
else
  echo "note: no paraview GUI or xvfb-run: the GUI path is not checked"
fi
echo "ok: stirlb_view.py drew every layer headless, refused a non-run, skipped the missing layers with a message, and ran in the GUI"
