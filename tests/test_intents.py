"""The rules that come before matching: emergencies, small talk, personal dosing and topics the article does not cover."""

from __future__ import annotations

import pytest

from app.answering.intents import SmallTalk, is_personal_dose, small_talk
from app.answering.normalize import fold
from app.answering.service import FaqService
from app.answering.triage import is_emergency


@pytest.mark.parametrize(
    "question",
    [
        "my son can't breathe",
        "She is having trouble breathing after the infusion",
        "skin is peeling off in sheets and he has a high fever",
        "My skin is coming off in sheets and I have a high fever with blisters",
        "her lips are swelling and she can't swallow",
        "my dad is getting IVIG and has a stiff neck and the worst headache of his life",
        "我爸爸呼吸困难",
        "皮肤大片脱落，还发高烧",
        "孩子嘴里全是水泡还发烧",
        "我老豆而家打緊IVIG，頸好硬、頭痛到爆",  # Cantonese, Traditional: stiff neck during an infusion
        "他昏迷了叫不醒",
    ],
)
def test_acute_danger_is_an_emergency(question: str) -> None:
    assert is_emergency(fold(question))


@pytest.mark.parametrize(
    "question",
    [
        "Can TEN cause breathing problems?",
        "Is TEN an emergency?",
        "When should I go to the emergency room?",
        "What is the risk of dying from TEN?",
        "Does IVIG cause shortness of breath?",
        "can ivig cause a stiff neck",
        "IVIG会引起休克吗",
        "TEN会不会导致昏迷",
        "丙球是紧急用药吗",
        "why does the skin come off in sheets in TEN",
        "TEN 的皮肤为什么会一大片一大片地掉？",
        "My dad started a new seizure medication and then got TEN. Could the pill have caused it?",
        "what are the symptoms of TEN",
        "does TEN cause blisters",
    ],
)
def test_questions_about_danger_are_not_emergencies(question: str) -> None:
    assert not is_emergency(fold(question))


@pytest.mark.parametrize(
    "question,kind",
    [
        ("Hello!", SmallTalk.GREETING),
        ("hi there", SmallTalk.GREETING),
        ("good morning, how are you today?", SmallTalk.GREETING),
        ("are you a bot?", SmallTalk.GREETING),
        ("thanks a lot, that really helped", SmallTalk.THANKS),
        ("ok great, have a nice day", SmallTalk.GOODBYE),
        ("你好", SmallTalk.GREETING),
        ("谢谢您的帮忙", SmallTalk.THANKS),
        ("多謝晒！", SmallTalk.THANKS),
        ("再见", SmallTalk.GOODBYE),
    ],
)
def test_small_talk_is_recognised(question: str, kind: SmallTalk) -> None:
    assert small_talk(fold(question)) is kind


@pytest.mark.parametrize("question", ["hello, what is TEN?", "thanks, and what is the dose?", "你好，丙球是什么", "早期症状"])
def test_a_question_wrapped_in_small_talk_is_still_a_question(question: str) -> None:
    assert small_talk(fold(question)) is None


@pytest.mark.parametrize(
    "question,personal",
    [
        ("How much IVIG should my 70 kg son get?", True),
        ("I weigh 80 kg, how much IVIG will I need?", True),
        ("我体重60公斤要打多少丙球", True),
        ("What dose of IVIG is used for TEN?", False),
        ("IVIG 剂量", False),
        ("重症患者用多少IVIG", False),  # 重 in 重症 is not a body weight
    ],
)
def test_personal_dosing_is_told_apart_from_the_general_dose_question(question: str, personal: bool) -> None:
    assert is_personal_dose(fold(question)) is personal


@pytest.mark.parametrize("question", ["How much does IVIG cost?", "丙球多少钱一支", "Does Medicare cover IVIG?", "孕妇能打丙球吗"])
def test_topics_the_article_does_not_cover_get_no_answer_even_when_they_name_ivig(service: FaqService, question: str) -> None:
    reply = service.composer.ask(question, "en")
    assert reply.kind == "no_match" and reply.entry is None and reply.confidence == 0.0
    assert service.settings.phone in reply.reply


@pytest.mark.parametrize("question", ["我老公而家全身甩皮 仲發緊高燒 點算好", "孩子全身起水泡"])
def test_whole_body_peeling_or_blistering_now_is_an_emergency(question: str) -> None:
    assert is_emergency(fold(question))


@pytest.mark.parametrize("question", ["Thank you so much, that was really helpful!", "早晨 你好呀"])
def test_more_small_talk(question: str) -> None:
    assert small_talk(fold(question)) is not None
