"""The Qt widget layer: screens, dialogs, item models and background workers. Calls desktop.services."""
