"""Replaces pyinstaller-hooks-contrib's hook of the same name, which takes every module of
phonenumbers (48 MB, mostly the geocoder's place names): phonenumbers loads each
region's metadata by name, so those modules must be listed, but the desk never uses the
geocoder, carrier or time zone look-ups (bundle_contents.PHONENUMBERS_SKIPPED)."""

from bundle_contents import PHONENUMBERS_SKIPPED  # packaging/, put on sys.path by the spec
from PyInstaller.utils.hooks import collect_submodules


def _wanted(name: str) -> bool:
    parts = name.split(".")
    return not any(part in PHONENUMBERS_SKIPPED for part in parts[1:2])


hiddenimports = collect_submodules("phonenumbers", filter=_wanted)
excludedimports = [f"phonenumbers.{name}" for name in PHONENUMBERS_SKIPPED]
