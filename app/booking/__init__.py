"""Use cases: the only writer of bookings, customers and branch set-up.

The GUI, the CLI, the sync engine and the jobs call these functions; each runs in one
transaction, checks the acting user's permissions and raises ``BookingError`` when a rule
says no.
"""
