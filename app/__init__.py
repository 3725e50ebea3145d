"""Front Desk: the appointment desk of a bank branch."""

__version__ = "0.1.0"
