"""What a Chinese reader sees: the organisation's disclaimer word for word, the drug named as patients name it,
plain words instead of calques, and Chinese punctuation that renders right (review of issue 10)."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from fastapi.testclient import TestClient

from app.answering.replies import Composer
from app.answering.service import FaqService
from app.language import messages
from app.language.i18n import catalog_path, read_catalog
from app.ops.settings import Settings
from app.web.strings.staff import CONSOLE
from app.web.strings.widget import WIDGET_MESSAGES

# The article's own Chinese disclaimer (../shared/source/ivig-ten-article.txt), with the organisation's name as the
# placeholder and the web page's ASCII commas written full-width: the legal text itself must not be "improved".
ARTICLE_DISCLAIMER = (
    "此信息不能替代医疗建议或治疗。在开始任何新的治疗之前,请咨询您的医生或医疗保健提供者,了解您的医疗状况。"
    "{organization} 对所提供的信息或由此做出的任何诊断或治疗不承担任何责任,也不对其内容的可靠性负责。"
    "{organization} 并非运营此处列出的所有网站/组织,也不对其内容的可用性或可靠性负责。"
    "这些列表并不暗示或构成 {organization} 的认可、赞助或推荐。"
    "本网页可能包含对品牌处方药的引用,这些处方药是与 {organization} 无关的制药商的商标或注册商标。"
)
# How the first mention of the drug reads in every Chinese answer that names it.
IVIG_FIRST_MENTION = "静脉注射免疫球蛋白（IVIG，俗称“丙球”）"
IVIG_NAMES = re.compile("IVIG|丙球|静脉注射免疫球蛋白")
# Calques of US health-care English, with the plain words used instead (the disclaimer keeps its own wording).
CALQUES = ("医疗团队", "开具处方", "处方医生", "医疗保健提供者", "医疗保健决策", "事实上", "被招募")


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return read_catalog(catalog_path(settings.locales_dir, "zh"))


def translations(catalog: Catalog) -> dict[str, str]:
    return {str(message.id): str(message.string) for message in catalog if message.id}


def test_the_disclaimer_is_the_articles_own_chinese_word_for_word(catalog: Catalog) -> None:
    assert translations(catalog)[messages.DISCLAIMER] == ARTICLE_DISCLAIMER.replace(",", "，")


def test_every_answer_names_the_drug_as_patients_do_the_first_time(service: FaqService) -> None:
    for item in service.content.entries:
        answer = service.composer.text("zh", item.entry.answer)
        first = IVIG_NAMES.search(answer)
        if first is not None:
            assert answer[first.start():].startswith(IVIG_FIRST_MENTION), f"{item.id}: {answer[first.start():][:30]}"


def test_statistics_count_cases_not_people_and_no_calques(catalog: Catalog) -> None:
    for msgid, text in translations(catalog).items():
        assert not re.search(r"\d+\.\d+\s*名", text), f"a fraction of a person (名): {text[:60]}"
        if msgid != messages.DISCLAIMER:
            assert not [word for word in CALQUES if word in text], f"{msgid[:50]!r}: {text[:60]}"


def test_chinese_ellipses_are_doubled(catalog: Catalog) -> None:
    for text in translations(catalog).values():
        assert not re.search(r"(?<!…)…(?!…)", text), text


def test_the_us_phone_line_is_called_what_it_is_where_patients_meet_it(catalog: Catalog) -> None:
    for msgid in (messages.NO_MATCH, messages.ASK_A_PERSON, messages.GOODBYE,
                  messages.ERROR_INTERNAL, WIDGET_MESSAGES["call"]):
        assert "{phone}（美国免费电话）" in translations(catalog)[msgid], msgid


def test_a_no_match_reply_names_the_drug_before_it_uses_the_bare_acronym(catalog: Catalog) -> None:
    """Each no-match reply starts a reply (FAQ_COVERS and ASK_A_PERSON follow it with a bare "IVIG")."""
    zh = translations(catalog)
    for msgid in (messages.NO_MATCH, messages.NO_MATCH_OTHER_SUBJECT, messages.NO_MATCH_UNCOVERED_ASPECT):
        first = IVIG_NAMES.search(zh[msgid])
        assert first is not None and first.group() != "IVIG", zh[msgid]


def test_widget_and_console_labels_read_naturally(catalog: Catalog) -> None:
    zh = translations(catalog)
    assert zh[WIDGET_MESSAGES["you"]] == "我："  # the user's own messages, not the bot addressing the user
    for key in ("title", "launcher"):  # never a bare acronym as the first thing a patient sees
        assert "丙球" in zh[WIDGET_MESSAGES[key]], key
    assert "Shift+C" in zh[CONSOLE["keyboard_help"]]  # "c" and "C" look alike in many fonts


def test_did_you_mean_quotes_the_question_without_doubled_question_marks(client: TestClient, service: FaqService) -> None:
    """Chinese questions end in "？": the close-call line must not render "“……？”？"."""
    composer: Composer = service.composer
    close_calls = 0
    for question in ("infection", "TEN skin", "IVIG infection", "granzyme", "TEN 原因 机制", "感染", "颗粒酶", "穿孔素"):
        reading = composer.reader.read(question)
        scope = composer.scope.judge(reading)
        result = composer.matcher.match_features(scope.features, question, allowed=scope.allowed, guided=scope.guided)
        if result.runner_up is None or result.best is None:
            continue
        close_calls += 1
        body = client.post("/api/v1/ask", json={"question": question, "lang": "zh"}).json()
        other = service.content.entry(result.runner_up.entry_id)
        assert other is not None
        assert f"“{composer.text('zh', other.entry.question)}”" in body["reply"]
        assert "？”？" not in body["reply"], body["reply"]
    assert close_calls, "none of the probe questions was a close call; choose others"
