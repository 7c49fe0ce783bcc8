"""Shared set-up for the web tests: Django on a temporary data directory, the demo
organisations and users, and helpers. Imported by every tests/test_web_*.py."""

from __future__ import annotations

import os
import tempfile

if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    import atexit
    import shutil

    os.environ["JIXIAO_DATA"] = tempfile.mkdtemp(prefix="jixiao-web-test-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    atexit.register(shutil.rmtree, os.environ["JIXIAO_DATA"], True)

import django  # noqa: E402

django.setup()

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

# Hashing demo passwords with PBKDF2 would dominate the run time.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from jixiao.web.demo import PASSWORD, load_demo  # noqa: E402
from jixiao.web.models import (  # noqa: E402
    ADMIN, BUREAU, EVALUATOR, FIRM, Attachment, Evaluation, Organisation, Profile,
)
from jixiao.web.uploads import store  # noqa: E402

def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2), (155, 28, 28)).save(buf, "PNG")
    return buf.getvalue()


PNG_1PX = _png()


class Demo:
    """The demo data plus a second bureau and a second evaluator of firm 1."""

    def __init__(self):
        from django.contrib.auth import get_user_model

        load_demo()
        User = get_user_model()
        self.reference = Evaluation.objects.get(subject__contains="人力资源和社会保障局", kind="department", year=2024)
        self.sample = Evaluation.objects.get(kind="project_self_evaluation")
        self.previous = Evaluation.objects.get(subject__contains="人力资源和社会保障局", kind="department", year=2023)
        # Every evaluation the demo loads, so a test can find the one it created.
        self.loaded = list(Evaluation.objects.values_list("pk", flat=True))
        other = Organisation.objects.create(name="另一财政局", kind=BUREAU)
        other.bureau = other
        other.save()
        u = User.objects.create_user("other_admin", password=PASSWORD)
        Profile.objects.create(user=u, organisation=other, role=ADMIN)
        firm1 = self.reference.firm
        u = User.objects.create_user("pingjia_b", password=PASSWORD)
        Profile.objects.create(user=u, organisation=firm1, role=EVALUATOR)
        self.reference_file = attach(self.reference, "现场照片.png", PNG_1PX)
        self.sample_file = attach(self.sample, "现场.png", PNG_1PX)
        self.other_firm = Organisation.objects.get(kind=FIRM, name__contains="天山")

    def client(self, username: str, **kwargs) -> Client:
        c = Client(**kwargs)
        assert c.login(username=username, password=PASSWORD), username
        return c


def attach(ev: Evaluation, name: str, data: bytes) -> Attachment:
    from django.contrib.auth import get_user_model

    stored, digest = store(data, name)
    return Attachment.objects.create(
        evaluation=ev, stored_name=stored, original_name=name, content_type="image/png", size=len(data),
        sha256=digest, is_image=True, width=1, height=1, uploaded_by=get_user_model().objects.get(username="pingjia"),
    )


@pytest.fixture
def demo(db) -> Demo:
    return Demo()


def leaf_path(doc: dict, code: str) -> str:
    def walk(items, path):
        for i, node in enumerate(items or []):
            p = f"{path}[{i}]"
            if node.get("code") == code:
                return p
            found = walk(node.get("children"), f"{p}.children")
            if found:
                return found
        return None

    return walk(doc.get("indicators"), "indicators")
