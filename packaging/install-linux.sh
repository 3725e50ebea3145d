#!/usr/bin/env bash
# Installs the built Linux bundle with its freedesktop files, the layout a distribution
# package (or an administrator) uses:
#   PREFIX/lib/frontdesk/                 the bundle (dist/frontdesk)
#   PREFIX/bin/frontdesk                  a link to PREFIX/lib/frontdesk/frontdesk
#   PREFIX/share/applications/ca.riverside.FrontDesk.desktop
#   PREFIX/share/metainfo/ca.riverside.FrontDesk.metainfo.xml
#   PREFIX/share/icons/hicolor/scalable/apps/ca.riverside.FrontDesk.svg
#   PREFIX/share/icons/hicolor/NxN/apps/ca.riverside.FrontDesk.png   (16 ... 512)
# Usage: packaging/install-linux.sh [--prefix /usr/local] [--destdir STAGING] [--bundle DIR]
# --destdir stages the files for a package (nothing outside STAGING is touched); without
# it the icon and menu caches are refreshed when their tools exist. See docs/packaging.md.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app_id=ca.riverside.FrontDesk
prefix=/usr/local
destdir=""
bundle="$root_dir/dist/frontdesk"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --destdir) destdir=$2; shift 2 ;;
    --bundle) bundle=$2; shift 2 ;;
    *) echo "install-linux.sh: unknown argument $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
if [ ! -x "$bundle/frontdesk" ]; then
  echo "install-linux.sh: no bundle at $bundle; build it with packaging/build-linux.sh" >&2
  exit 1
fi

target="$destdir$prefix"
share="$target/share"
rm -rf "$target/lib/frontdesk"
mkdir -p "$target/lib" "$target/bin"
cp -a "$bundle" "$target/lib/frontdesk"
ln -sfn ../lib/frontdesk/frontdesk "$target/bin/frontdesk"

install -Dm644 "$root_dir/packaging/linux/$app_id.desktop" "$share/applications/$app_id.desktop"
install -Dm644 "$root_dir/packaging/linux/$app_id.metainfo.xml" \
  "$share/metainfo/$app_id.metainfo.xml"
install -Dm644 "$root_dir/resources/icons/frontdesk.svg" \
  "$share/icons/hicolor/scalable/apps/$app_id.svg"
for png in "$root_dir"/resources/icons/frontdesk-*.png; do
  size=$(basename "$png" .png)
  size=${size#frontdesk-}
  install -Dm644 "$png" "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done

if [ -z "$destdir" ]; then
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -qtf "$share/icons/hicolor" || true
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
fi
echo "Installed Front Desk in $target (run $target/bin/frontdesk)"
