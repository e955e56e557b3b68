"""The people of the demo village (``demo.py``): Chinese names weighted by how common they are,
families with relations, valid ID numbers and phone numbers, grid names; and the static data
the demo draws from: units, places, notes, review reasons and how often each rule is used."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import idcard

# fmt: off
# Share of the population per 1,000 people, roughly as in the 2020 census; 单, 曾, 仇 and 欧阳
# are a little more common than in life so that pinyin search has its interesting cases.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 51), ("陈", 46), ("杨", 32), ("黄", 25),
    ("赵", 22), ("吴", 21), ("周", 20), ("徐", 15), ("孙", 14), ("马", 13), ("朱", 13),
    ("胡", 12), ("郭", 12), ("何", 11), ("林", 10), ("高", 10), ("罗", 9), ("郑", 8),
    ("梁", 8), ("谢", 7), ("宋", 6), ("唐", 6), ("许", 6), ("韩", 6), ("冯", 5), ("邓", 5),
    ("曹", 5), ("彭", 5), ("曾", 6), ("肖", 5), ("田", 5), ("董", 5), ("潘", 4), ("袁", 4),
    ("蔡", 4), ("蒋", 4), ("余", 4), ("于", 4), ("杜", 4), ("叶", 4), ("程", 3), ("魏", 3),
    ("苏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("卢", 3), ("姚", 3), ("沈", 3), ("钟", 3),
    ("姜", 3), ("崔", 3), ("谭", 3), ("陆", 3), ("范", 2), ("汪", 2), ("廖", 2), ("石", 2),
    ("金", 2), ("贾", 2), ("夏", 2), ("付", 2), ("方", 2), ("邹", 2), ("熊", 2), ("白", 2),
    ("孟", 2), ("秦", 2), ("邱", 2), ("侯", 2), ("江", 2), ("尹", 2), ("薛", 2), ("段", 2),
    ("雷", 2), ("龙", 1), ("黎", 1), ("史", 1), ("陶", 1), ("贺", 1), ("毛", 1), ("郝", 1),
    ("顾", 1), ("龚", 1), ("邵", 1), ("万", 1), ("覃", 1), ("武", 1), ("钱", 1), ("戴", 1),
    ("严", 1), ("孔", 1), ("向", 1), ("常", 1), ("汤", 1),
    ("单", 4), ("仇", 3), ("欧阳", 3),
)

# Given names by the decade people were born in: (born before, male names, female names).
GIVEN_NAMES: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        1960,
        ("建国", "国强", "德明", "志强", "文华", "永福", "长顺", "长林", "富贵", "大山",
         "明德", "有才", "守仁", "树林", "金生", "保国", "振华", "光明", "建华", "玉林",
         "德福", "春生", "秋生", "福", "林", "山", "华", "明", "昌", "贵"),
        ("秀英", "桂英", "秀兰", "玉兰", "桂兰", "凤英", "淑珍", "秀珍", "玉梅", "翠花",
         "桂花", "金凤", "春梅", "冬梅", "素芳", "兰英", "玉珍", "英", "兰", "珍", "梅", "芝"),
    ),
    (
        1980,
        ("建军", "建平", "建新", "志刚", "海涛", "卫国", "卫东", "红军", "晓东", "小龙",
         "红兵", "国平", "海军", "立新", "建设", "建林", "伟", "强", "军", "勇", "斌", "刚",
         "平", "东"),
        ("丽", "芳", "红", "燕", "霞", "娟", "敏", "艳", "丽华", "红梅", "春燕", "建英",
         "秀云", "彩霞", "玉霞", "小红", "海燕", "桂芳", "凤", "萍"),
    ),
    (
        1995,
        ("磊", "涛", "峰", "鹏", "辉", "俊", "杰", "浩", "明辉", "晓峰", "建波", "志远",
         "海波", "文涛", "小兵", "俊峰", "建", "超", "亮", "强"),
        ("静", "婷", "丽娟", "晓燕", "倩", "佳", "丹丹", "婷婷", "晓丽", "雪梅", "慧",
         "玲", "莉", "建红", "晶", "敏"),
    ),
    (
        2010,
        ("浩然", "子豪", "俊杰", "宇航", "博文", "文博", "嘉豪", "家乐", "鹏飞", "天宇",
         "鑫", "宇", "浩", "建宇", "志豪", "凯", "帅", "旭"),
        ("雨婷", "佳琪", "梦瑶", "思雨", "欣怡", "雨欣", "晓雪", "雪", "欣", "倩倩", "佳怡",
         "心怡", "梦婷", "雨"),
    ),
    (
        9999,
        ("子轩", "浩宇", "宇轩", "梓豪", "睿", "子墨", "一鸣", "沐阳", "皓轩", "俊熙",
         "奕辰", "宇航", "锦程", "泽宇", "睿泽"),
        ("梓涵", "子涵", "诗涵", "欣妍", "一诺", "雨桐", "可馨", "语嫣", "思彤", "若汐",
         "梓萱", "紫涵", "雨涵", "沐晴"),
    ),
)

NUMERALS = "零一二三四五六七八九"

# Units (单位): name pattern ({v} is the village name without 村), and whether it is a shop.
UNITS: tuple[tuple[str, bool], ...] = (
    ("{v}便民超市", True),
    ("{v}富民种植专业合作社", False),
    ("{v}老年人协会", False),
    ("{v}村卫生室", False),
    ("鑫源农资店", True),
    ("{v}红白理事会", False),
    ("{v}家庭农场", False),
    ("惠民粮油加工厂", False),
    ("{v}小学", False),
    ("兴旺养殖专业合作社", False),
    ("好又多副食店", True),
    ("{v}文艺宣传队", False),
)

PLACES = ("村委会", "文化广场", "村小学门口", "村卫生室", "党群服务中心", "{g}", "{g}", "{g}")

PROVINCE_PHONE_PREFIXES = ("139", "138", "137", "135", "136", "158", "159", "150", "187", "188",
                           "133", "153", "180", "189", "130", "131", "155", "186")

# Notes a recorder might write for an item (by rule code); other items get none.
NOTES: dict[str, tuple[str, ...]] = {
    "A05": ("调解邻里宅基地纠纷", "调解婆媳矛盾", "协助调处承包地边界纠纷"),
    "A16": ("在公共道路上晾晒粮食", "饲养家禽散养影响邻里", "不按规定停放农机具"),
    "A17": ("参与聚众赌博，经派出所查处",),
    "B03": ("陪父母到镇卫生院体检",),
    "B05": ("参加“邻里守望”志愿服务", "疫苗接种点志愿服务", "高考护考志愿者", "敬老院慰问"),
    "B06": ("帮留守老人收割水稻", "辅导留守儿童功课"),
    "B08": ("镇献血点无偿献血400毫升",),
    "B09": ("拾到钱包归还失主",),
    "B13": ("帮助脱贫户销售农产品",),
    "B16": ("婚宴超过规定桌数",),
    "C03": ("清扫村道", "清理公共垃圾桶周边", "清除小广告"),
    "C13": ("帮五保户修缮房屋", "帮邻居抢收稻谷"),
    "C16": ("建议修建村道路灯，已实施",),
    "C17": ("田间焚烧秸秆，已制止",),
    "C18": ("门前乱堆柴草", "垃圾倒入沟渠"),
    "C19": ("未经审批搭建彩钢棚",),
    "E08": ("月度卫生检查评为整洁户",),
    "E14": ("经村调委会查实",),
}

DECLARED = ("B05", "B06", "B09", "B13", "C13", "C09", "C10", "B03", "E13")

# Relative frequency of each rule in the monthly flow of a recorder's entries. Items not listed
# get a small default, so a village's own items appear now and then too.
RULE_WEIGHTS: dict[str, float] = {
    "E08": 14, "B05": 10, "C03": 8, "C13": 6, "B06": 4, "B03": 4, "C05": 3, "C08": 3,
    "B10": 2, "B12": 2, "C04": 2, "C10": 2, "C15": 2, "B15": 2, "B13": 2, "C09": 1,
    "B09": 1, "B11": 1, "B14": 1, "C01": 1, "C02": 1, "C12": 1, "E13": 1, "A05": 1,
    "B02": 0.5, "B08": 0.5, "E04": 0.3, "E09": 0.3, "C11": 0.2, "C14": 0.2, "C16": 0.2,
    "A01": 0.03, "A02": 0.03, "A03": 0.05, "A04": 0.03, "A06": 0.05,
    # deductions, together a few per cent
    "A16": 1.2, "C18": 1.2, "A17": 0.3, "B16": 0.4, "C17": 0.4, "C19": 0.2,
    "E14": 0.1, "E15": 0.1,
    # honours: very rare in the monthly flow (the year-end award is separate)
    "D12": 0.1, "D11": 0.05, "D05": 0.05, "D10": 0.03, "D04": 0.02, "D09": 0.01,
    "D03": 0.005, "D08": 0.005, "D02": 0.002, "D07": 0.001, "D01": 0.0005,
}
DEFAULT_ADD_WEIGHT = 0.3
DEFAULT_DEDUCT_WEIGHT = 0.1

UNIT_RULE_CHANCE: dict[str, float] = {
    "F03": 0.6, "F05": 0.5, "F09": 0.15, "F01": 0.1, "F02": 0.1, "F04": 0.1, "F06": 0.05,
    "F07": 0.03, "F08": 0.05, "F10": 0.05, "F11": 0.05, "F12": 0.03, "F13": 0.03,
}
SHOP_ONLY = ("F05", "F12")

# Year-end household evaluation (年终评比): chance per 当年 item per household.
YEAR_END_CHANCE: dict[str, float] = {
    "E01": 0.25, "E02": 0.25, "E03": 0.1, "E05": 0.15, "E06": 0.05, "E07": 0.1,
    "E10": 0.15, "E11": 0.05, "E12": 0.2,
}

# Village activities by month: (rule, day, place, note).
ACTIVITIES: dict[int, tuple[tuple[str, int, str, str], ...]] = {
    1: (("C07", 8, "村委会", "村民代表大会"),),
    3: (("B04", 12, "村后山林地", "植树节义务植树"),),
    4: (("C06", 16, "{g}", "春季沟渠清淤"),),
    5: (("C07", 20, "党群服务中心", "人居环境整治动员会"),),
    6: (("A14", 15, "文化广场", "安全生产月消防演练"),),
    7: (("C06", 10, "村道", "防汛抗旱义务劳动"),),
    9: (("C07", 18, "村委会", "秋季村民大会"),),
    10: (("C06", 22, "{g}", "人居环境整治大扫除"),),
    11: (("B07", 6, "村委会", "扶贫济困一日捐"),),
    12: (("C07", 26, "文化广场", "年终总结表彰大会"),),
}

REJECT_REASONS = (
    "证据不足",
    "重复申报",
    "经核实未参加",
    "不符合细则要求",
    "日期有误，请核对后重新登记",
)

REVIEW_ATTENDEES = (
    "王德胜 李秀英 张卫东 刘桂兰 陈志强",
    "王德胜 李秀英 张卫东 赵红梅",
    "王德胜 张卫东 刘桂兰 陈志强 孙建华",
)

MOVE_OUT_REASONS = ("全家迁往县城居住", "户籍迁出，随子女到武汉生活", "整户外迁务工落户")

# fmt: on


@dataclass
class Person:
    name: str
    relation: str
    gender: str
    birth: dt.date
    id_number: str = ""
    party: bool = False
    phone: str = ""
    id: str = ""
    out_on: dt.date | None = None
    out_status: str = "moved_out"


def cumulative(weights: Sequence[float]) -> list[float]:
    total, result = 0.0, []
    for w in weights:
        total += w
        result.append(total)
    return result


def grid_name(index: int) -> str:
    """一组, 二组 … 十组, 十一组 … 九十九组."""
    n = index + 1
    tens, ones = divmod(n, 10)
    text = (NUMERALS[tens] if tens > 1 else "") + ("十" if tens else "")
    return text + (NUMERALS[ones] if ones or not tens else "") + "组"


class People:
    """Chinese names, families and valid ID numbers, from one random source."""

    def __init__(self, rng: random.Random, today: dt.date, area: str) -> None:
        self.rng = rng
        self.today = today
        self.area = area
        self.surnames = [s for s, _ in SURNAMES]
        self.cum = list(cumulative([w for _, w in SURNAMES]))
        self.ids: set[str] = set()

    def surname(self, favourite: Sequence[str] = ()) -> str:
        if favourite and self.rng.random() < 0.35:
            return self.rng.choice(favourite)
        return self.rng.choices(self.surnames, cum_weights=self.cum)[0]

    def person(self, surname: str, relation: str, gender: str, age: int) -> Person:
        rng = self.rng
        age = max(age, 0)
        birth = self.today - dt.timedelta(days=365 * age + rng.randint(0, 364))
        person = Person(surname + self.given_name(birth, gender), relation, gender, birth)
        person.id_number = self.id_number(birth, gender)
        person.party = age >= 25 and rng.random() < (0.12 if gender == "男" else 0.05)
        if 18 <= age <= 70 and rng.random() < 0.6:
            person.phone = self.phone()
        return person

    def given_name(self, birth: dt.date, gender: str) -> str:
        for before, male, female in GIVEN_NAMES:
            if birth.year < before:
                return self.rng.choice(male if gender == "男" else female)
        raise AssertionError("GIVEN_NAMES must end with an open-ended generation")

    def id_number(self, birth: dt.date, gender: str) -> str:
        while True:
            odd = self.rng.choice("13579" if gender == "男" else "02468")
            first17 = f"{self.area}{birth:%Y%m%d}{self.rng.randint(0, 99):02d}{odd}"
            number = first17 + idcard.check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(PROVINCE_PHONE_PREFIXES) + "".join(
            self.rng.choice("0123456789") for _ in range(8)
        )

    def family(self, favourite: Sequence[str]) -> list[Person]:
        """A head and one to five members with their relations."""
        rng = self.rng
        age = rng.randint(28, 80)
        male = rng.random() < 0.88
        surname = self.surname(favourite)
        head = self.person(surname, "户主", "男" if male else "女", age)
        people = [head]
        spouse = None
        if rng.random() < (0.9 if age < 70 else 0.6):
            spouse = self.person(
                self.surname(), "配偶", "女" if male else "男", age + rng.randint(-5, 3)
            )
            people.append(spouse)
        if age < 55 and rng.random() < 0.35:
            elder = age + rng.randint(24, 30)
            if rng.random() < 0.6:
                people.append(self.person(surname, "父亲", "男", elder + 2))
            people.append(self.person(self.surname(), "母亲", "女", elder))
        child_surname = surname if male or spouse is None else self.surname_of(spouse.name)
        people += self.children(child_surname, age)
        if len(people) == 1:
            people.append(self.person(surname, "子", "男", max(age - 26, 1)))
        people = people[:6]
        seen: set[str] = set()
        for p in people:  # no two people of one household share a name
            while p.name in seen:
                p.name = self.surname_of(p.name) + self.given_name(p.birth, p.gender)
            seen.add(p.name)
        return people

    def surname_of(self, full_name: str) -> str:
        return full_name[:2] if full_name[:2] in self.surnames else full_name[:1]

    def children(self, surname: str, parent_age: int) -> list[Person]:
        rng = self.rng
        result = []
        for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3))):
            age = parent_age - rng.randint(22, 34)
            if age < 0:
                continue
            son = rng.random() < 0.55
            child = self.person(surname, "子" if son else "女", "男" if son else "女", age)
            result.append(child)
            if son and age >= 24 and rng.random() < 0.6:
                result.append(self.person(self.surname(), "儿媳", "女", age + rng.randint(-3, 1)))
                for _ in range(rng.choice((0, 1, 1, 2))):
                    grand_age = age - rng.randint(24, 32)
                    if grand_age >= 0:
                        boy = rng.random() < 0.5
                        relation, gender = ("孙子", "男") if boy else ("孙女", "女")
                        result.append(self.person(surname, relation, gender, grand_age))
        return result


def member_fields(p: Person) -> dict[str, object]:
    return {
        "name": p.name,
        "relation": p.relation,
        "gender": p.gender,
        "birth_date": p.birth,
        "id_number": p.id_number,
        "is_party_member": p.party,
        "phone": p.phone,
    }


def poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k
