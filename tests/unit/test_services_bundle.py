"""The service bundle of a sign-in: each service made on first use, once, by whichever thread asks first."""
from __future__ import annotations

import threading
import time

from desktop.services.bundle import Services


def made(services: Services) -> set[str]:
    return {name for name in Services.NAMES if name in vars(services)}


def test_a_new_sign_in_makes_no_service_until_an_operation_asks_for_one(ctx):
    session = Services(ctx).for_session()
    assert made(session) == set()  # printing, imaging and certificates are not loaded for a sign-in
    assert session.applications is session.applications
    assert made(session) == {"applications"}


def test_every_service_can_still_be_made_at_once(ctx):
    services = Services(ctx).build_all()
    assert made(services) == set(Services.NAMES)


def test_two_threads_asking_at_once_get_the_same_service(ctx, monkeypatch):
    from desktop.services.catalog import calendar

    built = []
    real_init = calendar.CalendarService.__init__

    def slow_init(self, *args, **kwargs):
        built.append(threading.current_thread().name)
        time.sleep(0.05)  # long enough for the second thread to ask while the first is making it
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(calendar.CalendarService, "__init__", slow_init)
    services = Services(ctx)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(services.calendar)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and got[0] is got[1]


def test_a_service_made_while_another_is_made_is_shared(ctx):
    services = Services(ctx)
    prints = services.prints  # made with the documents service, which it asks for while it is made
    assert prints is services.prints and made(services) == {"prints", "documents"}
