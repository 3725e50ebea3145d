"""The desk's Qt widgets. They call app.booking and never write to the database directly."""
