"""Alerts among partners: targeted notices, subscriptions, reliable delivery, acknowledgement."""
