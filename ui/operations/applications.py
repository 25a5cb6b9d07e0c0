"""Operations of the applications list: pages of rows, counts, filter choices, one case's detail."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ui.operations.base import Env, Operation

if TYPE_CHECKING:
    from desktop.services.applications.list_queries import (
        ApplicationFilter,
        ApplicationRow,
        Choice,
        Count,
        Cursor,
        Page,
    )
    from desktop.services.applications.read_models import ApplicationDetail


@dataclass(frozen=True)
class ListApplications(Operation["Page"]):
    """The next page of the list after ``cursor`` (None: the first page)."""

    filter: ApplicationFilter
    cursor: Cursor | None
    size: int

    def perform(self, env: Env) -> Page:
        return env.services.applications.page(self.filter, self.cursor, self.size)


@dataclass(frozen=True)
class ApplicationRows(Operation["dict[int, ApplicationRow]"]):
    """Rows read again by id (a sync changed them, or the row cache dropped them)."""

    ids: tuple[int, ...]

    def perform(self, env: Env) -> dict[int, ApplicationRow]:
        return env.services.applications.rows_by_ids(list(self.ids))


@dataclass(frozen=True)
class CountApplications(Operation["Count"]):
    filter: ApplicationFilter

    def perform(self, env: Env) -> Count:
        return env.services.applications.count(self.filter)


@dataclass(frozen=True)
class FilterChoices(Operation["tuple[list[Choice], list[Choice]]"]):
    """The matters and clerks the filter bar offers."""

    def perform(self, env: Env) -> tuple[list[Choice], list[Choice]]:
        queries = env.services.applications
        return queries.matter_choices(), queries.clerk_choices()


@dataclass(frozen=True)
class ApplicationDetails(Operation["ApplicationDetail"]):
    application_id: int

    def perform(self, env: Env) -> ApplicationDetail:
        return env.services.application_detail(self.application_id)
