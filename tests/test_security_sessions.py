"""Sessions and passwords, attacked over HTTP as a browser posts (CSRF enforced, the token
taken from the page): weak and reused passwords, rotation, session fixation, the idle
timeout counted from the last request, the absolute lifetime, the 动态口令 (TOTP) login,
and account management that never reaches another bureau's people."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from test_web_fixtures import demo  # noqa: F401
from test_web_uploads import csrf_token
from jixiao.glossary import AUDIT_ACTIONS
from jixiao.web import sessions
from jixiao.web.demo import PASSWORD
from jixiao.web.models import AuditEntry, Organisation, PasswordRecord, Profile
from jixiao.web.passwords import validators_for

STRONG = "Caizheng#2024xj"  # 15 characters of four classes, in no common list


def form_login(username: str, password: str = PASSWORD, client: Client | None = None):
    c = client or Client(enforce_csrf_checks=True)
    resp = c.post("/login/", {"csrfmiddlewaretoken": csrf_token(c, "/login/"), "username": username, "password": password})
    return c, resp


def post(c: Client, url: str, data: dict, page: str | None = None):
    """Post `data` to `url` with the CSRF token of the form on `page` (default: the same URL)."""
    return c.post(url, {"csrfmiddlewaretoken": csrf_token(c, page or url), **data})


def text(resp) -> str:
    return resp.content.decode()


def logged_in(c: Client) -> bool:
    return c.get("/evaluations/").status_code == 200


def actions(username: str) -> list[str]:
    return list(AuditEntry.objects.filter(username=username).order_by("at", "id").values_list("action", flat=True))


def totp_code(device, steps_ahead: int = 0) -> str:
    from django_otp.oath import TOTP

    t = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    t.time = time.time() + steps_ahead * device.step
    return f"{t.token():0{device.digits}d}"


def add_device(username: str):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=get_user_model().objects.get(username=username), name="手机", confirmed=True)


class Clock:
    """The clock of session times, moved by hand (Django's, the database's and the cache's are not)."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(sessions, "time", c)
    return c


# -- password policy -----------------------------------------------------------------


def test_dengbao_policy_refuses_weak_common_and_reused_passwords(demo):
    c, resp = form_login("zhikong")
    assert resp.status_code == 302

    def change(old: str, new: str):
        return post(c, "/account/password/", {"old_password": old, "new_password": new, "new_password2": new},
                    page="/account/")

    started = time.monotonic()
    resp = change(PASSWORD, "123")
    assert resp.status_code == 400 and time.monotonic() - started < 1
    page = text(resp)
    assert "密码太短：只有 3 个字符，至少应为 8 个字符" in page
    assert "至少 3 类，现只有 1 类（数字）" in page
    resp = change(PASSWORD, "P@ssw0rd")  # four classes, but on the list of breached passwords
    assert resp.status_code == 400 and "这个密码太常见了" in text(resp)
    resp = change(PASSWORD, "zhikong2024!")  # the user name with a suffix
    assert resp.status_code == 400 and "与用户名等个人信息太相似" in text(resp)
    resp = change(PASSWORD, "x" * 1_000_000)  # a megabyte: answered at once, not hashed
    assert resp.status_code == 400 and "密码太长：有 1000000 个字符，最多 128 个字符" in text(resp)
    resp = change("wrong", STRONG)
    assert resp.status_code == 400 and "原密码不正确" in text(resp)
    assert time.monotonic() - started < 5
    assert Client().login(username="zhikong", password=PASSWORD)  # nothing changed

    # Six changes; then each of the previous five is refused, the sixth back is allowed again.
    history = [PASSWORD] + [f"Zk#{i}-review2024" for i in range(1, 7)]
    for old, new in zip(history, history[1:]):
        assert change(old, new).status_code == 302
    for earlier in history[2:6]:
        resp = change(history[-1], earlier)
        assert resp.status_code == 400 and "不能使用最近 5 次用过的密码" in text(resp), earlier
    assert change(history[-1], history[1]).status_code == 302
    assert PasswordRecord.objects.filter(user__username="zhikong").count() == 5
    assert actions("zhikong").count("password_changed") == 7
    refused = AuditEntry.objects.filter(username="zhikong", action="password_change_failed").values_list("detail", flat=True)
    assert any("新密码不符合密码策略：密码太短" in d for d in refused) and any(d == "原密码错误" for d in refused)
    assert not any("P@ssw0rd" in d or "zhikong2024!" in d or "xxxx" in d for d in refused)  # no password in the log


def test_asvs_policy_wants_twelve_characters_and_no_composition(demo, settings):
    settings.AUTH_PASSWORD_VALIDATORS = validators_for("asvs")
    settings.PASSWORD_MAX_AGE_DAYS = None
    c, _ = form_login("zhikong")

    def change(new: str):
        return post(c, "/account/password/", {"old_password": PASSWORD, "new_password": new, "new_password2": new},
                    page="/account/")

    resp = change("Zk#2024xj")  # fine for 等保, too short for ASVS
    assert resp.status_code == 400 and "至少应为 12 个字符" in text(resp)
    resp = change("password1234")
    assert resp.status_code == 400 and "这个密码太常见了" in text(resp)
    assert change("correct horse battery staple").status_code == 302  # a passphrase of lower-case words
    # No forced rotation: a password set long ago is not in the way.
    PasswordRecord.objects.filter(user__username="zhikong").update(at=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    c2, resp = form_login("zhikong", "correct horse battery staple")
    assert resp.status_code == 302 and resp["Location"] == "/evaluations/"


def test_dengbao_password_older_than_90_days_must_be_changed_at_login(demo):
    User = get_user_model()
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=91)
    User.objects.filter(username="renshe").update(date_joined=old)  # its password dates from then
    c, resp = form_login("renshe")
    assert resp.status_code == 302 and resp["Location"] == "/account/password/"
    page = text(c.get("/account/password/"))
    assert "密码已使用超过 90 天" in page and "按密码策略须更换" in page
    # Every page leads back to the change until it is done; logging out still works.
    assert c.get("/evaluations/")["Location"] == "/account/password/"
    assert c.get(f"/e/{demo.reference.pk}/")["Location"] == "/account/password/"
    resp = post(c, "/account/password/", {"old_password": PASSWORD, "new_password": STRONG, "new_password2": STRONG})
    assert resp.status_code == 302 and logged_in(c)
    assert form_login("renshe", STRONG)[1]["Location"] == "/evaluations/"
    # Changed 91 days ago by the change page: the same; 89 days ago: not in the way.
    PasswordRecord.objects.filter(user__username="renshe").update(at=old)
    assert form_login("renshe", STRONG)[1]["Location"] == "/account/password/"
    PasswordRecord.objects.filter(user__username="renshe").update(at=old + dt.timedelta(days=2))
    assert form_login("renshe", STRONG)[1]["Location"] == "/evaluations/"


def test_a_changed_password_ends_the_other_sessions(demo):
    c, _ = form_login("pingjia")
    elsewhere, _ = form_login("pingjia")
    key = c.session.session_key
    resp = post(c, "/account/password/", {"old_password": PASSWORD, "new_password": STRONG, "new_password2": STRONG},
                page="/account/")
    assert resp.status_code == 302
    assert logged_in(c) and c.session.session_key != key  # this one goes on, under a new id
    assert not logged_in(elsewhere)
    assert form_login("pingjia", PASSWORD)[1].status_code == 401
    assert form_login("pingjia", STRONG)[1].status_code == 302


# -- session ids, idle timeout, absolute lifetime ----------------------------------------


def test_session_fixation_a_planted_session_id_is_worthless_after_login(demo):
    from jixiao.web.sessions import SessionStore

    planted = SessionStore()
    planted["lang"] = "zh"
    planted.create()
    victim = Client(enforce_csrf_checks=True)
    victim.cookies["sessionid"] = planted.session_key
    _, resp = form_login("pingjia", client=victim)
    assert resp.status_code == 302
    assert victim.cookies["sessionid"].value != planted.session_key
    attacker = Client()
    attacker.cookies["sessionid"] = planted.session_key
    assert not logged_in(attacker)

    # Logging in again while logged in (as the same user) changes the id too.
    before = victim.cookies["sessionid"].value
    _, resp = form_login("pingjia", client=victim)
    assert resp.status_code == 302 and victim.cookies["sessionid"].value != before
    attacker.cookies["sessionid"] = before
    assert not logged_in(attacker) and logged_in(victim)


def test_idle_time_counts_from_the_last_request_exactly(demo, clock, settings):
    idle = settings.IDLE_TIMEOUT_SECONDS
    c, resp = form_login("pingjia")
    assert resp.cookies["sessionid"]["max-age"] == settings.SESSION_LIFETIME_SECONDS == 12 * 3600
    assert logged_in(c)
    clock.advance(50)
    with CaptureQueriesContext(connection) as queries:
        assert logged_in(c)  # a request within the minute: the stamp goes to the cache, not the database
    assert not any("django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
                   for q in queries.captured_queries)
    clock.advance(idle - 10)  # 10 s short of the timeout since that request (40 s past it since the stored stamp)
    assert logged_in(c)
    clock.advance(idle + 1)
    resp = c.get("/evaluations/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert f"您已超过 {idle // 60} 分钟未操作" in text(c.get("/login/"))
    entry = AuditEntry.objects.filter(action="logout_idle", username="pingjia").get()
    assert "空闲超时" in entry.detail and AUDIT_ACTIONS["logout_idle"] == "空闲超时退出"


def test_a_session_ends_12_hours_after_login_however_active(demo, clock, settings):
    c, _ = form_login("pingjia")
    elapsed = 0
    while elapsed + 25 * 60 < settings.SESSION_LIFETIME_SECONDS:
        clock.advance(25 * 60)  # a request every 25 minutes: never idle
        elapsed += 25 * 60
        assert logged_in(c), elapsed
    clock.advance(settings.SESSION_LIFETIME_SECONDS - elapsed)
    resp = c.get("/evaluations/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert "登录已满 12 小时" in text(c.get("/login/"))
    entry = AuditEntry.objects.filter(action="logout_expired", username="pingjia").get()
    assert "会话已满 12 小时" in entry.detail
    assert form_login("pingjia", client=c)[1].status_code == 302 and logged_in(c)  # a new login, a new lifetime


def test_htmx_requests_of_an_expired_session_send_the_page_to_the_login(demo, clock, settings):
    c, _ = form_login("pingjia")
    token = csrf_token(c, f"/e/{demo.reference.pk}/indicators/")
    clock.advance(settings.IDLE_TIMEOUT_SECONDS + 1)
    resp = c.post(f"/e/{demo.reference.pk}/preview/", {"base": "1"}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert resp.status_code == 204 and resp["HX-Redirect"] == "/login/"


# -- 动态口令 (TOTP) --------------------------------------------------------------------


def test_totp_is_set_up_on_the_account_page_and_then_asked_at_login(demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    c, _ = form_login("pingjia")
    assert post(c, "/account/2fa/", {"action": "start"}, page="/account/").status_code == 302
    page = text(c.get("/account/"))
    assert "otpauth://totp/" in page and "secret=" in page and 'id="otp-secret"' in page
    device = TOTPDevice.objects.get(user__username="pingjia", confirmed=False)
    resp = post(c, "/account/2fa/", {"action": "confirm", "token": "000000" if totp_code(device) != "000000" else "111111"},
                page="/account/")
    assert "未启用：动态口令错误或已过期" in text(c.get("/account/"))
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    post(c, "/account/2fa/", {"action": "confirm", "token": totp_code(device)}, page="/account/")
    assert "动态口令连续错误，请 1 秒后再试" in text(c.get("/account/"))  # django-otp's back-off
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    post(c, "/account/2fa/", {"action": "confirm", "token": totp_code(device)}, page="/account/")
    assert "双因素认证已启用" in text(c.get("/account/"))
    device.refresh_from_db()
    assert device.confirmed and "2fa_enabled" in actions("pingjia")
    post(c, "/logout/", {}, page="/evaluations/")

    # The password alone does not log in: the second step is asked, and nothing is reachable before it.
    c, resp = form_login("pingjia")
    assert resp.status_code == 302 and resp["Location"] == "/login/totp/"
    assert not logged_in(c)
    pending_id = c.cookies["sessionid"].value
    started = time.monotonic()
    resp = post(c, "/login/totp/", {"token": "12ab<script>"})
    assert resp.status_code == 400 and "应为验证器应用显示的 6 位数字" in text(resp) and "<script>" not in text(resp)
    assert time.monotonic() - started < 1
    wrong = "000000" if totp_code(device, 1) != "000000" else "111111"
    resp = post(c, "/login/totp/", {"token": wrong})
    assert resp.status_code == 401 and "动态口令错误" in text(resp)
    assert AuditEntry.objects.filter(action="login_failed", username="pingjia", detail="动态口令错误").exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's own back-off would refuse the next try for a second
    device.save()
    resp = post(c, "/login/totp/", {"token": totp_code(device, 1)})
    assert resp.status_code == 302 and resp["Location"] == "/evaluations/" and logged_in(c)
    assert c.cookies["sessionid"].value != pending_id
    assert AuditEntry.objects.filter(action="login", username="pingjia", detail="已验证动态口令").exists()

    # Turning it off needs the password.
    post(c, "/account/2fa/", {"action": "disable", "password": "wrong"}, page="/account/")
    assert TOTPDevice.objects.filter(user__username="pingjia").exists()
    post(c, "/account/2fa/", {"action": "disable", "password": PASSWORD}, page="/account/")
    assert not TOTPDevice.objects.filter(user__username="pingjia").exists() and "2fa_disabled" in actions("pingjia")


def test_guessing_the_totp_is_throttled_like_passwords(demo, settings):
    add_device("pingjia")
    c, _ = form_login("pingjia")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert post(c, "/login/totp/", {"token": "000000"}, page="/login/totp/").status_code in (401, 200)
    resp = c.post("/login/totp/", {"csrfmiddlewaretoken": csrf_token(c, "/login/totp/"), "token": "000000"})
    assert resp.status_code == 429 and "登录失败次数过多" in text(resp)
    assert not logged_in(c)


def test_the_totp_step_expires_and_cannot_be_skipped(demo, monkeypatch):
    from jixiao.web import accounts

    add_device("pingjia")
    c = Client(enforce_csrf_checks=True)
    resp = c.get("/login/totp/")  # no password given
    assert resp.status_code == 302 and resp["Location"] == "/login/"
    c, _ = form_login("pingjia")
    real = time.time
    monkeypatch.setattr(accounts.time, "time", lambda: real() + accounts.PENDING_SECONDS + 1)
    resp = c.get("/login/totp/")
    assert resp.status_code == 302 and resp["Location"] == "/login/"
    assert "登录已超时" in text(c.get("/login/"))


def test_bureau_administrators_must_use_totp_when_required(demo, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_2FA = True
    # A session from before the rule (or any login that skipped the step) is ended.
    before = demo.client("caizheng")
    resp = before.get("/evaluations/")
    assert resp.status_code == 302 and AuditEntry.objects.filter(action="logout_2fa", username="caizheng").exists()
    # The login sets the authenticator up: the secret and the otpauth:// URI, then a code.
    c, resp = form_login("caizheng")
    assert resp["Location"] == "/login/totp/"
    page = text(c.get("/login/totp/"))
    assert "设置双因素认证" in page and "otpauth://totp/" in page
    device = TOTPDevice.objects.get(user__username="caizheng", confirmed=False)
    resp = post(c, "/login/totp/", {"token": totp_code(device)})
    assert resp.status_code == 302 and logged_in(c)
    assert "2fa_enabled" in actions("caizheng")
    # It cannot be turned off, and others (not administrators) may still log in with the password alone.
    post(c, "/account/2fa/", {"action": "disable", "password": PASSWORD}, page="/account/")
    assert TOTPDevice.objects.filter(user__username="caizheng", confirmed=True).exists()
    assert form_login("pingjia")[1]["Location"] == "/evaluations/"


# -- 用户管理 ------------------------------------------------------------------------------


def test_bureau_administrator_creates_a_user_who_must_change_the_temporary_password(demo):
    admin, _ = form_login("caizheng")
    firm = demo.reference.firm
    page = text(admin.get("/people/"))
    assert "用户管理" in page and "pingjia" in page and "other_admin" not in page
    data = {"organisation": str(firm.pk), "role": "reviewer", "username": "zhikong2", "display_name": "李质控",
            "password": "Temp#2024abc", "password2": "Temp#2024abc"}
    # Wrong role for a firm, a weak password, a name taken: each refused with a message, nothing created.
    resp = post(admin, "/people/", {**data, "role": "entity"})
    assert resp.status_code == 400 and "评价机构“新疆华阳有限责任会计师事务所”的用户只能是评价人员、质控人员" in text(resp)
    resp = post(admin, "/people/", {**data, "password": "abc", "password2": "abc"})
    assert resp.status_code == 400 and "临时密码：密码太短" in text(resp)
    resp = post(admin, "/people/", {**data, "username": "PingJia"})
    assert resp.status_code == 400 and "已被使用" in text(resp)
    resp = post(admin, "/people/", {**data, "username": "x" * 10_000})
    assert resp.status_code == 400 and "最多 150 个字符" in text(resp)
    assert not get_user_model().objects.filter(username__startswith="zhikong2").exists()

    resp = post(admin, "/people/", data)
    assert resp.status_code == 302
    p = Profile.objects.get(user__username="zhikong2")
    assert p.organisation == firm and p.role == "reviewer" and p.display_name == "李质控"
    assert "user_created" in actions("caizheng")
    # The new user is sent to change the temporary password first.
    c, resp = form_login("zhikong2", "Temp#2024abc")
    assert resp["Location"] == "/account/password/"
    assert "临时密码" in text(c.get("/account/password/"))
    resp = post(c, "/account/password/", {"old_password": "Temp#2024abc", "new_password": STRONG, "new_password2": STRONG})
    assert resp.status_code == 302 and logged_in(c)

    # A new department working with the bureau.
    resp = post(admin, "/people/organisations/", {"name": "高新区（新市区）卫生健康委员会", "kind": "department"}, page="/people/")
    assert resp.status_code == 302
    org = Organisation.objects.get(name="高新区（新市区）卫生健康委员会")
    assert org.bureau == firm.bureau and org.kind == "department"


def test_administrator_disables_resets_and_changes_roles(demo):
    admin, _ = form_login("caizheng")
    victim, _ = form_login("pingjia_b")
    uid = get_user_model().objects.get(username="pingjia_b").pk
    url = f"/people/{uid}/"
    resp = post(admin, url, {"action": "save", "display_name": "评价人员乙", "role": "reviewer", "is_active": "1"})
    assert resp.status_code == 302
    assert Profile.objects.get(user_id=uid).role == "reviewer"
    # A temporary password: the user's session ends, the next login must change it.
    resp = post(admin, url, {"action": "password", "password": "Reset#2024xyz", "password2": "Reset#2024xyz"})
    assert resp.status_code == 302 and not logged_in(victim)
    victim, resp = form_login("pingjia_b", "Reset#2024xyz")
    assert resp["Location"] == "/account/password/"
    # Disabled: the session ends and the login is refused.
    resp = post(admin, url, {"action": "save", "display_name": "评价人员乙", "role": "reviewer", "is_active": "0"})
    assert resp.status_code == 302 and not logged_in(victim)
    assert form_login("pingjia_b", "Reset#2024xyz")[1].status_code == 401
    assert {"user_updated", "password_reset", "user_disabled"} <= set(actions("caizheng"))
    # Not oneself.
    me = get_user_model().objects.get(username="caizheng").pk
    resp = post(admin, f"/people/{me}/", {"action": "save", "display_name": "", "role": "admin", "is_active": "0"})
    assert resp.status_code == 400 and "不能停用自己的账户" in text(resp)
    resp = post(admin, f"/people/{me}/", {"action": "save", "display_name": "", "role": "auditor", "is_active": "1"})
    assert resp.status_code == 400 and "不能更改自己的角色" in text(resp)
    assert Profile.objects.get(user_id=me).role == "admin"


def test_no_one_reaches_the_people_of_another_bureau(demo):
    other, _ = form_login("other_admin")
    pingjia = get_user_model().objects.get(username="pingjia")
    assert "pingjia" not in text(other.get("/people/"))
    assert other.get(f"/people/{pingjia.pk}/").status_code == 404
    token = csrf_token(other, "/people/")
    for data in ({"action": "save", "display_name": "x", "role": "evaluator", "is_active": "0"},
                 {"action": "password", "password": "Taken#2024over", "password2": "Taken#2024over"},
                 {"action": "reset_2fa"}):
        assert other.post(f"/people/{pingjia.pk}/", {"csrfmiddlewaretoken": token, **data}).status_code == 404
    assert other.get("/people/99999999999999999999/").status_code == 404
    # Nor a user made in a firm of another bureau.
    resp = other.post("/people/", {"csrfmiddlewaretoken": token, "organisation": str(demo.reference.firm_id),
                                   "role": "evaluator", "username": "mole", "password": "Mole#2024abcd",
                                   "password2": "Mole#2024abcd"})
    assert resp.status_code == 404 and not get_user_model().objects.filter(username="mole").exists()
    pingjia.refresh_from_db()
    assert pingjia.is_active and form_login("pingjia")[1].status_code == 302
    assert AuditEntry.objects.filter(action="denied", username="other_admin").count() >= 5
    # Not an administrator: no 用户管理 at all.
    c, _ = form_login("pingjia")
    assert c.get("/people/").status_code == 404 and c.get(f"/people/{pingjia.pk}/").status_code == 404
    # And a plain post without the CSRF token is refused.
    assert Client(enforce_csrf_checks=True).post("/people/", {}).status_code in (302, 403)


def test_every_security_audit_is_audited_with_a_chinese_name(demo):
    c, _ = form_login("pingjia")
    form_login("pingjia", "wrong")
    post(c, "/account/password/", {"old_password": PASSWORD, "new_password": STRONG, "new_password2": STRONG},
         page="/account/")
    post(c, "/account/2fa/", {"action": "start"}, page="/account/")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="pingjia")
    post(c, "/account/2fa/", {"action": "confirm", "token": totp_code(device)}, page="/account/")
    post(c, "/logout/", {}, page="/evaluations/")
    assert {"login", "login_failed", "password_changed", "2fa_enabled", "logout"} <= set(actions("pingjia"))
    assert [AUDIT_ACTIONS[a] for a in ("password_changed", "2fa_enabled", "logout_expired", "user_disabled")] == [
        "修改密码", "启用双因素认证", "会话到期退出", "停用用户"]
    used = set(AuditEntry.objects.values_list("action", flat=True))
    assert used <= set(AUDIT_ACTIONS), used - set(AUDIT_ACTIONS)


# -- in a browser ------------------------------------------------------------------------

from test_web_browser import CHROMIUM, browser, log_in, site  # noqa: E402,F401

needs_chromium = pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="未安装 chromium")


@needs_chromium
def test_browser_login_with_totp(site, browser):
    base, demo = site
    device = add_device("pingjia")
    page = browser.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", "pingjia")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/login/totp/")
    assert "输入动态口令" in page.text_content("h1")
    page.fill("#id_token", "000000" if totp_code(device) != "000000" else "111111")
    page.click("button[type=submit]")
    assert "动态口令错误" in page.text_content(".messages")
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    page.fill("#id_token", totp_code(device))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/evaluations/")
    assert "pingjia" in page.text_content(".who")
    page.close()


@needs_chromium
def test_browser_change_password_on_the_account_page(site, browser):
    base, demo = site
    page = browser.new_page()
    log_in(page, base, "zhikong")
    page.click("text=账户")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password", "abc")
    page.fill("#id_new_password2", "abc")
    page.click("form.password-form button[type=submit]")
    page.wait_for_selector("text=密码太短")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password", STRONG)
    page.fill("#id_new_password2", STRONG)
    page.click("form.password-form button[type=submit]")
    page.wait_for_selector("text=密码已修改")
    page.click("header form button[type=submit]")  # 退出
    page.wait_for_url(f"{base}/login/")
    page.fill("#id_username", "zhikong")
    page.fill("#id_password", STRONG)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/evaluations/")
    page.close()
