"""Seeding through the real services: each planned case is typed, ticked and decided by the clerk.

This is the reference path: every row it writes is exactly what the counter writes. It costs
a few durable transactions per case, so it is used for demo-sized data; the bulk writer
(:mod:`demo_bulk`) reproduces its rows for benchmark-sized data.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import event

from desktop.services.accounts.auth import CurrentUser
from desktop.services.context import AppContext
from desktop.services.demo.plan import MatterInfo, PlannedCase
from desktop.services.intake.applicants import PartyData
from desktop.services.intake.service import IntakeService
from desktop.store.database import Database


class _Clock:
    def __init__(self) -> None:
        self.at = dt.datetime(2000, 1, 1)

    def __call__(self) -> dt.datetime:
        return self.at


def form_of(applicant: PartyData, agent: PartyData | None) -> dict:
    return {"applicant": applicant.to_dict(), "agent": agent.to_dict() if agent else None}


def replay(ctx: AppContext, plans: Iterable[PlannedCase], *, matters: Sequence[MatterInfo],
           parties: Sequence[PartyData], clerks: Sequence[CurrentUser],
           progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Run every case through :class:`IntakeService` with the clock at the planned times."""
    clock = _Clock()
    # The same services on a second engine whose commits skip fsync: a seed is redone, not recovered.
    fast = Database(ctx.db.path)
    event.listen(fast.engine, "connect", _no_fsync)
    try:
        return _replay(IntakeService(dataclasses.replace(ctx, db=fast, clock=clock)), clock, plans, matters=matters,
                       parties=parties, clerks=clerks, progress=progress)
    finally:
        fast.dispose()


def _no_fsync(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def _replay(intake: IntakeService, clock: _Clock, plans: Iterable[PlannedCase], *, matters: Sequence[MatterInfo],
            parties: Sequence[PartyData], clerks: Sequence[CurrentUser],
            progress: Callable[[int], None] | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for n, plan in enumerate(plans, start=1):
        clerk = clerks[plan.clerk]
        clock.at = plan.started_at
        agent = parties[plan.agent] if plan.agent is not None else None
        view = intake.start_draft(clerk, matters[plan.matter].code, form_of(parties[plan.applicant], agent),
                                  window_id=plan.window)
        for seq, state, until in plan.states:
            intake.set_material(view.uuid, seq, state, deferred_until=until)
        clock.at = plan.decided_at
        outcome = plan.outcome
        if outcome == "accept":  # demo data: a due date in a year without holiday data is accepted as counted
            intake.accept(clerk, view.uuid, confirm_uncertain_due=True)
        elif outcome == "immediate":
            intake.complete_immediately(clerk, view.uuid)
        elif outcome == "reject":
            intake.reject(clerk, view.uuid, plan.reason)
        elif outcome.startswith("supplement"):
            decision = intake.request_supplement(clerk, view.uuid)
            if plan.resumed_at is not None:
                clock.at = plan.resumed_at
                if outcome == "supplement_accept":
                    for material in decision.missing:
                        intake.set_material(view.uuid, material.seq, "provided")
                    intake.accept(clerk, view.uuid, confirm_uncertain_due=True)
                else:
                    intake.reject(clerk, view.uuid, plan.reason)
        counts[outcome] = counts.get(outcome, 0) + 1
        if progress and n % 100 == 0:
            progress(n)
    return counts
