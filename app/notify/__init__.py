"""E-mail notifications: templates, the mail outbox written with each booking change,
calendar invitations, and the sender that delivers each queued mail once."""
