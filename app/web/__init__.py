"""The self-service web pages (issue 9): customers book, view, move and cancel their own
appointments in a browser.

:func:`create_app` builds the Flask application; the rest of the package is imported
lazily so that :mod:`app.web.links` and :mod:`app.web.language`, which the desk and the
e-mails use, never pull Flask into the desk's process.
"""

from __future__ import annotations
