"""The FAQ content: the shipped files are complete and sound; broken files fail loudly, naming file and entry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.content.faq import MAX_ANSWER_CHARS, ContentError, load_content
from app.ops.settings import PROJECT_ROOT

FAQ = PROJECT_ROOT / "faq"
CASES = sorted((Path(__file__).parent / "content_cases").glob("bad.*.yaml"))
ARTICLE = PROJECT_ROOT.parent / "shared" / "source" / "ivig-ten-article.txt"
REQUIRED_IDS = {
    "what-is-ten", "ten-how-common", "ten-sjs-lyell", "ten-vs-sjs", "does-ivig-help", "ten-symptoms",
    "ten-complications", "ten-causes", "ten-immune-damage", "ivig-evidence", "ivig-case-reports",
    "ivig-how-it-works", "ivig-fas-fasl", "ivig-t-nk-cells", "ivig-anti-inflammatory", "ivig-fc-receptors",
    "ivig-passive-immunity", "ivig-when-how-long", "ivig-dose", "ivig-side-effects", "talk-to-specialist",
    "references", "reviewer",
}


def test_every_topic_of_the_article_has_an_entry() -> None:
    content = load_content(FAQ)
    assert REQUIRED_IDS <= {item.id for item in content.entries}


def test_entries_are_short_reads_with_many_phrasings_in_both_languages() -> None:
    for item in load_content(FAQ).entries:
        entry = item.entry
        assert len(entry.answer) <= MAX_ANSWER_CHARS, item.id
        assert len(entry.phrasings.en) >= 10, item.id
        assert len(entry.phrasings.zh) >= 10, item.id
        assert entry.related, f"{item.id} offers no follow-up"


def test_key_facts_of_the_article_are_in_the_answers() -> None:
    content = load_content(FAQ)
    answer = {item.id: item.entry.answer for item in content.entries}
    assert "1.9" in answer["ten-how-common"]
    assert "10%" in answer["ten-vs-sjs"] and "30%" in answer["ten-vs-sjs"]
    assert "3 g/kg" in answer["ivig-dose"] and "2 g/kg" in answer["ivig-dose"] and "1 g/kg" in answer["ivig-dose"]
    assert "24 hours" in answer["ivig-when-how-long"] and "3 to 5 days" in answer["ivig-when-how-long"]
    assert "{phone}" in answer["talk-to-specialist"]
    assert "{phone}" in answer["ivig-dose"], "personal dosing must point to a person"


def test_every_number_in_an_answer_comes_from_the_article() -> None:
    """No invented doses or statistics: each number an answer states appears in the source article."""
    article = ARTICLE.read_text(encoding="utf-8")
    article_numbers = set(re.findall(r"\d+(?:\.\d+)?", article))
    for item in load_content(FAQ).entries:
        for number in re.findall(r"\d+(?:\.\d+)?", item.entry.answer):
            assert number in article_numbers, f"{item.id}: {number} is not in the article"


def test_references_are_the_articles_ten_with_links() -> None:
    content = load_content(FAQ)
    assert sorted(content.references) == list(range(1, 11))
    assert content.references[5].citation.count("Toxic Epidermal Necrolysis") == 1  # the machine-translated title, restored
    cited = {source for item in content.entries for source in item.entry.sources}
    assert cited == set(range(1, 11)), "every reference supports at least one answer"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_content_fails_with_file_and_place(case: Path, tmp_path: Path) -> None:
    faq = tmp_path / "faq"
    shutil.copytree(FAQ, faq)
    shutil.copy(case, faq / "sections" / case.name)
    expected = case.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(ContentError) as caught:
        load_content(faq)
    assert expected in str(caught.value)
    assert f"sections/{case.name}" in str(caught.value)


def test_a_missing_content_folder_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="FAQBOT_CONTENT_DIR"):
        load_content(tmp_path / "nowhere")
