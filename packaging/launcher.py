"""The bundle's entry point: what ``python -m app`` does, for the frozen program.

PyInstaller adds the folder of its entry script to the module search path; starting from
this file (and not app/__main__.py) keeps app/'s modules (config, cli, jobs...) from being
found as top-level modules of those names.
"""

from app.cli import main

raise SystemExit(main())
