"""Identifier removal: a canary set of identifiers in English and Chinese that must never reach the database.

Each canary question is sent with consent through the real API into a real database (SQLite and PostgreSQL);
then every value of every table is searched for each identifier, and for its digits alone (a phone number must
not survive with its separators changed). The medical words around them must survive: a redactor that stored
nothing would pass the first check and fail the second.
"""

from __future__ import annotations

import re
import time

import pytest
from databases import all_stored_text, database_url  # noqa: F401 - fixture
from fastapi.testclient import TestClient

from app.feedback.redaction import Redactor
from app.ops.settings import Settings
from app.web.application import create_app

__all__ = ["database_url"]

# (question, identifiers that must not be stored, words that must be kept)
CANARIES: list[tuple[str, list[str], list[str]]] = [
    ("My name is Eleanor Whitfield, can IVIG help my TEN? Email eleanor.whitfield@example.com",
     ["Eleanor", "Whitfield", "eleanor.whitfield@example.com"], ["IVIG", "TEN"]),
    ("Call me at (415) 555-0132 or +1 650 253 0000 about the IVIG dose", ["555-0132", "4155550132", "6502530000"], ["IVIG", "dose"]),
    ("My son Jasper was admitted on March 14th, 2024, is IVIG safe for him?", ["Jasper", "March 14th", "14th"], ["IVIG", "safe"]),
    ("Dr. Okonkwo said 2 g/kg over 5 days starting 2024-03-14", ["Okonkwo", "2024-03-14"], ["2 g/kg", "5 days"]),
    ("MRN A48213377 and SSN 078-05-1120: side effects of IVIG?", ["A48213377", "48213377", "078-05-1120", "078051120"], ["side effects"]),
    ("see https://patient-portal.example.org/records?id=99812 and www.example.net", ["patient-portal", "99812", "example.net"], ["see"]),
    ("I'm Priya Raman, born 07/22/1986, do I need IVIG?", ["Priya", "Raman", "07/22/1986", "07221986"], ["IVIG"]),
    ("我叫王建国，电话13912345678，丙球有什么副作用？", ["王建国", "13912345678"], ["丙球", "副作用"]),
    ("我女儿李思琪2024年3月14日住院，身份证号110105199003071234，能打丙球吗", ["李思琪", "2024年3月14日", "110105199003071234"], ["住院", "丙球"]),
    ("张医生说要打五天，我的邮箱是zhang.wei@example.cn，电话+86 138 0013 8000", ["张医生", "zhang.wei", "8613800138000", "13800138000"], ["打五天"]),
    ("陈美玲女士在协和医院，三月十四日开始治疗，电话 (852) 9123 4567", ["陈美玲", "协和医院", "三月十四日", "91234567"], ["治疗"]),
    ("病人护照E12345678，微信号见 www.example.com.cn，史蒂文斯-约翰逊综合征和TEN有什么区别", ["E12345678", "12345678", "example.com"], ["史蒂文斯-约翰逊综合征", "TEN"]),
]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("question, identifiers, kept", CANARIES)
def test_redactor_removes_each_canary_and_keeps_the_question(question: str, identifiers: list[str], kept: list[str]) -> None:
    redacted = Redactor(["史蒂文斯-约翰逊综合征", "TEN"]).redact(question)
    for identifier in identifiers:
        assert identifier not in redacted, redacted
        if len(_digits(identifier)) >= 5:
            assert _digits(identifier) not in _digits(redacted), redacted
    for word in kept:
        assert word in redacted, redacted


def test_no_canary_reaches_the_database(database_url: str) -> None:  # noqa: F811 - the fixture
    app = create_app(Settings(database_url=database_url, reply_flush_seconds=0.05, rate_limit="off"))
    with TestClient(app) as client:
        for question, _, _ in CANARIES:
            # The identifiers are in the question asked too; only the consented copy is ever stored.
            reply = client.post("/api/v1/ask", json={"question": question}).json()
            sent = client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": False,
                                                         "question": question, "consent": True})
            assert sent.status_code == 200 and sent.json()["question_kept"]
        time.sleep(0.2)
    stored = all_stored_text(database_url)
    # The digits of each stored value (an identifier written with other separators), never run together across
    # values: a confidence of 0.9981 beside a timestamp of 2026-12-01 would read as 99812...
    stored_digits = [_digits(value) for value in stored.split("\n")]
    assert stored.count("IVIG") >= 3 and "丙球" in stored  # the questions are there, without their identifiers
    for _, identifiers, _ in CANARIES:
        for identifier in identifiers:
            assert identifier not in stored
            if len(_digits(identifier)) >= 5:
                assert not any(_digits(identifier) in digits for digits in stored_digits), identifier


def test_without_consent_the_question_is_never_stored(database_url: str) -> None:  # noqa: F811
    marker = "Canary-Question-Without-Consent-1729"
    app = create_app(Settings(database_url=database_url, reply_flush_seconds=0.05, rate_limit="off"))
    with TestClient(app) as client:
        reply = client.post("/api/v1/ask", json={"question": f"IVIG dose {marker}"}).json()
        sent = client.post("/api/v1/feedback", json={"reply_id": reply["reply_id"], "helpful": False,
                                                     "question": f"IVIG dose {marker}", "consent": False})
        assert sent.status_code == 200 and sent.json()["question_kept"] is False
    stored = all_stored_text(database_url)
    assert reply["reply_id"] in stored and marker not in stored and "1729" not in stored
