#!/usr/bin/env bash
# Installs stirlb's build and test dependencies from Debian 12 packages.
# Idempotent: packages already present are skipped, so a second run is a no-op.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libopenmpi-dev openmpi-bin      # MPI ranks
  petsc-dev                       # DMDA decomposition, profiling (pulls HDF5-openmpi)
  libvtk9-dev                     # VTK XML writers, STL reader
  libcli11-dev                    # command line
  libgtest-dev                    # unit and validation tests
  libtomlplusplus-dev             # case files
  nlohmann-json3-dev              # summary.json: correct escaping and number formatting
  python3                         # postproc scripts
  python3-matplotlib python3-numpy  # stirlb report/compare draw their figures with them
  # postproc/paraview/stirlb_view.py and its test: pvbatch and the GUI.
  # Debian's ParaView renders through GLX only, so headless pvbatch runs under
  # xvfb-run, which needs xauth (only recommended by xvfb).
  paraview xvfb xauth
)

# ParaView's Python modules (paraview.simple, for pvbatch and the GUI's
# Python) are in python3-paraview, which conflicts with python3-vtk9: both
# ship vtkmodules, and libvtk9-dev above depends on python3-vtk9. Installing
# it would remove libvtk9-dev, so it is unpacked beside the system instead,
# where tests/cli/paraview_render.sh looks (PYTHONPATH=$paraview_python/...).
paraview_python=/opt/paraview-python

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

paraview_modules_present() {
  dpkg-query -W -f='${Status}' python3-paraview 2>/dev/null | grep -q "install ok installed" ||
    [ -f "$paraview_python/usr/lib/python3/dist-packages/paraview/simple.py" ]
}

if [ ${#missing[@]} -eq 0 ] && paraview_modules_present; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! paraview_modules_present; then
  echo "install-deps: unpacking python3-paraview into $paraview_python"
  download=$(mktemp -d)
  chmod 777 "$download"  # run as root, apt-get download drops to the _apt user, who must write here
  (cd "$download" && apt-get download python3-paraview >/dev/null)
  "${sudo_cmd[@]}" mkdir -p "$paraview_python"
  "${sudo_cmd[@]}" dpkg-deb -x "$download"/python3-paraview_*.deb "$paraview_python"
  rm -rf "$download"
fi
