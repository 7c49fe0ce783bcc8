"""A wrong JIXIAO_* setting (or DATABASE_URL) stops `jixiao` at start with a Chinese message naming
the variable, the value as typed and what is expected, exit code 2, never a traceback; what
people type (full-width digits, spaces, thousands groups) is accepted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.envsettings import SettingError, env_int

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xinshi-hrss-2024.yaml"
SCRIPT = Path(sys.executable).with_name("jixiao")
JIXIAO = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "jixiao.cli"]


def clean_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("JIXIAO_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return {**env, "JIXIAO_DATA": str(tmp_path), **settings}


def jixiao(tmp_path: Path, args: list[str], **settings: str) -> subprocess.CompletedProcess:
    return subprocess.run([*JIXIAO, *args], env=clean_env(tmp_path, **settings), cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)


def assert_refused(done: subprocess.CompletedProcess, name: str, value: str, *expected: str) -> None:
    said = done.stdout + done.stderr
    assert "Traceback" not in said, said
    assert done.returncode == 2, said
    assert f"环境变量 {name} 应为" in done.stderr and f"现为“{value}”" in done.stderr, said
    for words in expected:
        assert words in done.stderr, said


# The settings Django reads: `jixiao jobs` loads them and exits at once.
@pytest.mark.parametrize("name, value, expected", [
    ("JIXIAO_UPLOAD_MAX_MB", "2O", "不小于 1 的整数（兆字节）"),  # a letter O for a zero
    ("JIXIAO_REVIEW_WORKERS", "two", "不小于 1 的整数"),
    ("JIXIAO_JOB_KEEP_DAYS", "三十", "不小于 1 的整数（天）"),
    ("JIXIAO_IDLE_MINUTES", "-5", "不小于 1 的整数（分钟）"),
    ("JIXIAO_SESSION_HOURS", "12.5", "不小于 1 的整数（小时）"),
    ("JIXIAO_LOGIN_FAILURES", "0", "不小于 1 的整数"),
    ("JIXIAO_MAX_IMAGE_PIXELS", "4千万", "（像素）"),
    # read by each report conversion, in a process of its own: refused at the start instead
    ("JIXIAO_WORKER_NICE", "low", "0 至 19 的整数（nice 值，或 idle）"),
    ("JIXIAO_REPORT_WAIT", "两分钟", "不小于 0 的数（秒）"),
    ("JIXIAO_REPORT_ADMIT", "-10", "不小于 0 的数（百分比）"),
])
def test_a_wrong_integer_stops_the_command_in_chinese(tmp_path, name, value, expected):
    assert_refused(jixiao(tmp_path, ["jobs"], **{name: value}), name, value, expected)


def test_the_report_worker_refuses_a_wrong_count(tmp_path):
    done = jixiao(tmp_path, ["worker", "--once"], JIXIAO_REPORT_WORKERS="四")
    assert_refused(done, "JIXIAO_REPORT_WORKERS", "四", "不小于 1 的整数")


def test_serve_refuses_a_wrong_process_count_before_it_starts(tmp_path):
    done = jixiao(tmp_path, ["serve", "--port", "8799"], JIXIAO_WORKERS="four")
    assert_refused(done, "JIXIAO_WORKERS", "four", "1 至 64 的整数")
    assert not (tmp_path / "jixiao.sqlite3").exists()  # refused before the database was made
    done = jixiao(tmp_path, ["serve", "--port", "8799"], JIXIAO_THREADS="１００")
    assert_refused(done, "JIXIAO_THREADS", "１００", "1 至 64 的整数")


@pytest.mark.parametrize("url, shown", [
    ("mysql://jixiao:s3cret@db.example/jixiao", "mysql://jixiao:***@db.example/jixiao"),
    ("postgress://jixiao@db.example/jixiao", "postgress://jixiao@db.example/jixiao"),  # a typo
    ("sqlite://", "sqlite://"),  # no file
])
def test_an_unsupported_database_url_is_refused_without_its_password(tmp_path, url, shown):
    done = jixiao(tmp_path, ["jobs"], DATABASE_URL=url)
    assert_refused(done, "DATABASE_URL", shown, "postgres://", "sqlite:///")
    assert "s3cret" not in done.stderr


def test_a_database_port_that_is_no_number_is_refused(tmp_path):
    done = jixiao(tmp_path, ["jobs"], DATABASE_URL="postgres://jixiao:pw@db.example:54x2/jixiao")
    said = done.stdout + done.stderr
    assert done.returncode == 2 and "Traceback" not in said, said
    assert "环境变量 DATABASE_URL 的端口应为 1 至 65535 的整数" in done.stderr and "54x2" in done.stderr, said


def test_a_wrong_smtp_port_and_password_policy_are_refused(tmp_path):
    done = jixiao(tmp_path, ["jobs"], JIXIAO_SMTP_HOST="mail.example:two5")
    said = done.stdout + done.stderr
    assert done.returncode == 2 and "Traceback" not in said, said
    assert "环境变量 JIXIAO_SMTP_HOST" in done.stderr and "“mail.example:two5”" in done.stderr, said
    done = jixiao(tmp_path, ["jobs"], JIXIAO_PASSWORD_POLICY="asv")  # once silently 等保
    assert_refused(done, "JIXIAO_PASSWORD_POLICY", "asv", "dengbao", "asvs")


def test_a_wrong_time_zone_is_refused(tmp_path):
    done = jixiao(tmp_path, ["jobs"], JIXIAO_TIME_ZONE="Beijing")  # once Django's traceback, in English
    assert_refused(done, "JIXIAO_TIME_ZONE", "Beijing", "时区名（如 Asia/Shanghai）")


# The limits read when a file comes in: the command line refuses them too, not only the server.
@pytest.mark.parametrize("command, name, value", [
    ("check", "JIXIAO_MAX_YAML_KB", "4O96"),
    ("check", "JIXIAO_UPLOAD_MAX_MB", "0"),  # the cap of a photo the evaluation names
    ("review", "JIXIAO_MAX_ROWS", "十万"),
    ("review", "JIXIAO_MAX_UNZIPPED_MB", "100MB"),
])
def test_a_wrong_limit_stops_a_check_or_review(tmp_path, command, name, value):
    args = ["check", str(EXAMPLE)] if command == "check" else ["review", str(tmp_path), "-o", "复核.xlsx"]
    assert_refused(jixiao(tmp_path, args, **{name: value}), name, value, "不小于 1 的整数")


PROBE = """
from django.core.exceptions import ImproperlyConfigured
try:
    import jixiao.web.settings
except ImproperlyConfigured as exc:
    print("ImproperlyConfigured", exc)
"""


def test_a_wsgi_server_sees_improperly_configured_with_the_message(tmp_path):
    env = clean_env(tmp_path, JIXIAO_IDLE_MINUTES="半小时", DJANGO_SETTINGS_MODULE="jixiao.web.settings")
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ImproperlyConfigured 环境变量 JIXIAO_IDLE_MINUTES 应为不小于 1 的整数（分钟），现为“半小时”", (
        done.stdout + done.stderr)


READ = """
import jixiao.web.settings as s
from jixiao.excel.safety import Limits
from jixiao.io.yaml_tree import max_yaml_bytes
from jixiao.parse import images
from jixiao.web.convert import admission_limits, worker_nice
limits = Limits.from_env()
print(worker_nice(), *admission_limits(), s.UPLOAD_MAX_BYTES // 2**20, s.MAX_IMAGE_PIXELS, s.IDLE_TIMEOUT_SECONDS // 60, s.JOB_KEEP_DAYS,
      limits.max_rows, max_yaml_bytes() // 1024, images.MAX_BYTES // 2**20, s.PASSWORD_POLICY)
"""


def test_what_people_type_is_accepted(tmp_path):
    env = clean_env(tmp_path, JIXIAO_UPLOAD_MAX_MB="１５", JIXIAO_MAX_IMAGE_PIXELS="40,000,000",
                    JIXIAO_IDLE_MINUTES=" 45 ", JIXIAO_JOB_KEEP_DAYS="９０", JIXIAO_MAX_ROWS="20 000",
                    JIXIAO_MAX_YAML_KB="8_192", JIXIAO_PASSWORD_POLICY=" ASVS ", JIXIAO_WORKER_NICE="１０",
                    JIXIAO_REPORT_WAIT="0.5", JIXIAO_REPORT_ADMIT="２５")
    done = subprocess.run([sys.executable, "-c", READ], env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["10", "25.0", "0.5", "15", "40000000", "45", "90", "20000", "8192", "15", "asvs"], done.stderr


def test_idle_is_the_default_nice_in_any_case(monkeypatch):
    from jixiao.web.convert import worker_nice

    for value in ("", " IDLE ", "idle"):
        monkeypatch.setenv("JIXIAO_WORKER_NICE", value)
        assert worker_nice() is None


def test_unset_or_blank_is_the_default(monkeypatch):
    monkeypatch.delenv("JIXIAO_X_TEST", raising=False)
    assert env_int("JIXIAO_X_TEST", 7, minimum=1) == 7
    monkeypatch.setenv("JIXIAO_X_TEST", "  ")
    assert env_int("JIXIAO_X_TEST", 7, minimum=1) == 7
    monkeypatch.setenv("JIXIAO_X_TEST", "1,5")  # not a thousands group: never read as 15
    with pytest.raises(SettingError, match="现为“1,5”"):
        env_int("JIXIAO_X_TEST", 7, minimum=1)
