#!/usr/bin/env bash
# Builds "dist/Front Desk.app" and "dist/FrontDesk-<version>.dmg" on macOS 12 or newer:
#   packaging/build-macos.sh
# Needs Python 3.11+ (python3, or PYTHON naming one; a universal2 or the Mac's own
# architecture) and Xcode's command line tools. Steps: a .venv with the "build" extra,
# PyInstaller with packaging/frontdesk.spec (its BUNDLE makes the .app: identifier
# ca.riverside.FrontDesk, the .icns, the version in Info.plist), packaging/check_bundle.py,
# the app's --version and --self-check, then a compressed .dmg with hdiutil.
# Optional, for distribution outside the building Mac (docs/packaging.md):
#   FRONTDESK_CODESIGN_IDENTITY="Developer ID Application: ..."  signs every binary with the
#     hardened runtime (done by PyInstaller through the spec) and the .dmg;
#   FRONTDESK_NOTARY_PROFILE=<name>  a profile stored by `xcrun notarytool store-credentials`:
#     the .dmg is notarized by Apple and the ticket stapled to it.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"
identity=${FRONTDESK_CODESIGN_IDENTITY:-}
notary_profile=${FRONTDESK_NOTARY_PROFILE:-}
if [ -n "$notary_profile" ] && [ -z "$identity" ]; then
  echo "build-macos.sh: notarizing needs a signed app: set FRONTDESK_CODESIGN_IDENTITY" >&2
  exit 2
fi

[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[build]"

app="dist/Front Desk.app"
rm -rf "$app" dist/frontdesk
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/frontdesk.spec
.venv/bin/python packaging/check_bundle.py "$app"
version=$("$app/Contents/MacOS/frontdesk" --version | awk '{print $2}')
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$app/Contents/MacOS/frontdesk" --self-check
if [ -n "$identity" ]; then
  codesign --verify --deep --strict --verbose=2 "$app"
fi

dmg="dist/FrontDesk-$version.dmg"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ditto "$app" "$staging/Front Desk.app"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Front Desk $version" -srcfolder "$staging" -fs HFS+ -format UDZO "$dmg"
if [ -n "$identity" ]; then
  codesign --sign "$identity" --timestamp "$dmg"
fi
if [ -n "$notary_profile" ]; then
  xcrun notarytool submit "$dmg" --keychain-profile "$notary_profile" --wait
  xcrun stapler staple "$dmg"
fi
echo "App: $root_dir/$app; disk image: $root_dir/$dmg ($(du -sh "$dmg" | cut -f1))"
