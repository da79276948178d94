"""Emergency triage as people write (issue 9): temperatures as values, lay and Cantonese descriptions, and the right
emergency numbers for each reader. The evaluation sets (tests/eval/emergency-*.yaml) hold hundreds more."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app import messages
from app.normalize import fold
from app.service import FaqService
from app.triage import temperature, triage

EMERGENCIES = [
    "my son has a 40°C fever and red eyes after starting a new antibiotic",
    "she has a 39.5 fever and her lips are peeling",
    "我妈皮肤烂了一大片还发烧",
    "口腔溃烂 皮肤起泡 发烧",
    "口腔溃烂皮肤起泡发烧",
    "her skin is peeling off in sheets and she has a high fever, what do I do",
    "佢成身甩皮 仲發緊燒",  # Cantonese, Traditional characters
    "我爸呼吸困难，嘴唇发紫",
    "my daughter is having a seizure right now",
    "打完丙球头痛欲裂 脖子好硬",
    "he keeps passing out and can't keep any fluids down, mouth is one big sore",
]
NOT_EMERGENCIES = [
    ("Is fever one of the side effects of IVIG?", "ivig-side-effects"),
    ("TEN 一般会烧几天", None),  # how long the fever lasts: not in the article, and not an alarm
    ("what counts as a high temperature in a child", None),
    ("he had blisters two years ago after an antibiotic, can it come back?", None),
    ("my mother had TEN in 2019 and her skin came off in sheets, will the scars fade?", None),
    ("I weigh 104 lbs, how much IVIG would I get?", "ivig-dose"),
    ("用40度的温水给他擦身可以吗", None),
    ("my sunburn from the beach is peeling in sheets", None),
]


@pytest.mark.parametrize("question", EMERGENCIES)
def test_danger_written_as_people_write_it_is_an_emergency(service: FaqService, question: str) -> None:
    assert service.composer.ask(question, "en").kind == "emergency"


@pytest.mark.parametrize("question,entry_id", NOT_EMERGENCIES)
def test_questions_past_episodes_and_other_numbers_raise_no_alarm(
    service: FaqService, question: str, entry_id: str | None
) -> None:
    reply = service.composer.ask(question, "en")
    assert reply.kind != "emergency"
    if entry_id is not None:
        assert reply.entry is not None and reply.entry.id == entry_id


@pytest.mark.parametrize(
    "text,celsius",
    [
        ("40°C", 40.0), ("40 c fever", 40.0), ("a 39.5 fever", 39.5), ("104F", 40.0), ("104 °F", 40.0),
        ("40度", 40.0), ("四十度", 40.0), ("三十九度五", 39.5), ("高烧40", 40.0), ("a temp of 40", 40.0),
        ("烧到39度8", 39.8), ("华氏104度", 40.0), ("39,5", 39.5), ("thirty nine point seven", None),
        ("40岁", None), ("40 kg", None), ("40度的水", None), ("day 40", None), ("$40", None),
    ],
)
def test_temperatures_are_read_as_values_in_both_scales(text: str, celsius: float | None) -> None:
    found = temperature(fold(text))
    assert (round(found, 1) if found is not None else None) == celsius


def test_number_words_count_as_a_temperature_in_a_message() -> None:
    assert triage(fold("thirty nine point seven and a rash all over, started allopurinol last week")).emergency


def test_under_an_alarm_only_what_helps_now(service: FaqService) -> None:
    reply = service.composer.ask("her skin is peeling off in sheets and she has a high fever, what do I do", "en")
    assert reply.kind == "emergency"
    assert reply.entry is None or reply.entry.id in {"ten-symptoms", "ten-complications"}
    assert [s.id for s in reply.suggestions] == ["talk-to-specialist"]
    assert "immune system" not in reply.reply  # not "How does the immune system damage the skin in TEN?"


def test_each_reader_gets_the_emergency_numbers_for_where_they_may_be(service: FaqService) -> None:
    english = service.composer.ask("my son can't breathe", "en").reply
    assert "911" in english and "or your local emergency number" in english
    simplified = service.composer.ask("我儿子喘不上气", "zh").reply
    assert "911" in simplified and "120" in simplified and "美国" in simplified and "中国大陆" in simplified
    traditional = service.composer.ask("我個仔透唔到氣", "zh-Hant").reply
    assert all(number in traditional for number in ("911", "999", "119", "120"))
    assert "香港" in traditional and "台灣" in traditional


def test_every_chinese_emergency_reply_names_the_local_numbers(service: FaqService) -> None:
    for question in EMERGENCIES:
        assert "120" in service.composer.ask(question, "zh").reply, question
        assert "999" in service.composer.ask(question, "zh-Hant").reply, question


def test_the_widget_call_buttons_and_the_console_follow_the_same_settings(client: TestClient) -> None:
    widget = client.get("/api/v1/widget/strings", params={"lang": "zh"}).json()
    assert [line["number"] for line in widget["emergency_lines"]] == ["911", "120"]
    assert widget["emergency_lines"][1]["href"] == "tel:120" and "中国大陆" in widget["emergency_lines"][1]["label"]
    hant = client.get("/api/v1/widget/strings", params={"lang": "zh-Hant"}).json()
    assert [line["number"] for line in hant["emergency_lines"]] == ["911", "999", "119", "120"]
    console = client.get("/api/v1/staff/strings", params={"lang": "zh"})
    assert console.status_code == 200 and "120" in console.json()["strings"]["escalation"]  # the same numbers


def test_emergency_regions_are_a_setting(service: FaqService) -> None:
    from app.service import build_service

    only_hong_kong = build_service(service.settings.model_copy(update={"emergency_regions": {"en": ["us"], "zh": ["hk"], "zh-Hant": ["hk"]}}))
    reply = only_hong_kong.composer.ask("我儿子喘不上气", "zh").reply
    assert "999" in reply and "120" not in reply


def test_personal_dosing_says_once_that_the_prescriber_decides(service: FaqService) -> None:
    reply = service.composer.ask("how much IVIG for my 70 kg son?", "en").reply
    assert reply.count("prescriber") == 1 and reply.count(service.settings.phone) == 1
    assert reply.startswith(service.composer.text("en", messages.PERSONAL_DOSE))
    chinese = service.composer.ask("我儿子70公斤，要打多少丙球", "zh").reply
    assert chinese.count("决定") == 1 and chinese.count(service.settings.phone) == 1


def test_thanks_to_a_doctor_is_small_talk(service: FaqService) -> None:
    assert service.composer.ask("谢谢，医生", "zh").kind == "small_talk"
    assert service.composer.ask("thanks doc!", "en").kind == "small_talk"
