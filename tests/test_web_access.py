"""No leak: every view and API endpoint × every role × another organisation's evaluation."""

from __future__ import annotations

import json

import pytest

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.models import AuditEntry

TABS = ["info", "budget", "targets", "indicators", "self", "findings", "interviews", "problems", "report", "history"]

# (username, role, the evaluation it must not reach: "reference" or "sample" or both)
FOREIGN = [
    ("pingjia", "evaluator", ["sample"]),
    ("zhikong", "reviewer", ["sample"]),
    ("renshe", "entity", ["sample"]),
    ("pingjia2", "evaluator", ["reference"]),
    ("shixian", "entity", ["reference"]),
    ("other_admin", "admin", ["reference", "sample"]),
]
OWN = [("caizheng", "reference"), ("caizheng", "sample"), ("pingjia", "reference"), ("zhikong", "reference"),
       ("renshe", "reference"), ("pingjia2", "sample"), ("shixian", "sample")]


def get_requests(pk: int, aid: int) -> list[tuple[str, str, dict]]:
    reqs = [("get", f"/e/{pk}/", {})]
    reqs += [("get", f"/e/{pk}/{t}/", {}) for t in TABS]
    reqs += [
        ("get", f"/e/{pk}/leaf/?path=indicators[0]", {}),
        ("get", f"/e/{pk}/compare/?a=1&b=1", {}),
        ("get", f"/e/{pk}/revisions/1.yaml", {}),
        ("get", f"/e/{pk}/files/{aid}/", {}),
        ("get", f"/api/evaluations/{pk}/", {}),
        ("get", f"/api/evaluations/{pk}/revisions/", {}),
    ]
    reqs += [("get", f"/e/{pk}/export/{fmt}/", {}) for fmt in ("docx", "pdf", "xlsx", "yaml")]
    return reqs


def post_requests(pk: int) -> list[tuple[str, str, dict]]:
    return [
        ("post", f"/e/{pk}/preview/", {"base": "1", "f:title": "x"}),
        ("post", f"/e/{pk}/save/", {"base": "1", "f:title": "泄露"}),
        ("post", f"/e/{pk}/finalise/", {}),
        ("post", f"/e/{pk}/new-version/", {}),
        ("post", f"/e/{pk}/comment/", {"text": "泄露"}),
        ("post", f"/e/{pk}/status/", {"status": "approved"}),
        ("post", f"/e/{pk}/assign/", {"firm": "", "department": ""}),
        ("post", f"/e/{pk}/files/", {"caption": "x"}),
        ("api", f"/api/evaluations/{pk}/revisions/", {"base": 1, "document": {"format": "1"}}),
    ]


def _do(client, method, url, data):
    if method == "get":
        return client.get(url)
    if method == "api":
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("username,role,foreign", FOREIGN, ids=[f"{u}-{r}" for u, r, _ in FOREIGN])
def test_web_no_leak_matrix(demo, username, role, foreign):
    client = demo.client(username)
    for which in foreign:
        ev = getattr(demo, which)
        aid = getattr(demo, f"{which}_file").pk
        before = ev.revisions.count(), ev.status, ev.comments.count(), ev.attachments.count()
        for method, url, data in get_requests(ev.pk, aid) + post_requests(ev.pk):
            denied = AuditEntry.objects.filter(action="denied", username=username).count()
            resp = _do(client, method, url, data)
            assert resp.status_code == 404, (username, method, url, resp.status_code)
            body = resp.content.decode("utf-8", "replace")
            assert ev.title not in body and (ev.subject or "@@") not in body, (username, url)
            assert AuditEntry.objects.filter(action="denied", username=username).count() == denied + 1, (username, url)
        ev.refresh_from_db()
        assert (ev.revisions.count(), ev.status, ev.comments.count(), ev.attachments.count()) == before
        # Listings: page, Excel export and API never name it.
        assert ev.subject not in client.get("/evaluations/").content.decode()
        assert ev.pk not in [e["id"] for e in client.get("/api/evaluations/").json()["evaluations"]]
        from io import BytesIO

        from openpyxl import load_workbook

        ws = load_workbook(BytesIO(client.get("/evaluations/export.xlsx").content)).active
        assert all(ev.subject not in str(c.value or "") for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("username,which", OWN, ids=[f"{u}-{w}" for u, w in OWN])
def test_web_own_evaluation_is_reachable(demo, username, which):
    """The same matrix from the other side, so the 404s above are not vacuous."""
    client = demo.client(username)
    ev = getattr(demo, which)
    aid = getattr(demo, f"{which}_file").pk
    for method, url, _ in get_requests(ev.pk, aid):
        if "/export/" in url and not url.endswith("/yaml/"):
            continue  # report and workbook renderers are tested with the report work
        if "/leaf/" in url and which == "sample":
            continue  # a standalone self-evaluation form has no indicator tree
        resp = client.get(url)
        if resp.status_code == 403 and username in ("renshe", "shixian"):  # scored downloads wait for publication
            assert "结果尚未公开" in resp.content.decode(), url
            continue
        assert resp.status_code == 200, (username, url, resp.status_code)
    assert ev.subject in client.get("/evaluations/").content.decode()
    assert ev.pk in [e["id"] for e in client.get("/api/evaluations/").json()["evaluations"]]


def test_web_anonymous_is_sent_to_login(demo):
    from django.test import Client

    c = Client()
    for url in (f"/e/{demo.reference.pk}/", f"/e/{demo.reference.pk}/files/{demo.reference_file.pk}/", "/evaluations/"):
        resp = c.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert c.get(f"/api/evaluations/{demo.reference.pk}/").status_code == 401


def test_web_file_of_own_evaluation_under_foreign_id_is_404(demo):
    """A file id of another evaluation, put under an evaluation one may see."""
    client = demo.client("pingjia")
    resp = client.get(f"/e/{demo.reference.pk}/files/{demo.sample_file.pk}/")
    assert resp.status_code == 404


def test_web_api_token_has_the_same_permissions(demo):
    from django.test import Client

    from jixiao.web.api import new_token

    from jixiao.web.models import Profile

    token = new_token(Profile.objects.get(user__username="pingjia2"))
    c = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert c.get(f"/api/evaluations/{demo.sample.pk}/").status_code == 200
    assert c.get(f"/api/evaluations/{demo.reference.pk}/").status_code == 404
    assert Client(HTTP_AUTHORIZATION="Token wrong").get("/api/evaluations/").status_code == 401


def test_web_roles_limit_what_can_be_changed(demo):
    """The department fills its base data but cannot touch the indicators; the reviewer changes nothing."""
    ev = demo.reference
    entity = demo.client("renshe")
    resp = entity.post(f"/e/{ev.pk}/save/", {"base": str(ev.head), "tab": "indicators", "f:indicators[0].name": "改名"})
    ev.refresh_from_db()
    assert ev.head == 1  # nothing the entity may change was posted
    resp = entity.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "info", "f:entity.head": "新负责人"})
    assert resp.status_code == 302
    ev.refresh_from_db()
    assert ev.head == 2
    reviewer = demo.client("zhikong")
    resp = reviewer.post(f"/e/{ev.pk}/save/", {"base": "2", "tab": "info", "f:entity.head": "质控"})
    assert resp.status_code == 403
    assert reviewer.post(f"/e/{ev.pk}/finalise/").status_code == 302
    ev.refresh_from_db()
    assert ev.head == 2 and not ev.is_final


def test_web_shared_evaluation_is_read_only_for_the_other_organisation(demo):
    ev = demo.reference
    admin = demo.client("caizheng")
    resp = admin.post(f"/e/{ev.pk}/assign/", {"firm": str(ev.firm_id), "department": str(ev.department_id),
                                              "shared": [str(demo.other_firm.pk)]})
    assert resp.status_code == 302
    other = demo.client("pingjia2")
    assert other.get(f"/e/{ev.pk}/indicators/").status_code == 200
    assert ev.subject in other.get("/evaluations/").content.decode()
    assert other.get(f"/e/{ev.pk}/files/{demo.reference_file.pk}/").status_code == 200
    assert other.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "info", "f:title": "改"}).status_code == 403
    assert other.post(f"/api/evaluations/{ev.pk}/revisions/", json.dumps({"base": 1, "document": {}}),
                      content_type="application/json").status_code == 403
    other.post(f"/e/{ev.pk}/finalise/")
    other.post(f"/e/{ev.pk}/new-version/")
    ev.refresh_from_db()
    assert ev.head == 1 and not ev.is_final
    # Unsharing takes it away again.
    admin.post(f"/e/{ev.pk}/assign/", {"firm": str(ev.firm_id), "department": str(ev.department_id)})
    assert other.get(f"/e/{ev.pk}/indicators/").status_code == 404
