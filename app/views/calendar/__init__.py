"""The calendar area: month, week and day views and their navigation."""
