"""Revisions: live scoring, old → new, concurrent saves refused, 定稿 frozen by its hash."""

from __future__ import annotations

import hashlib
import json

from test_web_fixtures import demo, leaf_path  # noqa: F401
from jixiao.sources import open_text
from jixiao.web.models import AuditEntry, Evaluation
from jixiao.web.store import head_document, verify_final


def c23(ev) -> str:
    return leaf_path(head_document(ev), "C23") + ".reported"


def test_web_demo_reference_scores_97_and_you(demo):
    s = demo.reference.summary
    assert f"{s.total:.2f}" == "97.00" and s.grade == "优"
    page = demo.client("pingjia").get(f"/e/{demo.reference.pk}/indicators/").content.decode()
    assert '<b id="total">97.00</b>' in page and "优" in page


def test_web_live_preview_rescores_without_saving(demo):
    ev = demo.reference
    client = demo.client("pingjia")
    resp = client.post(f"/e/{ev.pk}/preview/", {"base": "1", f"f:{c23(ev)}": "97.63%"})
    body = resp.content.decode()
    assert resp.status_code == 200
    assert '<span id="s-C23" hx-swap-oob="true">6.00</span>' in body
    assert '<b id="total">99.00</b>' in body
    ev.refresh_from_db()
    assert ev.head == 1  # a preview saves nothing


def test_web_revision_records_old_and_new(demo):
    ev = demo.reference
    client = demo.client("pingjia")
    resp = client.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators", f"f:{c23(ev)}": "97.63%", "message": "按附件3更正"})
    assert resp.status_code == 302
    ev.refresh_from_db()
    rev = ev.revisions.get(number=2)
    assert rev.author.username == "pingjia" and rev.message == "按附件3更正"
    assert rev.changes == [{"indicator": "C23", "path": c23(ev), "field": "填报值", "old": "97%", "new": "97.63%"}]
    assert f"{ev.summary.total:.2f}" == "99.00"
    compare = client.get(f"/e/{ev.pk}/compare/?a=1&b=2").content.decode()
    assert "97%" in compare and "97.63%" in compare and "99.00" in compare
    history = client.get(f"/e/{ev.pk}/history/").content.decode()
    assert "97.63%" in history and "pingjia" in history


def test_web_second_save_from_same_base_is_refused(demo):
    ev = demo.reference
    a, b = demo.client("pingjia"), demo.client("pingjia_b")
    path = c23(ev)
    assert a.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators", f"f:{path}": "97.63%"}).status_code == 302
    resp = b.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators", f"f:{path}": "98%"})
    assert resp.status_code == 409
    assert "保存被拒绝" in resp.content.decode() and "pingjia" in resp.content.decode()
    ev.refresh_from_db()
    assert ev.head == 2
    assert open_text(ev.revisions.get(number=2).text, "评价.yaml").document is not None
    from jixiao.io.document import get_path

    assert get_path(head_document(ev), path) == "97.63%"  # the first save stands


def test_web_api_second_upload_from_same_base_is_409(demo):
    ev = demo.reference
    doc = head_document(ev)
    from jixiao.io.document import set_path

    set_path(doc, c23(ev), "97.63%")
    a, b = demo.client("pingjia"), demo.client("pingjia_b")
    url = f"/api/evaluations/{ev.pk}/revisions/"
    r1 = a.post(url, json.dumps({"base": 1, "document": doc}), content_type="application/json")
    assert r1.status_code == 201 and r1.json()["number"] == 2
    set_path(doc, c23(ev), "90%")
    r2 = b.post(url, json.dumps({"base": 1, "document": doc}), content_type="application/json")
    assert r2.status_code == 409 and "保存了修订 2" in r2.json()["error"]
    got = a.get(f"/api/evaluations/{ev.pk}/").json()
    assert got["revision"] == 2 and got["total"] == "99"
    assert got["scorecard"] and isinstance(got["problems"], list)


def test_web_finalise_records_hash_and_refuses_changes(demo):
    ev = demo.reference
    client = demo.client("pingjia")
    assert client.post(f"/e/{ev.pk}/finalise/").status_code == 302
    ev = Evaluation.objects.get(pk=ev.pk)
    rev = ev.final_revision
    assert ev.final_sha256 == hashlib.sha256(rev.text.encode("utf-8")).hexdigest() == rev.sha256
    assert verify_final(ev)
    assert AuditEntry.objects.filter(action="finalise", evaluation_id_ref=ev.pk).exists()
    # Every later change is refused, from every door.
    resp = client.post(f"/e/{ev.pk}/save/", {"base": str(ev.head), "tab": "indicators", f"f:{c23(ev)}": "97.63%"})
    assert resp.status_code == 409 and "已定稿" in resp.content.decode()
    api = client.post(f"/api/evaluations/{ev.pk}/revisions/", json.dumps({"base": ev.head, "document": head_document(ev)}),
                      content_type="application/json")
    assert api.status_code == 409
    page = client.get(f"/e/{ev.pk}/indicators/").content.decode()
    assert 'id="save"' not in page and "disabled" in page
    assert client.post(f"/e/{ev.pk}/finalise/").status_code == 302
    ev.refresh_from_db()
    assert ev.head == rev.number and verify_final(ev)
    # Tampering with the stored text is detected.
    type(rev).objects.filter(pk=rev.pk).update(text=rev.text + "\n# changed")
    ev = Evaluation.objects.get(pk=ev.pk)
    assert not verify_final(ev)


def test_web_new_version_is_separate(demo):
    ev = demo.reference
    client = demo.client("pingjia")
    client.post(f"/e/{ev.pk}/finalise/")
    resp = client.post(f"/e/{ev.pk}/new-version/")
    new = Evaluation.objects.get(previous_version=ev)
    assert resp.status_code == 302 and resp["Location"].startswith(f"/e/{new.pk}/")
    assert new.version == 2 and not new.is_final and new.pk != ev.pk
    assert client.post(f"/e/{new.pk}/save/", {"base": "1", "tab": "indicators", f"f:{c23(new)}": "97.63%"}).status_code == 302
    ev.refresh_from_db()
    assert ev.is_final and ev.head == 1 and verify_final(ev)
    assert "第2版" in client.get("/evaluations/").content.decode()


def test_web_bad_figure_is_refused_with_its_place(demo):
    ev = demo.reference
    client = demo.client("pingjia")
    path = leaf_path(head_document(ev), "A11") + ".weight"
    resp = client.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators", f"f:{path}": "abc"})
    assert resp.status_code == 422
    body = resp.content.decode()
    assert "未保存" in body and "abc" in body
    ev.refresh_from_db()
    assert ev.head == 1


def test_web_create_from_framework_and_upload(demo, tmp_path):
    client = demo.client("pingjia")
    for kind in ("department", "project"):
        resp = client.post("/evaluations/new/", {"how": "framework", "kind": kind, "subject": "测试单位", "year": "2025"})
        assert resp.status_code == 302, resp.content.decode()[:2000]
    for kind in ("department", "project", "project_self_evaluation"):
        resp = client.post("/evaluations/new/", {"how": "scratch", "kind": kind, "subject": "空白单位"})
        assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Evaluation.objects.filter(subject="空白单位").count() == 3
    ev = Evaluation.objects.filter(kind="project", subject="测试单位").get()
    assert ev.revisions.count() == 1 and ev.firm == demo.reference.firm
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("坏.yaml", "format: 1\nkind: department\nindicators:\n  - code: A\n    name: 决策\n    weight: abc\n".encode())
    resp = client.post("/evaluations/new/", {"how": "upload", "file": bad})
    body = resp.content.decode()
    assert resp.status_code == 422 and "坏.yaml" in body and "abc" in body
    from pathlib import Path

    good = SimpleUploadedFile("ref.yaml", (Path(__file__).parent.parent / "examples/project-selfeval-sample.yaml").read_bytes())
    resp = client.post("/evaluations/new/", {"how": "upload", "file": good})
    assert resp.status_code == 302


def test_web_problems_link_to_their_field(demo):
    """Each problem of the 检查结果 tab links to an element that exists on the linked page."""
    import re

    c = demo.client("pingjia")
    ev = demo.reference
    page = c.get(f"/e/{ev.pk}/problems/").content.decode()
    links = set(re.findall(r'<a href="(/e/\d+/\w+/)#([^"]+)"', page))
    assert len(links) >= 5
    for url, anchor in links:
        target = c.get(url).content.decode()
        assert f'id="{anchor}"' in target, (url, anchor)


def test_web_indicator_tree_can_grow_and_shrink(demo):
    ev = demo.reference
    c = demo.client("pingjia")
    a1 = leaf_path(head_document(ev), "A1")
    resp = c.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators", "action": f"child:{a1}"})
    assert resp.status_code == 302
    ev.refresh_from_db()
    doc = head_document(ev)
    from jixiao.io.document import get_path

    assert [n["code"] for n in get_path(doc, a1 + ".children")] == ["A11", "A12"]
    a12 = leaf_path(doc, "A12")
    resp = c.post(f"/e/{ev.pk}/save/", {"base": "2", "tab": "indicators", "action": f"del:{a12}"})
    assert resp.status_code == 302
    ev.refresh_from_db()
    assert ev.head == 3 and leaf_path(head_document(ev), "A12") is None
    assert f"{ev.summary.total:.2f}" == "97.00"
    changes = ev.revisions.get(number=3).changes
    assert any(ch["indicator"] == "A12" and ch["new"] is None for ch in changes)


def test_web_saves_are_修订_and_定稿_is_a_版本_in_every_message(demo):
    """第N版 counts 定稿 versions, 修订N counts saves: after two saves and 定稿, 第 1 版 is 修订 3."""
    import re

    ev = demo.reference
    a, b = demo.client("pingjia"), demo.client("pingjia_b")
    path = c23(ev)

    def texts(resp) -> str:
        return re.sub(r"<[^>]+>", "", a.get(resp["Location"]).content.decode())

    saved = texts(a.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators", f"f:{path}": "97.63%"}))
    assert "已保存：修订 2（1 处修改）" in saved and "第1版 · 修订 2" in saved
    refused = b.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators", f"f:{path}": "98%"}).content.decode()
    assert "您基于修订 1 修改" in refused and "保存了修订 2" in refused and "最新修订" in refused
    saved = texts(a.post(f"/e/{ev.pk}/save/", {"base": "2", "tab": "indicators", f"f:{path}": "97.5%"}))
    assert "已保存：修订 3（1 处修改）" in saved
    # the saves sent it back to 质控中 (it had passed 质控 for revision 1): passed again, for revision 3
    assert demo.client("zhikong").post(f"/e/{ev.pk}/status/", {"status": "approved"}).status_code == 302
    history = re.sub(r"<[^>]+>", "", a.get(f"/e/{ev.pk}/history/").content.decode())
    assert "定稿把当前修订（修订 3）冻结为第 1 版" in history

    final = texts(a.post(f"/e/{ev.pk}/finalise/"))
    assert "已定稿：第 1 版（修订 3），SHA-256" in final
    history = re.sub(r"<[^>]+>", "", a.get(f"/e/{ev.pk}/history/").content.decode())
    assert "第 1 版（修订 3）已于" in history and "第1版定稿" in history
    report = re.sub(r"<[^>]+>", "", a.get(f"/e/{ev.pk}/report/").content.decode())
    assert "下载的是当前修订（修订 3），即定稿的第 1 版" in report
    ev.refresh_from_db()
    assert AuditEntry.objects.filter(action="finalise", detail__startswith="第 1 版定稿（修订 3）").exists()
    export = a.get(f"/e/{ev.pk}/export/yaml/")
    assert "%E7%AC%AC1%E7%89%88-%E4%BF%AE%E8%AE%A23.yaml" in export["Content-Disposition"]  # …-第1版-修订3.yaml
    for page in (saved, final, history, report):
        assert "第 3 版" not in page and "第3版" not in page  # no revision number called a 版本

    started = texts(a.post(f"/e/{ev.pk}/new-version/"))
    assert "已开始第 2 版；第 1 版保持定稿不变" in started and "第2版 · 修订 1" in started
