"""Django settings for the web workspace.

Everything that varies between machines comes from the environment, so the same
module serves `jixiao serve`, the tests and a deployment:
JIXIAO_DATA (data directory, default ./data), DATABASE_URL (postgres://… switches
from the embedded SQLite), JIXIAO_UPLOAD_MAX_MB (default 20), JIXIAO_IDLE_MINUTES
(default 30), JIXIAO_MAX_IMAGE_PIXELS (default 40 000 000), JIXIAO_HTTPS=1 behind
a TLS proxy; JIXIAO_PASSWORD_POLICY (dengbao or asvs, see passwords.py), JIXIAO_SESSION_HOURS
(absolute session lifetime, default 12), JIXIAO_REQUIRE_2FA=1 (bureau administrators log in
with a 动态口令).
"""

from __future__ import annotations

import os
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from ..envsettings import SettingError, env_choice, env_int, typed, whole_number
from ..excel.safety import Limits
from ..io.yaml_tree import max_yaml_bytes
from .convert import admission_limits, worker_nice
from .passwords import ASVS, DENGBAO, max_age_days, validators_for


class BadSetting(SettingError, ImproperlyConfigured):
    """A wrong setting: jixiao's commands print it in Chinese (SettingError), a WSGI server or
    `django-admin` sees Django's ImproperlyConfigured with the same one-line message."""


def _read(read, *args, **kwargs):
    try:
        return read(*args, **kwargs)
    except SettingError as exc:
        raise BadSetting(exc.message) from None


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("JIXIAO_DATA", "data")).resolve()
FILES_DIR = DATA_DIR / "files"


def _secret_key() -> str:
    """A key per data directory, created once; never a constant in the source."""
    if os.environ.get("JIXIAO_SECRET_KEY"):
        return os.environ["JIXIAO_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


def _database(url: str | None) -> dict:
    if url:
        u = urlparse(url)
        if u.scheme in ("postgres", "postgresql"):
            return {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": unquote(u.path.lstrip("/")),
                "USER": unquote(u.username or ""),
                "PASSWORD": unquote(u.password or ""),
                "HOST": u.hostname or "",
                "PORT": str(_db_port(u, url)),
                "CONN_MAX_AGE": 60,
            }
        if u.scheme == "sqlite" and u.path.strip("/"):
            return _sqlite(Path(unquote(u.path)))
        raise BadSetting("环境变量 DATABASE_URL 应为 postgres://用户:密码@主机:端口/库名 或 sqlite:///文件路径，"
                         f"现为“{typed(_masked(url))}”")
    return _sqlite(DATA_DIR / "jixiao.sqlite3")


def _db_port(u, url: str) -> int | str:
    try:
        return u.port or ""
    except ValueError:  # not a number, or past 65535
        raise BadSetting(f"环境变量 DATABASE_URL 的端口应为 1 至 65535 的整数，现为“{typed(_masked(url))}”") from None


def _time_zone(name: str, default: str) -> str:
    """A time zone Django will find (it would stop later, in English, at one it cannot)."""
    raw = os.environ.get(name, "")
    text = raw.strip() or default
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise BadSetting(f"环境变量 {name} 应为时区名（如 Asia/Shanghai），现为“{typed(raw)}”") from None
    return text


def _masked(url: str) -> str:
    """The URL with its password hidden: the message goes to a terminal or a log."""
    head, at, tail = url.rpartition("@")
    scheme, sep, rest = head.partition("://")
    user, colon, _ = rest.partition(":")
    return f"{scheme}{sep}{user}{colon}{'***' if colon else ''}{at}{tail}" if at and sep else url


def _sqlite(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # IMMEDIATE: a writer takes the lock when its transaction starts, so two
        # saves queue instead of failing half-way with "database is locked".
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        # A file, not memory: the browser tests serve it from another thread.
        "TEST": {"NAME": str(path.with_name("test_" + path.name))},
        # Keep a thread's connection between requests: opening one runs the pragmas again.
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("JIXIAO_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "jixiao.web.apps.WebConfig",
    # The cycle's other stages, one app each (web/stages.py).
    "jixiao.web.declarations.apps.DeclarationsConfig",
    "jixiao.web.monitoring.apps.MonitoringConfig",
    "jixiao.web.rectification.apps.RectificationConfig",
    "jixiao.web.results.apps.ResultsConfig",
]

# Reports (and other long work) run outside the request: queued in the database and run
# by `jixiao worker` (which `jixiao serve` starts), at most JIXIAO_REPORT_WORKERS at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "review"]}}
REPORT_WORKERS = _read(env_int, "JIXIAO_REPORT_WORKERS", max(1, (os.cpu_count() or 1) // 2), minimum=1, unit="项")
# 自评表 reviews run on a queue of their own, beside the reports, never taking their places.
REVIEW_WORKERS = _read(env_int, "JIXIAO_REVIEW_WORKERS", max(1, (os.cpu_count() or 1) // 2), minimum=1, unit="项")
# Finished jobs (and their files) older than this many days are purged by the worker (job_retention.py).
JOB_KEEP_DAYS = _read(env_int, "JIXIAO_JOB_KEEP_DAYS", 30, minimum=1, unit="天")

MIDDLEWARE = [
    # Outermost: every log line, response (X-Request-ID) and error page names its request.
    "jixiao.web.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CSP, no-store and the other headers, on every response (error pages too).
    "jixiao.web.headers.SecurityHeadersMiddleware",
    # Outside the session and CSRF middleware, so it sees the cookies they set.
    "jixiao.web.middleware.SecureCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the body is read (the CSRF check reads the form just before the view): a body over
    # the limit is refused unread, upload names and sizes are checked as the form is parsed.
    # After the user is known, for the audit log and the page's navigation.
    "jixiao.web.middleware.UploadMiddleware",
    "jixiao.web.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.context.workspace",
            ],
        },
    }
]
WSGI_APPLICATION = "jixiao.web.wsgi.application"

DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = _time_zone("JIXIAO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_DIR = PACKAGE_DIR / "static"
STATIC_ROOT = STATIC_DIR  # served from the package as is; no collectstatic step

# Django's user backend; only the per-request user lookup is made cheaper.
AUTHENTICATION_BACKENDS = ["jixiao.web.rows.Backend"]

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

# Sessions are read from a file cache and written through to the database, so a
# page view costs no session query while logouts and restarts still behave. A file
# cache, not memory: `jixiao serve` runs several processes, and a logout in one
# must end the session in all of them.
SESSION_ENGINE = "jixiao.web.sessions"  # cached_db, with the time of every request kept in the cache
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

# Security defaults.
IDLE_TIMEOUT_SECONDS = _read(env_int, "JIXIAO_IDLE_MINUTES", 30, minimum=1, unit="分钟") * 60
# However active, a session ends this long after the login (the middleware logs it out, audited).
SESSION_LIFETIME_SECONDS = _read(env_int, "JIXIAO_SESSION_HOURS", 12, minimum=1, unit="小时") * 3600
# The idle timeout is the middleware's (from the last request, exactly): the cookie lasts the whole lifetime.
SESSION_COOKIE_AGE = SESSION_LIFETIME_SECONDS
PASSWORD_POLICY = _read(env_choice, "JIXIAO_PASSWORD_POLICY", DENGBAO,
                        {DENGBAO: "等保 2.0", ASVS: "OWASP ASVS"})
AUTH_PASSWORD_VALIDATORS = validators_for(PASSWORD_POLICY)
PASSWORD_MAX_AGE_DAYS = max_age_days(PASSWORD_POLICY)
REQUIRE_2FA = os.environ.get("JIXIAO_REQUIRE_2FA") == "1"  # for bureau administrators
OTP_TOTP_ISSUER = "jixiao 绩效评价"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = os.environ.get("JIXIAO_HTTPS") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    # __Host-: a browser keeps these only when Secure, for Path=/ and without Domain,
    # so no other site on a sibling domain can set or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "jixiao.web.errors.csrf_failure"  # in Chinese, saying what to do
X_FRAME_OPTIONS = "DENY"
LOGIN_FAILURE_LIMIT = _read(env_int, "JIXIAO_LOGIN_FAILURES", 5, minimum=1, unit="次")
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60

# Notifications by e-mail (notify.py): sent from JIXIAO_EMAIL_FROM where it is set, through SMTP at
# JIXIAO_SMTP_HOST (host or host:port); without it notifications stay in the workspace.
NOTIFY_EMAIL_FROM = os.environ.get("JIXIAO_EMAIL_FROM", "").strip()
if os.environ.get("JIXIAO_SMTP_HOST"):
    EMAIL_HOST, _, _port = os.environ["JIXIAO_SMTP_HOST"].partition(":")
    EMAIL_PORT = whole_number(_port) if _port.strip() else 25
    if EMAIL_PORT is None or not 1 <= EMAIL_PORT <= 65535:
        raise BadSetting(f"环境变量 JIXIAO_SMTP_HOST 应为“主机”或“主机:端口”（端口为 1 至 65535 的整数），"
                         f"现为“{typed(os.environ['JIXIAO_SMTP_HOST'])}”")
UPLOAD_MAX_BYTES = _read(env_int, "JIXIAO_UPLOAD_MAX_MB", 20, minimum=1, unit="兆字节") * 1024 * 1024
MAX_IMAGE_PIXELS = _read(env_int, "JIXIAO_MAX_IMAGE_PIXELS", 40_000_000, minimum=1, unit="像素")
# Read when a file comes in; read here too, so that a wrong value stops the server at start.
_read(Limits.from_env)
_read(max_yaml_bytes)
_read(worker_nice)  # these two are read by each report conversion, in a process of its own
_read(admission_limits)
# Django's own caps sit just above ours, so our view gives the Chinese message.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Each line names its request ([request id], as on the error page); a traceback follows its line.
    "filters": {"request_id": {"()": "jixiao.web.logging.RequestIdFilter"}},
    "formatters": {"server": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "server"}},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "WARNING"},
        # Refused hostile input (workbooks that are bombs, macros, …): one line each.
        "jixiao.security": {"handlers": ["console"], "level": "WARNING"},
        # With DEBUG off Django prints no traceback anywhere; the 500 page says it was logged.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
