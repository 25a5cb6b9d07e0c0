"""The intake fixtures (a clerk, a small catalog, a movable clock) for the hall's unit tests."""
from tests.unit.intake.conftest import clerk, clock, ctx, intake, migrated_template  # noqa: F401
