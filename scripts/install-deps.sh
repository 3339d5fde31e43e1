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
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
