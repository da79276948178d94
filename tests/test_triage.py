"""Emergency triage as people write (issue 9): temperatures as values, lay and Cantonese descriptions, and the right
emergency numbers for each reader. The evaluation sets (tests/eval/emergency-*.yaml) hold hundreds more."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from app.answering.normalize import fold
from app.answering.service import FaqService
from app.answering.triage import temperature, triage
from app.language import messages

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

# Kinds found by the third (check) sets, each with the quoted example and inputs of the same kind written here.
MORE_EMERGENCIES = [
    # breath that cannot be drawn in full, a tight chest, noisy or laboured breathing (also in Cantonese and mixed)
    "Texting from the infusion chair. I can't get a full breath and my chest is tight, the nurse stepped out",
    "she couldn't take a deep breath all morning and now her chest feels heavy",
    "打完丙球半小时 嗓子发紧 说不出话 呼吸费劲",
    "阿媽氣喘唔順，把口腫晒",
    "bb塊面腫晒 呼吸有聲",
    "呼吸好 difficult 胸口好 tight 打緊 IVIG",
    # skin like a burn, its top layer rubbing off, skin that comes off at a touch, large areas
    "Moms skin looks like a bad burn, all red and the top layer is rubbing off, she started allopurinol 2 wks ago",
    "his back looks like a severe scald and the skin tears away when we move him",
    "皮肤大面积脱落，床单上都是皮，吃卡马西平两周了",
    "佢塊皮一掂就甩，好似燙傷咁",
    # cannot eat, drink or open the eyes, said every way
    "grandma hasn't been able to eat or drink since yesterday, her whole mouth is ulcers",
    "his mouth hurts too much to eat dinner and his lips are cracked and bleeding",
    "孩子口腔溃疡疼得一整天不吃不喝了",
    "眼睛挣不开了 嘴里全是泡",
    "眼睛黏在一起打不開 身上還有紅疹",
    # headache with a stiff or rigid neck after IVIG
    "Day 3 of IVIG. Pounding headache, throwing up, can't touch chin to chest.",
    "wife had her immunoglobulin drip yesterday; now a horrible headache + rigid neck + fever",
    "头疼欲裂，脖子转不了，前天刚打完IVIG",
    # fainting, collapse, no response (昏过去 is fainting, not 过去 "the past")
    "老公昏過去了 拍他都沒反應",
    "姥姥输液以后人一下子就瘫了 怎么叫都不睁眼",
    "人好像不行了 叫也不应",
    # a temperature with a sound-alike unit (读 for 度), Chinese typed as pinyin
    "孩子发烧四十读 一直哭",
    "wo ma pifu yi pian yi pian de diao, fashao 39 du ban",
    # only suspected, not diagnosed: still an alarm
    "I think he has TEN, his skin is coming off in sheets",
    # kinds found by the final emergency set (2026-12-01): a seizure described, a tongue grown huge, skin in strips,
    # no drink for a day, eyes swollen shut (with typos), bare temperatures, 点 as a decimal point, Cantonese dying
    "her arms and legs are jerking all over and her eyes rolled back",
    "he's not responding to us and his whole body is twitching",
    "孩子全身一直抽，叫不答应",
    "我仔 seizure 咗",
    "dad's tongue is huge and he's drooling, can't speak properly",
    "the skin on her legs is coming away in strips",
    "her chest is all blistering and raw",
    "his arm looks like he got scalded but nothing hot touched it",
    "腿上的皮一撕就掉",
    "my daughter hasn't had anything to drink since this morning because of the mouth sores",
    "his eye lids are swolen shut and he has a fever",
    "the baby's temperature was 104.2",
    "she's at 39.4 with a rash after the new meds",
    "体温三十九点八度，身上起晒疹",
    "阿媽好似快唔得，叫極都唔應",
    # kinds found by the fresh emergency set (2026-12-01): "degree fever" (not Fahrenheit), chickenpox ruled out,
    # 水跑 for 水泡 across lines, eyes that can't open beside Chinese
    "she has a 40 degree fever",
    "my boy is running a 40° fever",
    "水泡全身都是，唔係水痘，點算好",
    "blisters all over him and it's not chickenpox, what do we do",
    "一开始以为是感冒\n现在手上起了水跑\n烧到39度多",
    "her eyes are so swollen she can't open them",
    "lips 烂晒 仲发烧",
    "grandpa is not responding to us",
    "吃了药以后叫他没反应",
]
MORE_NOT_EMERGENCIES = [
    # figures of speech
    "I'm dying to know how IVIG actually works",
    "I nearly fainted when I read how rare TEN is. how rare is it exactly?",
    "I can't breathe when I look at the price of this stuff lol, does insurance cover IVIG?",
    "看这些T细胞NK细胞看得我要晕倒了，丙球对它们做了什么",
    # a question about the disease in general, its meaning, or a temperature in general
    "what does it mean when they say the skin detaches like a burn in TEN",
    "Is a temp of 40 dangerous for an adult in general?",
    "what should someone with TEN eat when the mouth is full of sores",
    "无菌性脑膜炎是丙球的副作用吗，症状是不是头痛脖子硬",
    "TEN严重的时候会休克吗",
    "IVIG會唔會搞到頭痛頸硬",
    "華氏104度是攝氏幾度？純粹好奇",
    "Would a fever of 104 be a reason to stop an IVIG infusion? asking hypothetically",
    # over and done: last week, two years ago, a fever that broke
    "his temp hit 40 last Tuesday, broke after two days and he's totally fine now. can amoxicillin cause TEN though?",
    "上周孩子烧到40度，两天就退了，现在活蹦乱跳的。抗生素会引起TEN吗",
    "two yrs ago my dad got blisters all over after carbamazepine and they called it SJS/TEN overlap. what does overlap mean?",
    "My son had seizures in 2021 and is on lamotrigine now. Was there a child with lamotrigine TEN who got IVIG?",
    # numbers that are water, pages or counts
    "the bath water was 40 degrees, is warm water ok on healing skin after SJS?",
    "泡脚水40度会不会对皮肤不好，我妈刚从SJS恢复",
    "沖涼水40度會唔會太熱，佢啱啱SJS出院",
    "说明书有104页看不懂，简单说丙球怎么起作用",
    # already diagnosed or treated, asking about the disease
    "食藥食到成身甩皮，醫生寫咗TEN，TEN係咩嚟？",
    "My grandma has TEN. The blisters are in her mouth and nose too and she can't eat. What can happen if it gets worse?",
    "孩子爸爸吃了卡马西平，出现了大面积的皮肤剥脱，医生用了激素效果不好，又加了丙种球蛋白。丙球是怎么阻止皮肤细胞死亡的？",
    # the disease described, not a person; a description asked about as a symptom
    "I read TEN is like a bad burn, what's the worst that can happen?",
    "rash 从脸蔓延到脖子和全身，还起 blisters，这是 TEN 的 symptoms 吗",
    # a danger sign denied, a season past, a worry about what might happen (final emergency set, 2026-12-01)
    "he's not confused, just sleepy after the infusion, is that normal?",
    "she didn't faint, only felt dizzy getting up after IVIG",
    "no trouble breathing, just an itchy rash on my arm after the drip, is that a side effect?",
    "没有呼吸困难，就是输完丙球有点头痛",
    "冇透唔到氣，淨係有少少痕，正唔正常？",
    "last summer I had a 104 fever from a virus. can IVIG cause fevers too?",
    "should we worry that IVIG might cause him a stiff neck? his next infusion is on friday",
    "102.5 fm had a show about TEN, what is it?",
    # fresh emergency set (2026-12-01): a risk asked about, a figure of speech, a sign denied with a verb, the weather
    "can you get a stiff neck from ivig",
    "I almost died laughing at the name Lyell, is it the same as TEN?",
    "看到药费单我差点晕倒，丙球为什么这么贵",
    "he's not having any trouble breathing, just a headache after IVIG, normal?",
    "TEN是不是皮肤会整片整片地掉？",
    "外面三十几度，40°C 的天气丙球要放冰箱吗",
    # a treatment that has not worked is not a person who does not respond
    "my mom is not responding to the steroids, should they try IVIG?",
    "her TEN isn't responding to treatment, what else is there",
    "用了激素没反应，要不要打丙球",
    "打咗IVIG都冇反應，仲有咩方法",
]


@pytest.mark.parametrize("question", MORE_EMERGENCIES)
def test_more_ways_of_describing_danger_now_are_emergencies(service: FaqService, question: str) -> None:
    assert service.composer.ask(question, "en").kind == "emergency"


@pytest.mark.parametrize("question", MORE_NOT_EMERGENCIES)
def test_figures_of_speech_general_questions_and_other_numbers_raise_no_alarm(service: FaqService, question: str) -> None:
    assert service.composer.ask(question, "en").kind != "emergency"


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
        ("temperature is 104.5", 40.3), ("she's at 102.5", 39.2), ("体温四十点五度", 40.5),
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
    from app.answering.service import build_service

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


REVIEW_CASES = yaml.safe_load((Path(__file__).parent / "triage_review_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("question", REVIEW_CASES["emergencies"])
def test_a_reviewers_emergencies_raise_the_alarm(service: FaqService, question: str) -> None:
    assert service.composer.ask(question, "en").kind == "emergency"


@pytest.mark.parametrize("question", REVIEW_CASES["not_emergencies"])
def test_a_reviewers_near_misses_raise_no_alarm(service: FaqService, question: str) -> None:
    assert service.composer.ask(question, "en").kind != "emergency"
