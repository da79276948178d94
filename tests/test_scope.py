"""What a question is about and what it asks: the reply answers that, or declines honestly (issue 8).

Every input quoted in the issue is here with its right value; each stands for a kind that the evaluation sets
(tests/eval/realworld-*.yaml, traps-*.yaml) measure on many more questions.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.service import FaqService

# A second subject: IVIG for another disease, another immunoglobulin, a drug itself.
OTHER_SUBJECT = [
    "lupus and IVIG",
    "myasthenia gravis and IVIG",
    "肾衰竭，丙球",
    "IVIG for ITP dose",
    "anti-D immunoglobulin side effects",
    "tetanus immune globulin side effects",
    "RSV immune globulin for babies, how many doses?",
    "破伤风免疫球蛋白要打几针",
    "carbamazepine side effects",
    "how much allopurinol should I take for gout",
    "卡马西平饭前吃还是饭后吃",
]
# An aspect that no entry covers.
UNCOVERED_ASPECT = [
    "When should IVIG not be given?",
    "得了TEN应该去哪个科",
    "丙球贵吗",
    "what is IVIG made from",
    "What should a TEN patient eat?",
    "哪里可以买到丙球",
    "Is TEN contagious?",
    "will TEN leave scars",
]
# (question, entry): SJS named for TEN, named drugs, sound-alike typos, lay and regional names, Cantonese,
# invisible characters, context first.
ANSWERED = [
    ("What are the first signs of Stevens-Johnson syndrome?", "ten-symptoms"),
    ("SJS 是什么药引起的", "ten-causes"),
    ("does IVIG work for Stevens-Johnson syndrome", "does-ivig-help"),
    ("how rare is SJS", "ten-how-common"),
    ("How is TEN treated?", "ten-treatment"),
    ("TEN 怎么治疗", "ten-treatment"),
    ("Can you die from TEN?", "ten-complications"),
    ("Can lamotrigine cause TEN?", "ten-causes"),
    ("Can carbamazepine cause TEN?", "ten-causes"),
    ("卡马西平会引起TEN吗", "ten-causes"),
    ("is allopurinol known to trigger SJS", "ten-causes"),
    ("丙球副做用", "ivig-side-effects"),
    ("TEN的正状有哪些", "ten-symptoms"),
    ("丙球记量多少", "ivig-dose"),
    ("中毒性表皮坏死松节症是什么", "what-is-ten"),
    ("颗粒熔素是什么", "ten-immune-damage"),
    ("重症药疹是什么", "what-is-ten"),
    ("丙球打幾耐", "ivig-when-how-long"),
    ("Johnson-Stevens syndrome", "ten-sjs-lyell"),
    ("丙\u200b球有什么副作用", "ivig-side-effects"),
    ("My husband has TEN and the team is starting IVIG tomorrow, will it make him feel sick?", "ivig-side-effects"),
    ("这个病是什么药引起的", "ten-causes"),
    ("打丙球有什么用", "does-ivig-help"),
    ("静注人免疫球蛋白(pH4)治TEN一般打几天", "ivig-when-how-long"),
    ("史蒂芬強生症候群初期症狀有哪些", "ten-symptoms"),
]


@pytest.mark.parametrize("question", OTHER_SUBJECT)
def test_a_question_about_another_subject_is_declined_not_answered_as_ivig_for_ten(
    service: FaqService, question: str
) -> None:
    reply = service.composer.ask(question, "en")
    assert (reply.kind, reply.reason, reply.entry) == ("no_match", "other_subject", None)
    assert reply.confidence == 0.0
    assert service.settings.phone in reply.reply


@pytest.mark.parametrize("question", UNCOVERED_ASPECT)
def test_an_aspect_no_entry_covers_is_declined(service: FaqService, question: str) -> None:
    reply = service.composer.ask(question, "en")
    assert (reply.kind, reply.reason, reply.entry) == ("no_match", "uncovered_aspect", None)
    assert service.settings.phone in reply.reply


@pytest.mark.parametrize("question,entry_id", ANSWERED)
def test_the_question_gets_the_entry_for_what_it_asks(service: FaqService, question: str, entry_id: str) -> None:
    reply = service.composer.ask(question, "en")
    assert reply.kind == "answer" and reply.entry is not None, (reply.kind, reply.reason)
    assert reply.entry.id == entry_id
    assert reply.reason is None


def test_an_sjs_question_answered_from_what_the_article_says_of_ten_says_so(service: FaqService) -> None:
    reply = service.composer.ask("What are the first signs of Stevens-Johnson syndrome?", "en")
    assert reply.reply.startswith("The article speaks of TEN here.")
    assert "less than 10%" in reply.reply and "more than 30%" in reply.reply
    chinese = service.composer.ask("SJS 是什么药引起的", "zh")
    assert chinese.reply.startswith("文章这里讲的是中毒性表皮坏死松解症（TEN）。")
    plain = service.composer.ask("What are the first signs of TEN?", "en")
    assert "The article speaks of TEN here." not in plain.reply


def test_a_decline_names_the_recognised_subject_from_the_faq_data_never_the_users_words(service: FaqService) -> None:
    reply = service.composer.ask("IVIG for ITP dose, my kid weighs 20kg", "en")
    assert "cannot answer questions about immune thrombocytopenia" in reply.reply
    assert "kid" not in reply.reply and "20kg" not in reply.reply
    chinese = service.composer.ask("川崎病 丙球 剂量", "zh")
    assert "川崎病" in chinese.reply and chinese.reason == "other_subject"
    assert "剂量多少" in chinese.reply  # says what the FAQ covers
    assert service.settings.phone in chinese.reply
    assert "。 " not in chinese.reply  # Chinese sentences follow each other without a space
    traditional = service.composer.ask("IVIG for lupus", "zh-Hant")
    assert "系統性紅斑狼瘡" in traditional.reply and traditional.disclaimer.startswith("此資訊不能替代醫療建議或治療")


def test_a_low_score_is_the_third_reason(service: FaqService) -> None:
    reply = service.composer.ask("asdf qwerty zxcv", "en")
    assert (reply.kind, reply.reason) == ("no_match", "low_confidence")
    assert service.composer.ask("What dose of IVIG is used for TEN?", "en").reason is None


def test_the_reason_is_in_the_api_reply_and_documented_in_the_schema(client: TestClient) -> None:
    body = client.post("/api/v1/ask", json={"question": "丙球贵吗", "lang": "zh"}).json()
    assert body["kind"] == "no_match" and body["reason"] == "uncovered_aspect"
    assert body["disclaimer"].startswith("此信息不能替代医疗建议或治疗")
    spec = client.get("/openapi.json").json()
    reply = spec["paths"]["/api/v1/ask"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][reply.rsplit("/", 1)[-1]]["properties"]["reason"]
    assert {"other_subject", "uncovered_aspect", "low_confidence"} <= set(schema["anyOf"][0]["enum"])
    assert "other_subject" in schema["description"]


def test_personal_dosing_of_another_drug_is_not_answered_with_the_ivig_dose(service: FaqService) -> None:
    reply = service.composer.ask("how much allopurinol should I take, I weigh 80 kg", "en")
    assert reply.kind == "no_match" and reply.reason == "other_subject"
