"""Sync in the GUI: a controller that runs the Qt-free scheduler off the UI thread, and a panel
listing what the platform refused, with retry actions. See ``sync/scheduler.py``."""
