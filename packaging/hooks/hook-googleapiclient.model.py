"""Replaces pyinstaller-hooks-contrib's hook of the same name, which copies every one of
google-api-python-client's 600 discovery documents (110 MB): the desk builds its Google
Calendar client offline from the documents named in bundle_contents.GOOGLE_DISCOVERY_DOCUMENTS
and needs no other. The package's metadata goes in as the original hook does it."""

from bundle_contents import GOOGLE_DISCOVERY_DOCUMENTS  # packaging/, put on sys.path by the spec
from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = copy_metadata("google_api_python_client")
datas += collect_data_files(
    "googleapiclient.discovery_cache",
    includes=[f"documents/{name}" for name in GOOGLE_DISCOVERY_DOCUMENTS],
)
