"""Routers for the centre's staff group: content reloads now, report triage later."""
