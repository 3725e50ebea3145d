#!/usr/bin/env bash
# Builds the Linux bundle, dist/frontdesk/ (run dist/frontdesk/frontdesk; no Python needed
# on the machine that runs it), from a fresh Debian machine, in one command:
#   packaging/build-linux.sh
# 1. packaging/bootstrap.sh: Debian's packages and the .venv with the program;
# 2. the "build" extra (PyInstaller) into that .venv, and the Debian packages it needs;
# 3. PyInstaller with packaging/frontdesk.spec (build/ holds its work files);
# 4. packaging/check_bundle.py: migrations, resources and the libraries' data are inside;
# 5. the built binary's --version and --self-check (offscreen unless QT_QPA_PLATFORM says
#    otherwise), so a bundle that cannot book and draw its window is never reported built.
# Prints the bundle's path, size and the build time. See docs/packaging.md.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"
started=$SECONDS

bash packaging/bootstrap.sh
.venv/bin/python -m pip install -q -e ".[build]"

# PyInstaller reads binaries with objdump (binutils) and copies Python's shared library,
# which Debian's python3 does not need itself (it is in the libpython3.X package).
read -r pylib pyversion pylibdir < <(.venv/bin/python -c 'import sys, sysconfig as s
print(s.get_config_var("INSTSONAME"), "%d.%d" % sys.version_info[:2], s.get_config_var("LIBDIR"))')
debs=()
command -v objdump >/dev/null 2>&1 || debs+=(binutils)
[ -e "$pylibdir/$pylib" ] || debs+=("libpython$pyversion")
if [ "${#debs[@]}" -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  echo "Installing Debian packages: ${debs[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    --no-install-recommends "${debs[@]}" >/dev/null
fi

rm -rf dist/frontdesk
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/frontdesk.spec
bundle="$root_dir/dist/frontdesk"
built=$((SECONDS - started))

.venv/bin/python packaging/check_bundle.py "$bundle"
version=$("$bundle/frontdesk" --version)
echo "$version"
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$bundle/frontdesk" --self-check

size=$(du -sh "$bundle" | cut -f1)
echo "Bundle: $bundle ($size, $version), built in ${built} s, checked in $((SECONDS - started - built)) s"
