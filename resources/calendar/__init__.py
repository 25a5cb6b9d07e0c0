"""Bundled working-day calendar (public holidays and 调休), replaced at run time by the platform's."""
