"""The ``faqbot`` command: called as ``main(argv)`` and run as the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.cli.main import EXIT_BROKEN, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, main, shorten, terminal_lang, wrap
from app.ops.settings import PROJECT_ROOT

EN_DISCLAIMER_START = "This information is not a substitute for medical advice"
ZH_DISCLAIMER_START = "此信息不能替代医疗建议或治疗"
HANT_DISCLAIMER_START = "此資訊不能替代醫療建議或治療"


@pytest.fixture(autouse=True)
def plain_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose the language; the developer's terminal locale must not."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def faqbot_script() -> str:
    found = shutil.which("faqbot") or str(Path(sys.executable).parent / "faqbot")
    assert Path(found).exists(), "faqbot is not installed: pip install -e '.[test]'"
    return found


def run_script(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    environment.update({"PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8", **env})
    return subprocess.run(
        [faqbot_script(), *argv], capture_output=True, text=True, encoding="utf-8", env=environment, timeout=60,
        cwd=PROJECT_ROOT,
    )


# -- search ----------------------------------------------------------------------------------------------------
def test_search_prints_ranked_entries_with_the_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "search", "dose", "--lang", "en")
    assert code == EXIT_OK
    assert out.splitlines()[0].startswith(" 1. What dose of IVIG")
    assert "ivig-dose · Score 0." in out and "3 g/kg" in out
    assert "Disclaimer:" in out and EN_DISCLAIMER_START in out


def test_search_json_is_the_apis_json(capsys: pytest.CaptureFixture[str], client: TestClient) -> None:
    for words, lang in [("副作用", "zh"), ("platelet", "en"), ("lupus", "en")]:
        code, out, _ = run_main(capsys, "search", words, "--lang", lang, "--limit", "3", "--json")
        api = client.get("/api/v1/search", params={"q": words, "lang": lang, "limit": 3}).json()
        assert json.loads(out) == api
        assert code == (EXIT_OK if api["results"] else EXIT_NOT_FOUND)
    assert json.loads(run_main(capsys, "search", "副作用", "--lang", "zh", "--json")[1])["results"][0]["id"] == "ivig-side-effects"


def test_search_that_finds_nothing_says_so_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "search", "weather today", "--lang", "en")
    assert code == EXIT_NOT_FOUND
    assert "No entry matches these words" in out and EN_DISCLAIMER_START in out


def test_search_rejects_a_bad_limit_or_an_empty_query(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "search", "dose", "--limit", "26")
    assert code == EXIT_USAGE and "between 1 and 25" in err
    code, _, err = run_main(capsys, "search", "   ", "--lang", "zh")
    assert code == EXIT_USAGE and "请输入" in err


# -- ask -------------------------------------------------------------------------------------------------------
def test_ask_prints_the_answer_with_its_question_as_heading_sources_and_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "ask", "What are the side effects of IVIG?")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0] == "What are the side effects of IVIG and how is it monitored?"
    assert set(lines[1]) == {"="} and len(lines[1]) == len(lines[0])
    assert "headache" in out and "Sources:" in out and "https://" in out
    assert "Disclaimer:" in out and EN_DISCLAIMER_START in out


def test_ask_json_is_the_apis_reply(capsys: pytest.CaptureFixture[str], client: TestClient) -> None:
    for question, lang in [("IVIG 的副作用有哪些", None), ("How rare is TEN?", "zh"), ("hello", "en")]:
        argv = ["ask", question, "--json"] + (["--lang", lang] if lang else [])
        code, out, _ = run_main(capsys, *argv)
        api = client.post("/api/v1/ask", json={"question": question, "lang": lang}).json()
        api.pop("reply_id")  # the API's reply ids refer to its feedback store; the CLI keeps no records
        assert json.loads(out) == api
        assert code == EXIT_OK


def test_ask_in_chinese_answers_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "ask", "TEN 有多罕见？")
    assert code == EXIT_OK
    assert "1.9" in out and "免责声明：" in out and ZH_DISCLAIMER_START in out


def test_ask_out_of_scope_is_no_match_with_the_phone_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "ask", "What are your opening hours on Sunday?", "--lang", "en")
    assert code == EXIT_NOT_FOUND
    assert "(877) 778-0318" in out and EN_DISCLAIMER_START in out


@pytest.mark.parametrize("question", ["", "   ", "x" * 501, "dose\x00"])
def test_ask_rejects_an_invalid_question_with_exit_2(capsys: pytest.CaptureFixture[str], question: str) -> None:
    code, out, err = run_main(capsys, "ask", question, "--lang", "en")
    assert code == EXIT_USAGE and out == "" and err.startswith("faqbot: ")


@pytest.mark.parametrize(("question", "lang"), [("", "en"), ("", "zh"), ("   ", None), ("\u0085", "zh"), ("x" * 501, "en"),
                                                ("dose\x00", "zh")])
def test_ask_json_rejects_an_invalid_question_with_the_apis_json_error(
    capsys: pytest.CaptureFixture[str], client: TestClient, question: str, lang: str | None
) -> None:
    """Field report: `faqbot ask "" --json` printed a plain-text error. With --json every outcome is the API's JSON."""
    code, out, err = run_main(capsys, "ask", question, "--json", *(["--lang", lang] if lang else []))
    api = client.post("/api/v1/ask", json={"question": question, "lang": lang})
    assert code == EXIT_USAGE and err.startswith("faqbot: ")
    assert api.status_code == 422 and json.loads(out) == api.json()


def test_search_json_rejects_blank_words_with_the_apis_json_error(capsys: pytest.CaptureFixture[str], client: TestClient) -> None:
    code, out, _ = run_main(capsys, "search", " ", "--json", "--lang", "zh")
    assert code == EXIT_USAGE
    assert json.loads(out) == client.get("/api/v1/search", params={"q": " ", "lang": "zh"}).json()


@pytest.mark.parametrize(("argv", "code"), [
    (["ask", "dose", "--lang", "fr", "--json"], "invalid_lang"),
    (["search", "dose", "--limit", "0", "--json"], "invalid_limit"),
    (["ask", "--json"], "invalid_request"),
])
def test_json_usage_errors_are_json_with_the_disclaimer(capsys: pytest.CaptureFixture[str], argv: list[str], code: str) -> None:
    exit_code, out, err = run_main(capsys, *argv)
    body = json.loads(out)
    assert exit_code == EXIT_USAGE and "usage: faqbot" in err
    assert body["error"]["status"] == 422 and body["error"]["code"] == code
    assert body["lang"] == "en" and body["disclaimer"].startswith(EN_DISCLAIMER_START)


def test_json_when_the_service_cannot_start_is_json_with_the_disclaimer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FAQBOT_CONTENT_DIR", str(tmp_path / "missing"))
    code, out, err = run_main(capsys, "ask", "dose", "--json")
    body = json.loads(out)
    assert code == EXIT_BROKEN and "FAQBOT_CONTENT_DIR" in err
    assert body["error"]["code"] == "service_unavailable" and body["disclaimer"].startswith(EN_DISCLAIMER_START)


def test_search_follows_the_words_script_without_lang_or_locale(capsys: pytest.CaptureFixture[str]) -> None:
    """As `ask` does: Chinese words, no --lang and no terminal locale -> Chinese."""
    assert json.loads(run_main(capsys, "search", "副作用", "--json")[1])["lang"] == "zh"
    assert json.loads(run_main(capsys, "search", "side effects", "--json")[1])["lang"] == "en"
    code, out, _ = run_main(capsys, "search", "丙球 剂量")
    assert code == EXIT_OK and ZH_DISCLAIMER_START in out


def test_terminal_locale_chooses_the_language(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert json.loads(run_main(capsys, "search", "dose", "--json")[1])["lang"] == "zh"
    assert json.loads(run_main(capsys, "search", "dose", "--json", "--lang", "en")[1])["lang"] == "en"
    assert terminal_lang({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) is None  # LC_ALL decides, as in gettext
    assert terminal_lang({"LANGUAGE": "zh_TW:en"}) == "zh-Hant"  # Taiwan's locale reads Traditional characters
    assert terminal_lang({"LANG": "zh_HK.UTF-8"}) == "zh-Hant" and terminal_lang({"LANG": "zh_SG.UTF-8"}) == "zh"


# -- show and list ---------------------------------------------------------------------------------------------
def test_show_prints_one_entry_in_chinese_with_sources_related_and_disclaimer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "show", "ivig-dose", "--lang", "zh")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert "剂量" in lines[0] and set(lines[1]) == {"="}
    assert lines[2].startswith("ivig-dose · ")
    assert "3 g/kg" in out and "参考文献：" in out and "https://" in out and "相关问题：" in out
    assert ZH_DISCLAIMER_START in out


def test_show_json_is_the_apis_entry(capsys: pytest.CaptureFixture[str], client: TestClient) -> None:
    code, out, _ = run_main(capsys, "show", "ten-vs-sjs", "--lang", "en", "--json")
    assert code == EXIT_OK
    assert json.loads(out) == client.get("/api/v1/entries/ten-vs-sjs", params={"lang": "en"}).json()


def test_show_unknown_id_says_so_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "show", "no-such-entry", "--lang", "en")
    assert code == EXIT_NOT_FOUND and out == ""
    assert "no FAQ entry with the id “no-such-entry”" in err and "faqbot list" in err
    code, out, _ = run_main(capsys, "show", "no-such-entry", "--lang", "zh", "--json")
    body = json.loads(out)
    assert code == EXIT_NOT_FOUND and body["error"]["status"] == 404 and body["disclaimer"].startswith(ZH_DISCLAIMER_START)


def test_list_prints_every_entry_by_section(capsys: pytest.CaptureFixture[str], client: TestClient) -> None:
    code, out, _ = run_main(capsys, "list", "--lang", "en")
    assert code == EXIT_OK
    api = client.get("/api/v1/entries", params={"lang": "en"}).json()
    for entry in api["entries"]:
        assert f"  {entry['id']} " in out
    for section in api["sections"]:
        assert section in out
    assert EN_DISCLAIMER_START in out
    code, out, _ = run_main(capsys, "list", "--lang", "zh", "--json")
    assert json.loads(out) == client.get("/api/v1/entries", params={"lang": "zh"}).json()


# -- check -----------------------------------------------------------------------------------------------------
def test_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "check")
    assert code == EXIT_OK and "faqbot check: ok" in out


def test_check_names_a_broken_entry_and_a_fuzzy_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    content = tmp_path / "faq"
    shutil.copytree(PROJECT_ROOT / "faq", content)
    section = sorted((content / "sections").glob("*.yaml"))[0]
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("  - id: ", "  - id: Bad Id ", 1), encoding="utf-8")
    locales = tmp_path / "locales"
    shutil.copytree(PROJECT_ROOT / "locales", locales)
    catalog = locales / "zh_CN" / "LC_MESSAGES" / "messages.po"
    po = catalog.read_text(encoding="utf-8")
    first = po.index('\nmsgid "', po.index('msgid ""') + 5)  # the first real message
    catalog.write_text(po[:first] + "\n#, fuzzy" + po[first:], encoding="utf-8")
    monkeypatch.setenv("FAQBOT_CONTENT_DIR", str(content))
    monkeypatch.setenv("FAQBOT_LOCALES_DIR", str(locales))

    code, out, err = run_main(capsys, "check")
    assert code == EXIT_NOT_FOUND
    lines = out.splitlines()
    assert any(section.name in line and "entries[0].id" in line for line in lines), out
    assert any("messages.po:" in line and "fuzzy" in line for line in lines), out
    assert "problem" in err


def test_a_broken_content_folder_stops_ask_with_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FAQBOT_CONTENT_DIR", str(tmp_path / "missing"))
    code, _, err = run_main(capsys, "ask", "dose")
    assert code == EXIT_BROKEN and "FAQBOT_CONTENT_DIR" in err


# -- terminal formatting ---------------------------------------------------------------------------------------
def test_wrapping_keeps_lines_within_the_width_in_both_scripts() -> None:
    english = "IVIG may be given as daily infusions for 3 to 5 days, depending on how severe the condition is. " * 3
    chinese = "静脉注射免疫球蛋白（IVIG）最好在确诊后 24 小时内尽早开始，通常每天输注一次，持续 3 至 5 天。" * 3
    assert all(len(line) <= 40 for line in wrap(english, 40))
    lines = wrap(chinese, 40)
    assert len(lines) > 3
    assert all(sum(2 if "\u4e00" <= ch <= "\u9fff" or ch in "（），。" else 1 for ch in line) <= 42 for line in lines)
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert "".join(lines).replace(" ", "") == chinese.replace(" ", "")
    assert shorten("IVIG is given daily for 3 to 5 days.", 20) == "IVIG is given daily…"


# -- the installed console script ------------------------------------------------------------------------------
def test_console_script_help_lists_commands_and_exit_codes() -> None:
    result = run_script("--help")
    assert result.returncode == 0
    for command in ("ask", "search", "show", "list", "serve", "check"):
        assert command in result.stdout
    assert "exit codes:" in result.stdout
    for command in ("ask", "search", "show", "list", "serve", "check"):
        sub = run_script(command, "--help")
        assert sub.returncode == 0 and "exit codes:" in sub.stdout and f"faqbot {command}" in sub.stdout


def test_console_script_search_json_in_chinese() -> None:
    result = run_script("search", "副作用", "--lang", "zh", "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["results"][0]["id"] == "ivig-side-effects" and body["disclaimer"].startswith(ZH_DISCLAIMER_START)


def test_console_script_speaks_traditional_with_lang_zh_hant() -> None:
    result = run_script("ask", "IVIG 有什么副作用？", "--lang", "zh-Hant")  # a Simplified question, a Traditional reply
    assert result.returncode == 0, result.stderr
    assert "頭痛" in result.stdout and "头痛" not in result.stdout
    assert "免責聲明：" in result.stdout and HANT_DISCLAIMER_START in result.stdout.replace("\n", "")
    body = json.loads(run_script("show", "ivig-dose", "--lang", "zh-Hant", "--json").stdout)
    assert body["lang"] == "zh-Hant" and "3 g/kg" in body["entry"]["answer"] and body["disclaimer"].startswith(HANT_DISCLAIMER_START)
    assert "zh-Hant" in run_script("ask", "--help").stdout
    assert run_script("list", "--lang", "zh-TW").returncode == EXIT_USAGE  # the language codes of the API only


def test_console_script_traditional_question_or_taiwan_locale_gets_traditional() -> None:
    body = json.loads(run_script("ask", "靜脈注射免疫球蛋白的副作用是什麼", "--json").stdout)  # LANG=C.UTF-8: the script
    assert body["lang"] == "zh-Hant" and body["entry"]["id"] == "ivig-side-effects"
    body = json.loads(run_script("search", "dose", "--json", LANG="zh_TW.UTF-8").stdout)
    assert body["lang"] == "zh-Hant" and body["disclaimer"].startswith(HANT_DISCLAIMER_START)
    body = json.loads(run_script("list", "--json", LANG="zh_HK.UTF-8").stdout)
    assert body["lang"] == "zh-Hant" and body["sections"][0].startswith("毒性表皮溶解症")


def test_console_script_exit_codes() -> None:
    assert run_script("show", "no-such-entry").returncode == EXIT_NOT_FOUND
    assert run_script("search", "dose", "--limit", "0").returncode == EXIT_USAGE
    assert run_script("nonsense").returncode == EXIT_USAGE
    checked = run_script("check")
    assert checked.returncode == EXIT_OK and "faqbot check: ok" in checked.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], str]]:
    port = _free_port()
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [faqbot_script(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment, cwd=PROJECT_ROOT,
    )
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        return json.loads(response.read().decode("utf-8"))


def test_console_script_serve_starts_the_service_and_stops_on_sigterm(served: tuple[subprocess.Popen[str], str]) -> None:
    process, base = served
    deadline = time.monotonic() + 30
    while True:
        try:
            body = _get_json(f"{base}/api/v1/search?q=dose&lang=en")
            break
        except OSError:
            assert process.poll() is None, "faqbot serve exited early"
            assert time.monotonic() < deadline, "faqbot serve did not answer within 30 s"
            time.sleep(0.2)
    assert body["results"][0]["id"] == "ivig-dose"
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal so the exit status says why it stopped
    assert process.wait(timeout=20) in (0, -signal.SIGTERM)


def test_console_script_reads_undecodable_bytes_in_a_question_without_a_traceback() -> None:
    """Review: bytes that are not UTF-8 on the command line become lone surrogates, which OpenCC cannot encode."""
    result = run_script("ask", "\udcff\udcfe丙球副作用")  # os.fsencode: the bytes FF FE, then UTF-8 Chinese
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "副作用" in result.stdout
