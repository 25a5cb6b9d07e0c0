"""Fixtures for capture tests: a clerk, an application with materials, files of every kind."""
from __future__ import annotations

import uuid

import pytest

from desktop.services.attachments import AttachmentService
from desktop.services.attachments.crypto import MemoryKeyStore
from desktop.store.models import Application, ApplicationMaterial, User


def make_application(ctx, *, status: str = "draft", materials=(("身份证复印件", False), ("营业执照", True))):
    """An application with materials (name, electronic_required); returns (user, app_id, [material ids])."""
    with ctx.db.transaction() as s:
        user = s.query(User).filter_by(username="clerk1").one_or_none()
        if user is None:
            user = User(username="clerk1", display_name="张三", role="clerk", password_hash="x")
            s.add(user)
            s.flush()
        app = Application(uuid=str(uuid.uuid4()), matter_code="M001", matter_version=1, matter_name="测试事项",
                          clerk_id=user.id, window_id="W01", status=status)
        for seq, (name, electronic) in enumerate(materials, start=1):
            app.materials.append(ApplicationMaterial(seq=seq, name=name, electronic_required=electronic))
        s.add(app)
        s.flush()
        return user, app.id, [m.id for m in app.materials]


@pytest.fixture
def clerk_app(ctx):
    return make_application(ctx)


@pytest.fixture
def service(ctx):
    return AttachmentService(ctx, key_store=MemoryKeyStore(reason="测试：无密钥环"))
