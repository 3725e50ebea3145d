"""Administration screens: the branch, services, agents, statuses and general settings.

Each page edits through app.booking (``app.booking.admin`` for what a setup file holds,
``app.booking.statuses`` and ``app.booking.settings`` for the rest), so a screen accepts
exactly what a setup file would.
"""
