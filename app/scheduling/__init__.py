"""Pure scheduling code: intervals, recurrence, slots and assignment.

Nothing here imports Qt or SQLAlchemy: plain values in, plain values out, so it is fast and
tested without a database.
"""
