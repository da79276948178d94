"""Emergency triage: does a message describe danger happening now to a real person?

A missed emergency is the worst failure; an alarm on an ordinary question is a failure too (it buries the answer and
teaches people to ignore alarms). This is a reviewable rule, never a score: every pattern below says why it counts.
The policy it implements (tests/eval/emergency-*.yaml were written from it, by authors who did not see this code):

* **Danger on its own**: trouble breathing or a swelling throat; fainting, confusion, a seizure, not waking; skin
  coming off in patches or sheets, raw skin; a mouth, throat or eyes so affected that the person cannot eat, drink,
  swallow or open their eyes; a severe headache with a stiff neck; "dying", "救命".
* **Danger together**: blisters with a fever, or all over the body (not chickenpox); sore or peeling lips or mouth
  sores with a fever or rash; a
  temperature of 39 °C (102.2 °F) or more with a skin, mouth or eye sign or a new medicine; "high fever" in words
  counts as 39 °C. A temperature of 40 °C (104 °F) or more is danger on its own.
* **Already in care**: a person in hospital or diagnosed, whose skin or fever is what the message describes (and
  who is not at home), is asking about TEN: only acute danger (breathing, fainting, a stiff neck, dying) alarms.
* **Already in care**: also a person said to have TEN or SJS ("my grandma has TEN", "我妈得了SJS"; not "I think he
  has TEN") or being treated for it ("医生用了激素").
* **Not now, not real, not asking**: an episode in the past ("two years ago", "last Tuesday", "in 2019", "去年",
  "上周", "当时"), a hypothetical ("if", "would a", "如果", "万一", "纯粹好奇") unless something is said to be happening
  now, a question about risks, meanings or symptoms in general ("Can IVIG cause shortness of breath?", "what does it
  mean when ...", "这是TEN的症状吗") unless it names someone it is happening to, and a figure of speech ("I'm dying to
  know", "I nearly fainted when I read ...", "看得我要晕倒了") or the disease described ("TEN is like a bad burn").
  A general-sounding question still alarms when the writer says it is urgent ("这是什么病，急！", "怎么办").
* **Set aside before the signs are read**: a sign denied ("no trouble breathing", "没有呼吸困难"), a treatment that
  has not worked ("not responding to the steroids", "用了激素没反应"), a figure of speech.

Chinese typed as pinyin without tones ("pifu yi pian yi pian de diao, fashao 39 du") is read for the commonest signs.

Temperatures are read as values (:func:`temperature`): 40°C, 40 C, 39.5, 104F, 104 °F, 40度, 四十度, 三十九度五,
高烧40, 烧到39度8, 华氏104度, "a temp of 40"; a number is a temperature only with a unit or beside a word for fever,
and never when it is a weight, an age, a dose, a count or the temperature of water or weather.

Patterns run on the folded message (lower case, Simplified Chinese, full-width folded: :func:`app.answering.normalize.fold`),
Chinese ones also on a copy without spaces ("口腔溃烂 皮肤起泡 发烧"). Cantonese is written as Hong Kong people
type it, folded to Simplified characters (暈咗 -> 晕咗, 透唔到氣 -> 透唔到气).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.answering.literals import PatternSet, necessary_literals
from app.language.i18n import HAN_CHARACTERS

_HAN = HAN_CHARACTERS


@dataclass(frozen=True, slots=True)
class Sign:
    """One kind of danger sign: its name, its patterns (English and Chinese) and why it counts."""

    name: str
    why: str
    patterns: tuple[str, ...]


# "not responding" to a person, not to a treatment: "he isn't responding to me" is danger, "her TEN is not responding
# to IVIG" or "not responding to the steroids" asks about the treatment
_PERSON_OBJECT = (r"(me|us|you|anyone|anybody|him|them|his name|her name|their name|voices?|touch|pain|anything|"
                  r"her(?! (treatment|meds?|medications?|medicines?|ivig|steroids?|therapy|drugs?|infusions?)))\b")
_NOT_TO_TREATMENT = rf"(?! (well |at all |much |very well )?to (?!{_PERSON_OBJECT}))"

# Danger on its own.
ALONE = (
    Sign("breathing", "trouble breathing, choking or a swelling throat: the airway", (
        r"\b(can ?not|can'?t|cant|unable to|struggling to|hard to|trouble|difficulty|problems?|hard time) "
        r"(breath|breathe|breathing|catch (his|her|my|their) breath)\b",
        r"\b(not|stopped|stops) breathing\b|\bshort(ness)? of breath\b|\b(gasping|choking|wheezing|wheezy)\b",
        # "can't get a full breath", "can't take a deep breath", "couldn't catch her breath"
        r"\b(can ?not|can'?t|cant|couldn'?t|could not|unable to)( \w+)? (get|take|catch|draw) (a |any |his |her |my |their )?"
        r"(full |deep |proper |good |big |decent )?(breath|air)\b",
        r"\bchest\b.{0,12}\b(is |feels |feeling |getting |going )?(so |very |really )?(tight|tightening|closing|heavy)\b|"
        r"\btight(ness)? in (his|her|my|their|the) (chest|throat)\b",
        r"\bcan'?t get (any )?air\b|\bbreathing (is )?(really |very |so )?(fast|shallow|hard|labou?red|noisy)\b",
        r"\b(barely|hardly) breathing\b|\bstruggling for (breath|air)\b|\b(whistling|stridor|wheeze)\b",
        r"\b(throat|tongue|lips?|face|mouth|eyelids?)\b.{0,30}\b(swelling|swollen|swelled|swells|puffing up|puffed up|"
        r"closing|closed|tight)\b|\b(swollen|swelling|puffy|puffed up) (throat|tongue|lips?|face|mouth)\b",
        r"\b(turning|turned|going|gone) (blue|grey|gray)\b|\blips (are |look )?blue\b",
        # "her tongue looks huge", "drooling and can barely talk": the airway closing
        r"\b(tongue|throat|lips?)\b (is|are|looks?|got|has gotten|is getting|went|has gone) (so |really |very |like )?"
        r"(huge|enormous|massive|twice (the|its) (normal )?size)\b|\b(tongue|throat|lips?|face)\b.{0,6}\b(ballooned|ballooning)\b|"
        r"\bdrooling\b.{0,40}\b(can'?t|cannot|barely|hardly|unable to) (talk|speak|swallow)\b",
        # Chinese typed as pinyin, without tones: "huxi kunnan", "chuan bu shang qi"
        r"\bhu ?xi ?kun ?nan\b|\bchuan bu (shang|guo|dong) ?qi\b|\btou bu guo ?qi\b",
        r"呼吸困难|喘不[上过了]气|喘不过来|不能呼吸|无法呼吸|透不过气|憋气|窒息|上不来气|喘不上|呼吸很?急促|透唔到气|唞唔到气|抖唔到气",
        r"(喉咙|嗓子|喉|舌头|嘴唇|嘴巴|把口|脸|块面|面部)\S{0,6}(肿|堵|封住|发紧|好紧|很紧|紧绷|收紧|收窄)|嘴(巴)?(都|好|很|又)?肿|上气不接下气|上气唔接下气|心口好翳|胸口好闷|胸口很闷|呼吸.{0,4}辛苦",
        # "呼吸费劲", "气喘唔顺", "呼吸有声", "胸口好tight": effort, noise or tightness of breathing
        r"呼吸.{0,3}(费劲|费力|吃力|唔顺|不顺|不畅|有声|好大声|有杂音|difficult|hard|tight)|(气喘|喘气|唞气|抖气).{0,2}(唔顺|不顺|好急|急)|"
        r"(胸口|胸|心口).{0,3}(tight|发紧|好紧|很紧|紧绷|闷|翳|压住|压着)",
        r"呼吸.{0,3}急促|大口喘气|喘.{0,3}(辛苦|厉害|好急)|嘴唇.{0,3}(发紫|紫)|发绀|吸唔到气|吸不到气|吸唔入气",
        r"(throat|喉咙).{0,6}(好紧|很紧|tight)|breathing.{0,6}(辛苦|困难)",
    )),
    Sign("consciousness", "fainting, confusion, a seizure, not waking: the brain", (
        r"\b(unconscious|unresponsive|passed out|fainted|fainting|collapsed|not waking|won'?t wake|can'?t wake|"
        r"seizing|convulsing|having a fit|delirious|disoriented|hallucinating|limp|floppy|very drowsy|so drowsy|"
        r"passing out|pass out|passes out|blacking out|blacked out)\b",
        r"\b(having|had|has|is having|in|into) (a |another )?(seizure|seizures|fit|convulsions?)\b",
        r"\b(hun ?mi|yun ?dao|hun ?dao|jiao bu xing|chou ?chu)\b",  # pinyin: 昏迷, 晕倒, 叫不醒, 抽搐
        r"seizure\s*紧|(抽筋|抽搐)紧|seizure\s*(了|咗|左)|(发|有|在)\s*seizure",
        # a seizure described: "his eyes rolled back", "jerking all over", "isn't answering me"
        r"\beyes?\b.{0,12}\b(rolled|rolling|rolls|went) (back|up)\b|\b(jerking|twitching|convulsing|shaking and jerking) all over\b|"
        r"\b(whole|entire) body (is |was |keeps )?(jerking|twitching|convulsing)\b|"
        r"\b(isn'?t|is not|wasn'?t|won'?t|not) responding\b" + _NOT_TO_TREATMENT + r"|"
        r"\b(isn'?t|is not|wasn'?t|won'?t|not) answering (me|us|anyone|when)\b",
        r"\b(barely|hardly|can'?t|cannot) (keep (him|her|them) awake|wake (him|her|them))\b|\bhard to wake\b",
        r"\b(collapsed?|keeled over|went limp|dropped to the floor)\b|\bwon'?t (open (his|her|their) eyes|respond)\b",
        r"(?<!im )(?<!i'm )(?<!am )(?<!was )\b(confused|confusion)\b(?! (about|by|as to|why|what|where|how|which))|"
        r"\b(talking nonsense|not making sense|seeing things|doesn'?t know where|barely (stay )?awake|"
        r"doesn'?t recognise|doesn'?t recognize|barely (conscious|responding)|not (moving|responding))\b" + _NOT_TO_TREATMENT,
        r"昏迷|昏倒|晕倒|晕过去|昏过去|晕厥|叫不醒|叫不应|意识不清|意识模糊|神志不清|不省人事|抽搐|抽筋|休克|"
        r"糊涂|说胡话|胡言乱语|不认人|昏昏沉沉|没反应|没有反应|晕咗|唔醒|唔应|冇反应|唔郁|暈低|晕低|认唔到|认不出|"
        r"不认得|傻咗|无厘头|唔认得|乱咁讲|乱讲话|嗜睡|昏睡|睡过去|叫醒.{0,8}又.{0,4}(睡|瞓)|抽紧筋|成个人震",
        # "叫也不应", "怎么叫都不睁眼", "拍佢都冇反应", "一下子就瘫了", "倒在地上"
        r"(叫|喊|拍|摇|推).{0,4}(不|唔|没|冇)(应|醒|睁眼|理|回应|反应)|瘫了|瘫倒|瘫软|瘫咗|倒在地上|倒地|晕低|人(好像|好似)?不行了",
        # 抽蓄 / 抽触: sound-alike slips for 抽搐; "全身在抽", "手脚一直抽", "翻白眼"
        r"抽蓄|抽触|抽畜|(全身|浑身|成身|手脚|手和脚)(在|都在|一直|不停|不断|一阵阵)?(抽|发抖抽|抖抽)(?!痛|血|烟)|"
        r"翻白眼.{0,6}(抽|抖|叫不应|叫唔应|没反应|冇反应)|(抽|抖).{0,6}翻白眼|眼(睛)?(往上|向上)翻|眼反(晒)?白|冇晒反应|没晒反应",
    )),
    Sign("skin", "skin coming off in patches or sheets, raw skin: the burn-like stage of TEN", (
        r"\b(skin|top layer|layers?)\b.{0,40}\b(peeling|peel|peels|coming|come|falling|fall|sloughing|slipping|sliding|slides|"
        r"peeled|came|fell|sloughed|slipped|slid|comes|falls|wipes|rubs|rubbing|rubbed|tearing|tears|torn) (off|away)\b",
        r"\b(slides|sliding|slid|slips|slipping|wipes|wiping) off\b|\bin (big|large|huge) (pieces|chunks|patches|sheets)\b",
        r"\b(peeling|coming|falling|peeled|came) (off|away)\b.{0,30}\bskin\b",
        r"\b(large|big|huge|whole) (areas?|patches|sheets|pieces|chunks|parts) of (his |her |my |their )?skin\b",
        r"\b(in sheets|sheets of skin|like wet (tissue )?paper)\b",
        r"\b(peeling|coming|falling|sloughing) (off|away) in (strips|sheets|pieces|chunks|patches|layers|flaps)\b",
        r"\b(whole|entire) (back|chest|body|torso|trunk|face)\b.{0,20}\b(is |are )?(blistering|peeling|raw)\b",
        r"\blike (i|he|she|they|we|you) (got|had been|was|were|have been|has been|had) (badly |severely )?"
        r"(scalded|burned|burnt|boiled)\b",
        r"\b(yi ?pian ?yi ?pian|yi ?da ?pian|da ?pian|quan ?shen)\b.{0,20}\b(diao|tuo|lan|bo)\b|\bpi ?fu\b.{0,20}\b(diao|tuo ?luo|lan)\b",
        r"\b(raw|oozing|weeping)\b.{0,40}\b(skin|back|chest|torso|body|arms?|legs?|underneath|patches|areas)\b",
        r"\b(peeling|peeled|peels|blistering) skin\b.{0,20}\b(all over|everywhere)\b|\bskin\b.{0,25}\b(peeling|peeled)\b.{0,20}\b(all over|everywhere)\b",
        r"\b(skin|back|chest|torso|body|arms?|legs?)\b.{0,30}\b(raw|oozing|weeping)\b",
        r"\b(like|looks like) (a |an |she |he |they )?(has been |have been |was |were )?(bad |badly |severe |severely |"
        r"terrible |really bad |big |huge |massive )?(burn|burned|burnt|scald|scalded)\b",
        r"(大片|成片|整片|一片一片|一大片|大块|一块一块|大块大块|片片|大面积).{0,8}(脱|掉|剥|烂|甩|溃烂)",
        r"(脱|掉|剥|烂|甩).{0,6}(一大片|大片|成片|整片|一片一片)",
        r"(全身|浑身|成身|整个身体|满身).{0,6}(脱皮|掉皮|甩皮|烂|溃烂|脱落|剥落)",
        r"(一碰|一推|一擦|一摸|一扯|一掂|一搣|一拉|一揩|一揭|一撕|一抹|一剥|一拨)就(掉|破|烂|脱|甩)|(像|似|好似|好像)(被)?(开水|热水|火|滚水)?(烫|烧|辣)(伤|过|了|亲)|"
        r"露出.{0,4}(红色的?肉|红肉|鲜肉)|"
        r"皮.{0,6}烂了|(皮|皮肤).{0,12}(撕下|撕掉|粘在|一大块|好大一块|一块块|一嚿嚿|整张)|(露出|里面是|见晒|见到).{0,4}红肉|"
        r"甩晒皮|甩晒|一嚿嚿",
        r"peeling.{0,6}(大片|一大片|好大片)|(大片|好大片).{0,6}peeling",
    )),
    Sign("mouth_eyes", "a mouth, throat or eyes too affected to eat, drink, swallow or see", (
        r"\b(can ?not|can'?t|cant|unable to|won'?t|not able to|couldn'?t|could not|(has|have)(n'?t| not) been able to) "
        r"(even |really |barely )?(eat|drink|swallow|"
        r"open (his|her|my|their|your) eyes|open (his|her|my|their) mouth|keep (any|anything) down)\b",
        r"\beyes?\b.{0,30}\b(swollen|glued|crusted|stuck|sealed|totally|completely) shut\b|\bcan'?t (see (anything|at all|a thing)|open them)\b",
        # eyes swollen shut ("eys", "eye lids", "swolen": typos too short or too rare to be put right)
        r"\b(eyes?|eys|eye ?lids?|lids)\b.{0,12}\b(swollen|swolen|glued|crusted|sealed|stuck) shut\b|"
        r"\beyes?\b.{0,25}\bswollen\b.{0,20}\b(can'?t|cannot|won'?t|unable to) (open|see)\b",
        r"eyes?.{0,3}肿.{0,4}(cant|cannot)open|eyes?.{0,3}肿.{0,4}(睁不开|擘唔开|打唔开|开唔到)",  # "eyes 腫到 can't open"
        r"\bcan'?t open (either|both|his|her|my|their)? ?eyes?\b|\b(glued|stuck) together\b",
        r"\b(hasn'?t|has not|haven'?t|have not|hadn'?t) (drunk|drank) (anything|a drop|a sip|any (water|fluids?))( at all)? "
        r"(since|all day|for (a|one|two|three|\d+|the whole|a whole) (day|days|whole day|24 hours))\b|"
        r"\b(hasn'?t|has not|haven'?t|have not|hadn'?t) had (anything|a drop|a sip|any (water|fluids?)) to drink\b|"
        r"\b(hasn'?t|has not|haven'?t|have not|hadn'?t) had (a sip|a drop|any (water|fluids?))( of water)? (since|all day)\b|"
        r"\brefus\w* (all |any )?(drinks|food|fluids|to (eat|drink))\b|\b(hasn'?t|has not|haven'?t) (peed|urinated)\b|\bnot peeing\b",
        r"\b(mouth|throat)\b.{0,25}\b(covered|full|filled) (in|of|with) (raw )?(sores|ulcers|blisters)\b",
        # "his mouth hurts too much to eat", "too sore to swallow"
        r"\b(too (much|sore|painful|raw)|so (sore|painful|raw) (that )?(he|she|they|i) can'?t) (to )?(eat|drink|swallow)\b|"
        r"\bhurts? (too much )?to (eat|drink|swallow)\b",
        r"吃不下|喝不下|咽不下|吞不下|不能吞咽|无法吞咽|吃不了东西|喝不了水|没法吃|没办法吃|不能吃东西|不能喝水|"
        r"睁不开|张不开|食唔落|饮唔落|饮唔到|擘唔开|(几天|两天|一天|好几天|三天)没(吃|喝)|没吃东西|不吃东西|"
        r"咽口水都(疼|痛)|不肯(吃|喝)|一口都不(吃|喝)|喝不了|连喝水都(疼|痛)|开唔到|打唔开眼|冇小便|没有尿|没尿",
        # "不吃不喝", "一整天没吃没喝", "眼睛挣不开" (挣: a sound-alike slip for 睁), "眼睛黏在一起打不开"
        r"不吃不喝|不吃也不喝|(一整天|整天|一天|成日|两天).{0,3}(没|冇|唔|不)(吃|喝|食|饮)|"
        r"眼.{0,8}(睁不开|挣不开|争不开|打不开|开不了|擘唔开|黏在一起|粘在一起|黏住|粘住|黐埋|黐住)",
    )),
    Sign("meningitis", "a severe headache with a stiff neck or light hurting the eyes (aseptic meningitis, IVIG)", (
        r"\b(stiff|rigid|stiffened) neck\b|\bneck (is |feels )?(very |really |so )?(stiff|rigid)\b|"
        r"\bcan'?t (bend|move|turn) (his|her|my|their|the) (neck|head)\b",
        r"\bchin (to|on|down to|onto) (his|her|my|their|the )?\s?chest\b|\bworst headache\b|\blight hurts\b|\bneck stiffness\b|"
        r"\bstiffness in (his|her|my|their|the) neck\b",
        r"(颈|脖子|脖颈|条颈).{0,6}(硬|僵|低不下|动不了|转不了|转不动|扭不动|郁唔到|stiff)|neck.{0,6}(硬|僵)|头(痛|疼)欲裂|头(痛|疼)到爆",
    )),
    Sign("dying", "the writer says someone is dying or calls for help", (
        r"(?<!cells )(?<!cell )\b((is|are) dying|(hes|shes|theyre|im) dying)\b(?! (to|for|of (laughter|boredom|curiosity)))|"
        r"\bgoing to die\b",
        r"快不行了|救命|要死了|快唔得(?!闲)|(人|佢|他|她|爸|妈|婆|公|爷|嫲|仔|女|宝宝|孩子)(好像|好似)?快要不行|"
        r"(?<![累笑热攰饿闷烦忙到得])快死(了|喇|啦)",
    )),
)
WIDESPREAD_BLISTERS = Sign("widespread_blisters", "blisters all over the body (not chickenpox)", (
    r"\bblisters?\b.{0,20}\b(all over|everywhere|whole body|spreading)\b|\b(all over|whole body)\b.{0,20}\bblisters?\b",
    r"(全身|浑身|成身|满身|周身).{0,4}(起泡|起水泡|水泡|水疱|大疱|blister)|一身泡|起晒泡|"
    r"(水泡|水疱|大疱|blisters?)(全身|浑身|成身|满身|周身)都(是|系)",  # "水泡全身都是"
))
CHICKENPOX = re.compile(r"\b(chicken ?pox|varicella|hand,? foot and mouth)\b|水痘|手足口")
# chickenpox ruled out by the writer: "全身都是水泡，不是水痘", "blisters everywhere, not chickenpox"
NOT_CHICKENPOX = re.compile(
    r"\b(not|isn'?t|no|never had|ruled out|doesn'?t look like|don'?t think (it'?s|its)) (the )?(chicken ?pox|varicella)\b|"
    r"\b(chicken ?pox|varicella) (was |has been |is )?ruled out\b|(不是|唔系|唔是|并非|不像|冇|排除)\s*.{0,3}(水痘|chicken ?pox)"
)
# Signs that are danger only together (see triage()).
BLISTERS = Sign("blisters", "blisters", (
    r"\bblisters?\b|\bblistering\b|\bblister\b|\bfluid(-| )filled\b|\bwater balloons?\b|\b(shui ?pao|qi ?pao)\b",
    r"水泡|水疱|起泡|大疱|水炮|水跑|水抛|水皰|起水|一身泡|起了.{0,4}泡|起晒泡|起咗泡|泡泡",  # 水炮, 水跑, 水抛: sound-alike slips for 水泡
))
FEVER = Sign("fever", "a fever in words", (
    r"\b(fever|fevers|feverish|febrile|burning up|temp|temperature|hot to (the )?touch|fa ?shao|gao ?shao|fa ?re)\b",
    r"发烧|发热|高烧|高热|低烧|烧到|烧了|在烧|还烧|还在烧|体温|烧得|烧起来|发高烧|烧一晚|烧了一晚|烧咗|发紧烧|烧紧|发着烧|烧着",
))
HIGH_FEVER = Sign("high_fever", "a high fever in words: counts as 39 °C", (
    r"\b(high|very high|raging|spiking) (fever|temp|temperature)\b|\bburning up\b|\bgao ?shao\b",
    r"高烧|高热|发高烧|烧得很厉害|烧得好犀利",
))
LIPS_MOUTH = Sign("lips_mouth", "sore, peeling or bleeding lips, mouth sores", (
    r"\blips?\b.{0,25}\b(peeling|bleeding|cracked|cracking|raw|crusted|blistered|swollen)\b",
    r"\b(mouth|throat|lips?)\b.{0,20}\b(sores|ulcers|blisters)\b|\b(sores|ulcers|blisters)\b.{0,20}\b(mouth|throat|lips?)\b",
    r"(嘴唇|lips?).{0,8}(脱皮|出血|流血|流紧血|裂|爆|烂|破|溃烂|结痂|肿|bleeding|peeling|cracked)|(口腔|嘴巴|嘴|口).{0,6}(溃烂|溃疡|烂|破|起泡|泡)",
))
SKIN_EYES = Sign("skin_eyes", "a rash, red or sore eyes, peeling skin", (
    r"\b(rash|rashes|red (patches|spots|blotches)|hives|peeling|spots)\b",
    r"\b(red|pink|sore|bloodshot|swollen|painful) eyes?\b|\beyes?\b.{0,15}\b(red|sore|swollen|bloodshot)\b",
    r"eyes?.{0,4}(红|肿|痛)|皮疹|红疹|疹子|出疹|出(晒|咗|左|了|满)疹|起(晒|咗|左|满)疹|红斑|红点|红块|脱皮|掉皮|甩皮|起疹|(眼睛|眼).{0,4}(红|肿|痛)",
))
NEW_DRUG = Sign("new_drug", "a medicine started recently", (
    r"\b(started|starting|began|new|just took|after taking|since taking)\b.{0,30}\b(med|meds|medicine|medication|"
    r"drug|pill|pills|antibiotic|antibiotics|tablets?)\b",
    r"(开始|刚)(吃|服|用|食)|吃了.{0,8}(药|素).{0,4}(以后|之后|后)|新(的|嘅)?.{0,6}(药|素)|换了.{0,6}药|食咗.{0,6}药",
))

# Not now, not real, not asking.
PAST = re.compile(
    # an episode over and done: years ago, a year named, "when she had TEN", as a child, gone away again
    r"\b((years?|yrs?|months?) ago|last (year|month|week|weekend|winter|summer|spring|autumn|fall|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"in (19|20)\d\d|back (in (19|20)\d\d|then)|when (he|she|i|we|they) (had|was)|previously|used to|"
    r"as a (kid|child|baby|teen)|in high school|went away|gone now|resolved|got better|broke after|went down)\b"
    # 过去 is "the past", not 昏过去 / 晕过去 ("fainted")
    r"|去年|前年|旧年|年前|以前|之前|曾经|当时|那时|那次|(?<![昏晕死睡倒冲跑走拿递送传看])过去|小时候|试过|已经好了|已经退了|消了|"
    r"上周|上个?星期|上个?礼拜|上个月|上次|两天就退|就退了"
)
PRESENT = re.compile(
    # something said to be happening now: the clauses from here on count again
    r"\b(now|right now|currently|at the moment|tonight|this morning|today|just now|still|suddenly)\b"
    r"|现在|正在|刚才|刚刚|今天|今晚|今早|突然|一直|而家|依家|宜家|仲"
)
HYPOTHETICAL = re.compile(
    r"(?<!know )(?<!sure )(?<!wonder )(?<!wondering )\b(if|what if|in case|suppose|supposing|should (he|she|it) ever|hypothetical|hypothetically|just curious|"
    r"would (a|an|it|that|this)|(could|might|may|can|would) (give|cause) "
    r"(me|him|her|them|us|you))\b|如果|万一|要是|假如|假设|若果|好奇"
)
ORDINARY_BURN = re.compile(
    # peeling after sunburn, a scald from hot water or an eczema flare is ordinary: not TEN's skin coming off
    r"\b(sunburn|sun burn|sunburnt|sunburned|beach|hot water|boiling water|kettle|oven|iron|scalded (my|his|her|their) "
    r"(hand|arm|leg|foot|finger)|eczema|dermatitis|psoriasis)\b|晒伤|晒脱皮|晒黑|太阳晒|开水烫到|热水烫到|滚水|辣亲|烫伤了手|"
    r"烫到|湿疹|皮炎|牛皮癣|银屑病"
)
UNDER_CARE = re.compile(
    # the person is already in hospital or diagnosed: the skin and fever of TEN are then what the message is about,
    # not a call for help (acute danger, such as breathing or fainting, still counts)
    r"\b(in (the )?(hospital|icu|picu|burns? unit|burn ward)|admitted|diagnosed|"
    r"(doctors?|they|the team) (gave|started|put) (him|her|them|me) on|"
    r"(doctors?|they|theyre|the team|the hospital|the er|nurses?)\b.{0,15}\b(calling|call|saying|said|says|think|thinks)"
    r"\b.{0,10}\b(ten|sjs|it|its|this))\b"
    r"|住院|住进|医院说|医院话|医生说是|医生话|确诊|诊断为|诊断出|烧伤科|烧伤病房|重症监护|在医院|"
    r"医生.{0,4}(写|讲|判断|诊断|认为|觉得)(咗|了|是|话)|(写|诊断)咗|"
    # being treated for it: "医生用了激素", "又加了丙种球蛋白"
    r"医生.{0,3}(用了|加了|开了|给(他|她|佢)?(用|打)了)|(用|加|打)了(激素|丙种球蛋白|丙球|免疫球蛋白|ivig)"
)
# diagnosed with the disease ("my grandma has TEN", "我妈得了SJS"), unless only suspected ("I think he has TEN")
DIAGNOSED = re.compile(r"\b(has|have|got|with|diagnosed with) (ten|sjs|overlap)\b|(得了|患了|患有|确诊了?)(ten|sjs|overlap)")
SUSPECTED = re.compile(
    r"\b(think|thought|maybe|might|could|wonder|wondering|whether|if|is it|worried|afraid|scared|suspect)\b|"
    r"是不是|会不会|怀疑|担心|可能|好似|好像|系唔系"
)
# the writer says it is urgent: a general-sounding question ("这是什么病", "是不是会死") then still raises the alarm
URGENT = re.compile(
    r"急|救命|怎么办|怎样办|点算|点办|咋办|是不是会死|会不会死|会唔会死|\b(help|urgent|asap|emergency|what (do|should) (i|we) do)\b"
)
# pink eye: eyes crusted shut with conjunctivitis are not TEN's eyes
PINK_EYE = re.compile(r"\b(pink ?eye|conjunctivitis)\b|结膜炎|红眼病")
AT_HOME = re.compile(r"\b(at home|home now|sent (us|him|her) home)\b|在家|回家|喺屋企|返咗屋企")
ACUTE = frozenset({"breathing", "consciousness", "meningitis", "dying"})
SIMILE = re.compile(r"\b(like|looks|as if|as though)\b|像|好似|好像|似的|一样")
NEGATED = re.compile(
    # a sign denied: "no rash", "没有疹子", "没吃新药" (the words after the negation are removed before reading signs)
    r"\b(no|without|not|never) (a |any |new )?(rash|rashes|blisters?|fever|new (meds?|medicines?|medication)|sores)\b"
    r"|\b(not|isn'?t|wasn'?t|didn'?t|did not|never|hasn'?t|no) (at all )?(having |got |getting |showing |had )?(confused|pass(ed)? out|faint(ed)?|unconscious|"
    r"collapse[d]?|wheezing|seizing|(any )?(trouble|difficulty|problems?) breathing|short(ness)? of breath)\b"
    r"|(没有|没|无|不|冇|未)(吃|用|发)?(新药|新的药|疹子|皮疹|红疹|起疹|水泡|起泡|发烧|发热)"
    r"|(没有|没|冇|并没有|未有)(出现)?(呼吸困难|透不过气|透唔到气|喘不上气|晕倒|昏迷|抽搐|意识不清)"
)
FIGURE_OF_SPEECH = re.compile(
    # the disease described, not a person: "I read TEN is like a bad burn", "TEN看起来像烧伤一样"
    r"\b(ten|sjs|lyells?|the disease|the condition|this disease|this condition) (is|looks|can look|can be|is said to be)"
    r" (like|similar to)\b[^.,;!?]*|(ten|sjs).{0,8}(像|好似|好像)[^，。,.!?！？]*|"
    # words of danger used as a figure of speech: removed before the signs are read
    r"\b(nearly|almost) (fainted|passed out|died|had a heart attack) (when (i|we) (read|saw|heard|looked|found out|got)|"
    r"reading|seeing|hearing|looking at|at (the|that|this))\b|"
    r"\b(can'?t|cannot) breathe (when|whenever|every time) (i|we) (look|see|read|think|hear)\b|\bdying to\b|"
    r"\b(killing|kills|killed) me\b|\b(passed out|pass out|died|dying|fainted) (from |of )?(laughing|laughter)\b|"
    r"(看到|睇到|听到|见到|收到)[^，。,!?]{0,8}(账单|帐单|单|价钱|价格|费用|收费|报告|结果|数字|bill)[^，。,!?]{0,3}"
    r"(差点|差啲|差一点|险些|几乎)(晕|昏)(过去|倒|低|咗)?|\bmy eyes rolled back (when|at)\b|(累|笑|热|攰|饿|闷|烦|忙)(到|得)(快|要)?死|看得.{0,4}(头晕|晕倒|晕|要晕)|(热|冷|累|饿|笑|气|闷|吓|烦)(得)?要?死(了|啦|咗|人)?|吓到我(要)?晕|(看|读|听)到.{0,4}(晕倒|要晕)"
)
# a treatment that has not worked: "用了激素没反应", "打咗IVIG都冇反應" (the English kind: _NOT_TO_TREATMENT); removed before
# the signs are read, so its 没反应 is not a person who does not respond
TREATMENT_RESPONSE = re.compile(
    r"(激素|类固醇|丙球|丙种球蛋白|免疫球蛋白|ivig|药|治疗|疗法|打针|针|steroids?|treatment)[了后完都也还咗之过 ]{0,4}"
    r"(没|没有|冇|无|唔|不见)(什么|乜|咩|太大)?(反应|效果|起色|好转|改善)"
)
# Where a clause ends: punctuation (not the point or comma of "39.5"), a slash, or a space beside Chinese ("去年得过TEN
# 当时烧到40度 现在还会有后遗症吗" is three clauses).
_CLAUSE = re.compile(
    f"(?<!\\d)[.,](?!\\d)|[.,](?=\\s)|[!?;。！？；，、\\n/+]+|(?<=[{_HAN}])\\s+|\\s+(?=[{_HAN}])|\\s(?:and|but|though|although)\\s"
)
INFORMATIONAL = re.compile(
    # a question about risks or symptoms in general: "Can IVIG cause shortness of breath?", "IVIG会引起休克吗"
    r"\b(why|how come|how does|how would|what causes|what makes|risk|risks|chance|chances|likely|possible|common|"
    r"what does .{0,40} mean|meaning|in general|generally|dangerous|someone with|people with|patients with|a person with|"
    r"what should (someone|a person|people|patients)|convert|in celsius|in fahrenheit|"
    r"warning signs|watch for|look out for|what counts|is it normal|typical|usual|which (medicines?|drugs?|meds)|"
    r"difference|differ|compare|versus|vs|side effects?|listed|a (symptom|sign) of|(does|do|can|will) (ivig|it|immunoglobulin) help|"
    r"(can|could|does|do|will|would|might|may)\b.{0,30}\b(make|give) (you|someone|people|a person|patients)|"
    r"what (medicines?|drugs?|meds)|(can|could|does|do|will|would|might|may) \w+ make|(can|could|does|do|will|would|might|may) "
    r"(ivig|ten|sjs|it|this|that|the \w+|\w+ing)\b.{0,30}\b(cause|causes|lead|make|give|trigger|bring|result))\b"
    # a disease described to be named: "what is that disease where your skin peels off", "有一种…的病，那是什么病"
    r"|\b(disease|condition|illness|syndrome|reaction) (where|that makes|in which|when)\b"
    r"|\b(can|could|do|does|will|would) (you|one|people|patients) (get|develop)\b.{0,40}\b(from|after)\b"
    r"|有一种|什么病|哪种病|系咩病|甚么病|(是不是|系咪|系唔系|是否).{0,6}会"
    r"|听说|据说|听人讲|听讲|\bi (heard|read) (that )?"
    r"|为什么|为何|点解|怎么会|是怎么|原因|原理|会不会|会唔会|会引起|会导致|能引起|可能会|风险|是否会|常见|算不算|是不是.{0,10}症状|"
    r"症状(是不是|是|有|包括)|是.{0,10}(症状|symptoms?)\s?(吗|嘛|么|呀)|副作用|的时候会|时会|换算|是摄氏|是华氏|几度|是多少度|一般会|通常会"
)
SOMEONE = re.compile(
    # someone it is happening to ("they" is left out: "why would they give IVIG" speaks of doctors)
    r"\b(i|im|i'm|me|my|mine|we|our|he|hes|he's|him|his|she|shes|she's|her|son|daughter|"
    r"husband|wife|mom|mum|dad|mother|father|child|kid|baby|toddler|grandma|grandpa|grandmother|grandfather|brother|"
    r"sister|friend|patient)\b|我|他|她|孩子|宝宝|儿子|女儿|老公|老婆|爸|妈|老豆|家人|朋友|佢|阿爸|阿妈|bb|病人"
)

# Temperatures: a number with a unit or beside a word for fever; not a weight, age, dose, count, water or weather.
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(
    r"(?P<fahrenheit>华氏)?\s*(?P<value>\d{2,3}(?:[.,]\d{1,2})?)\s*(?P<unit>°\s*(?:[cf]\b)?|º\s*(?:[cf]\b)?|度|读|渡|du\b|degrees?\s*(?:[cf]\b)?"
    r"|deg\b|c\b|f\b)?(?P<tenths>\d(?!\d))?"
)
_CHINESE_NUMBER = re.compile(
    r"(?P<fahrenheit>华氏)?(?P<tens>[三四一])十(?P<ones>[一二三四五六七八九])?(点(?P<point>[一二三四五六七八九]))?(度|读|渡)"
    r"(?P<tenths>[一二三四五六七八九半]|几)?"  # 三十九度五, 四十点五度
)
_FEVER_BEFORE = re.compile(
    r"(fever|temp|temperature|febrile|running|spiked?|spiking|burning up|t=|fa ?shao|gao ?shao|发烧|发热|高烧|低烧|体温|烧到|烧了|烧|量了|量|有|"
    r"hit|reached|up to|of|腋温|耳温|口温|肛温)\W{0,3}(a |about |around |nearly |almost |over |at |is |was |是|到|有)?$"
)
_FEVER_AFTER = re.compile(r"^\s*(fever|temp|temperature|degree fever|的烧|度的烧|度高烧)")
_NOT_TEMPERATURE_AFTER = re.compile(
    # a unit that is not a temperature's, or water, a bath, the weather: "40 kg", "40度的水", "a 40 degree bath"
    r"^\s*(kg|kgs|kilos?|lb|lbs|pounds?|mg|g\b|grams?|ml|mcg|years?|yrs?|yo\b|y/o|month|岁|公斤|斤|克|毫升|%|percent|"
    r"million|fm\b|cm\b|mm\b|mmol|umol|µmol|mg/dl|\$|的水|的温水|温水|的天气|水温|度的水|度的天气|度天气|天气|洗澡|擦身|水|water|hot water|warm water|weather|"
    r"outside|out\b|room|bath|shower|tub|in (the )?(summer|winter|shade|sun)|嘅热水|的热水|热水|嘅水|嘅天气)"
)
# a count: "40 patients", "39天" (a decimal such as 40.1 is never a count)
_COUNT_AFTER = re.compile(
    r"^\s*(天|日|days?|hours?|h\b|patients|cases|pages|people|weeks?|minutes|mins|次|例|周|个|块|元|页|本|张|片|粒|颗|支|瓶|"
    r"盒|袋|包|位|名|人|号|床|层|楼|分钟|秒|小时|年|月)"
)
# water, a bath, the weather, a room, a price, a weight or an age before the number: "the bath water was 40 degrees",
# "泡脚水40度", "$104"
_NOT_TEMPERATURE_BEFORE = re.compile(
    r"(\$|¥|usd|rmb|水温|气温|室温|天气|洗澡水|水|(外面|室外|户外|出面|外边)(都|也)?(有|系|是)?|weighs?|weight|age|aged?|"
    r"creatinine|glucose|sugar|level|levels|count|height|tall|bp|pressure|score)( (was|is|of|at|came back))?\W{0,3}$|"
    r"\b(water|bath|shower|pool|tub|weather|room|outside|oven)( \w+)?( (was|is|at|of|about|around|set to|temperature|temp))?\W{0,3}$|"
    # a medicine's storage: "can IVIG vials be stored at 40°C"
    r"\b(stored|store|storing|storage|kept|keep|keeping|refrigerated|left)( \w+)? (at|below|above|under|over|in)\W{0,3}$"
)
# 39.5, 40,1 (°C): a body temperature even without a unit; 102.5 (°F) only where a reading is given ("she's at 102.5")
_DECIMAL_TEMPERATURE = re.compile(r"^(3[5-9]|4[0-2])[.,]\d$")
_FAHRENHEIT_DECIMAL = re.compile(r"^(99|10[0-8])[.,]\d$")
_READING_BEFORE = re.compile(r"\b(is|was|at|hit|reads?|reading|running)\s*$")


def _celsius(value: float, fahrenheit: bool) -> float | None:
    """A body temperature in °C, or None when the value cannot be one (34-44 °C, or 93-111 °F)."""
    if fahrenheit or 93 <= value <= 111:
        value = (value - 32) * 5 / 9
    return value if 34.0 <= value <= 44.0 else None


def temperature(folded: str) -> float | None:
    """The highest body temperature the message states, in °C; None when it states none.

    >>> [temperature(t) for t in ("a 40°c fever", "39.5 fever and peeling lips", "104f", "烧到39度8", "三十九度五",
    ...                           "华氏104度", "高烧40", "i weigh 104 lbs", "40岁", "40度的水", "fever of 38.2")]
    [40.0, 39.5, 40.0, 39.8, 39.5, 40.0, 40.0, None, None, None, 38.2]
    """
    found: list[float] = []
    for match in _NUMBER.finditer(folded):
        before, after = folded[: match.start("value")], folded[match.end() :]  # "temperature is 104.5"
        if _NOT_TEMPERATURE_AFTER.match(after) or _NOT_TEMPERATURE_BEFORE.search(before[-24:]):
            continue
        if _COUNT_AFTER.match(after) and not match.group("unit") and "." not in match.group("value"):
            continue
        unit = (match.group("unit") or "").replace(" ", "")
        value = float(match.group("value").replace(",", "."))
        if match.group("tenths") and "." not in match.group("value") and unit == "度":
            value += int(match.group("tenths")) / 10  # 39度8
        elif match.group("tenths"):
            continue  # digits run on: not a temperature
        fever_word = _FEVER_BEFORE.search(before[-16:]) is not None or _FEVER_AFTER.match(after) is not None
        bare = _DECIMAL_TEMPERATURE.match(match.group("value")) or (
            _FAHRENHEIT_DECIMAL.match(match.group("value")) and _READING_BEFORE.search(before[-12:]))
        if not unit and not fever_word and not bare:
            continue
        fahrenheit = bool(match.group("fahrenheit")) or unit.endswith("f")
        celsius = _celsius(value, fahrenheit)
        if celsius is not None:
            found.append(celsius)
    for match in _CHINESE_NUMBER.finditer(folded):
        if _NOT_TEMPERATURE_AFTER.match(folded[match.end() :]) or _NOT_TEMPERATURE_BEFORE.search(folded[: match.start()][-24:]):
            continue
        value = {"一": 10, "三": 30, "四": 40}[match.group("tens")] + _CHINESE_DIGITS.get(match.group("ones") or "", 0)
        tenths = match.group("tenths") or match.group("point")
        value += 0.5 if tenths in ("半", "几") else _CHINESE_DIGITS.get(tenths or "", 0) / 10
        celsius = _celsius(value, bool(match.group("fahrenheit")))
        if celsius is not None:
            found.append(celsius)
    return max(found) if found else None


def _compile(sign: Sign) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(English, Chinese) patterns of a sign; the Chinese one runs on the text without spaces."""
    english = [p for p in sign.patterns if not re.search(f"[{_HAN}]", p)]
    chinese = [p for p in sign.patterns if re.search(f"[{_HAN}]", p)]
    return (
        re.compile("|".join(f"(?:{p})" for p in english) or r"(?!)"),
        re.compile("|".join(f"(?:{p})" for p in chinese) or r"(?!)"),
    )


_SIGNS = (*ALONE, BLISTERS, WIDESPREAD_BLISTERS, FEVER, HIGH_FEVER, LIPS_MOUTH, SKIN_EYES, NEW_DRUG)
_COMPILED = {sign.name: _compile(sign) for sign in _SIGNS}
# The same patterns as two prefiltered sets (app.answering.literals): one call per text finds every sign in it.
_ENGLISH_SIGNS = PatternSet({sign.name: [p for p in sign.patterns if not re.search(f"[{_HAN}]", p)] for sign in _SIGNS})
_CHINESE_SIGNS = PatternSet({sign.name: [p for p in sign.patterns if re.search(f"[{_HAN}]", p)] for sign in _SIGNS})
_SPACE_BETWEEN = re.compile(r"\s+")
_HAN_CHARACTER = re.compile(f"[{_HAN}]")


@dataclass(frozen=True, slots=True)
class Triage:
    """The verdict on one message: whether it is an emergency, the danger signs found, and the temperature read."""

    emergency: bool
    signs: tuple[str, ...]
    celsius: float | None


def _has(name: str, text: str, compact: str) -> bool:
    english, chinese = _COMPILED[name]
    return english.search(text) is not None or chinese.search(compact) is not None


def current_text(folded: str) -> str:
    """The message without the clauses about the past or about what might happen ("he had TEN two years ago",
    "if her skin starts peeling"): a clause that says something happens now makes the clauses after it count."""
    kept: list[str] = []
    counting = True
    for clause in _CLAUSE.split(folded):
        if PRESENT.search(clause):
            counting = True
        elif PAST.search(clause) or HYPOTHETICAL.search(clause):
            counting = False
        if counting:
            kept.append(clause)
    return " ".join(kept)


_SCRIPT_CHANGE = re.compile(f"(?<=[{_HAN}])(?=[a-z0-9])|(?<=[a-z0-9])(?=[{_HAN}])")
_WORD_NUMBER = re.compile(
    r"\b(thirty|forty|a hundred( and)?|one hundred( and)?)(?:[ -]?(one|two|three|four|five|six|seven|eight|nine))?"
    r"(?: point (one|two|three|four|five|six|seven|eight|nine|zero))?\b"
)
_NUMBER_WORDS = necessary_literals(_WORD_NUMBER.pattern)  # thirty, forty, a hundred, one hundred
_WORD_VALUE = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "zero": 0}


def _spaced_scripts(text: str) -> str:
    """A space where Chinese meets a Latin letter or digit ("全身blisters" -> "全身 blisters")."""
    return text if text.isascii() else _SCRIPT_CHANGE.sub(" ", text)


def _numbers_in_words(text: str) -> str:
    """English number words as digits, for temperatures: "thirty nine point seven" -> "39.7"."""
    if _NUMBER_WORDS is not None and not any(word in text for word in _NUMBER_WORDS):  # no word a number needs
        return text

    def digits(match: re.Match[str]) -> str:
        tens = {"thirty": 30, "forty": 40}.get(match.group(1), 100)
        value = tens + _WORD_VALUE.get(match.group(4) or "", 0)
        return f"{value}.{_WORD_VALUE[match.group(5)]}" if match.group(5) else str(value)

    return _WORD_NUMBER.sub(digits, text)


def _signs_in(text: str) -> set[str]:
    """The names of the signs whose patterns match ``text`` (the Chinese ones on the text without spaces)."""
    found = set(_ENGLISH_SIGNS.matching(text))
    if _HAN_CHARACTER.search(text):
        found |= _CHINESE_SIGNS.matching(_SPACE_BETWEEN.sub("", text))
    return found


def triage(folded: str, *readings: str, drug_named: bool = False) -> Triage:
    """The emergency verdict on a folded message (:func:`app.answering.normalize.fold`), by the rules of this module.

    ``readings``: the same message read otherwise (typos and sound-alike characters put right,
    :class:`app.answering.understanding.Reading`); a sign found in any reading counts, so "水跑" (a pinyin slip for 水泡) and
    "条颈好硬" (which a sound-alike guess would spoil) are both read right. ``drug_named``: the message names a
    medicine (a new medicine is one of the signs that make 39 °C danger).
    """
    # "全身blisters" reads "全身 blisters"; "thirty nine point five" reads "39.5"
    spaced = [_numbers_in_words(_spaced_scripts(text)) for text in dict.fromkeys((folded, *readings))]
    # Most questions name no sign and no temperature at all: they need none of the rules that set words aside.
    if not any(_signs_in(text) or temperature(text) is not None for text in spaced):
        return Triage(False, (), None)
    texts = [TREATMENT_RESPONSE.sub(" ", FIGURE_OF_SPEECH.sub(" ", text)) for text in spaced]
    currents = [NEGATED.sub(" ", current_text(text)) for text in texts]
    found: set[str] = set()
    for text in currents:
        found |= _signs_in(text)

    def has(name: str) -> bool:
        return name in found

    signs = [sign.name for sign in ALONE if has(sign.name)]
    if signs == ["skin"] and ORDINARY_BURN.search(texts[0]) and not SIMILE.search(texts[0]):
        signs = []  # sunburn peeling, a scald: ordinary ("it looks like a scald" is not one)
    if signs == ["mouth_eyes"] and PINK_EYE.search(texts[0]):
        signs = []  # eyes crusted shut with pink eye
    temperatures = [value for text in currents if (value := temperature(text)) is not None]
    celsius = max(temperatures) if temperatures else None
    fever = celsius is not None or has("fever")
    high = (celsius is not None and celsius >= 39.0) or has("high_fever")
    skin_or_mouth = has("skin_eyes") or has("lips_mouth")
    blisters = has("blisters")
    if celsius is not None and celsius >= 40.0:
        signs.append("temperature_40")
    if blisters and fever:
        signs.append("blisters_with_fever")
    elif has("widespread_blisters") and not CHICKENPOX.search(NOT_CHICKENPOX.sub(" ", texts[0])):
        signs.append("widespread_blisters")
    if has("lips_mouth") and (fever or has("skin_eyes")):
        signs.append("mouth_with_fever_or_rash")
    if high and (skin_or_mouth or blisters or drug_named or has("new_drug")):
        signs.append("high_fever_with_sign")
    if not signs:
        return Triage(False, (), celsius)
    diagnosed = (match := DIAGNOSED.search(texts[0])) is not None and not SUSPECTED.search(texts[0][: match.start()][-20:])
    if (UNDER_CARE.search(texts[0]) or diagnosed) and not AT_HOME.search(texts[0]) and not ACUTE.intersection(signs):
        return Triage(False, tuple(signs), celsius)  # in hospital with TEN's skin: the question is about TEN
    if any(INFORMATIONAL.search(text) for text in texts) and not SOMEONE.search(texts[0]) and not URGENT.search(texts[0]):
        return Triage(False, tuple(signs), celsius)
    return Triage(True, tuple(signs), celsius)


def vocabulary() -> list[str]:
    """The English words the signs look for ("blisters", "bleeding", "stiff"): typos are put right towards them
    too (:meth:`app.answering.normalize.Normalizer.corrected`), so "blistrs" and "stif neck" still count."""
    signs = (*ALONE, BLISTERS, WIDESPREAD_BLISTERS, FEVER, HIGH_FEVER, LIPS_MOUTH, SKIN_EYES, NEW_DRUG)
    patterns = [p for sign in signs for p in sign.patterns]
    return sorted({word for pattern in patterns for word in re.findall(r"(?<![\\?])\b[a-z]{4,}\b", pattern)})


def is_emergency(folded: str) -> bool:
    """The (folded) message describes danger happening now to someone (see :func:`triage`)."""
    return triage(folded).emergency
