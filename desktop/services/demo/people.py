"""Synthetic citizens and companies for demo and benchmark data: plausible, checksummed, fake.

Every ID number and credit code passes its checksum (the screens and the platform would
refuse anything else), names follow the frequency of common Chinese surnames, and addresses
are in 兰州市 where the sample catalog's hall is. None of it belongs to a real person.
"""
from __future__ import annotations

import datetime as dt
import random

from desktop.domain.idnumbers import CREDIT_ALPHABET, make_credit_code, make_resident_id
from desktop.services.intake.applicants import PartyData

# Most common surnames, roughly weighted by frequency.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文斌海燕小龙鹏飞晓东雪梅"
         "丹丹浩宇子轩欣怡梓涵一诺宇航佳琪诗涵俊杰晨阳思远嘉怡婷婷")
DISTRICTS = (("620102", "城关区"), ("620103", "七里河区"), ("620104", "西固区"), ("620105", "安宁区"),
             ("620111", "红古区"), ("620121", "永登县"), ("620122", "皋兰县"), ("620123", "榆中县"))
OTHER_REGIONS = ("620402", "620502", "622901", "640104", "630102", "610113", "510107", "410105", "110105")
STREETS = ("庆阳路", "张掖路", "武都路", "酒泉路", "东岗西路", "南滨河东路", "西津西路", "安宁西路", "北滨河中路",
           "天水南路", "雁滩路", "民主西路", "金昌南路", "平凉路", "临夏路")
ORG_WORDS = ("金城", "陇原", "黄河", "兰州", "丝路", "皋兰", "安宁", "西北", "雁滩", "敦煌", "祁连", "河西")
ORG_TRADES = ("商贸", "科技", "餐饮管理", "建筑工程", "文化传媒", "物流", "农业开发", "医药", "装饰工程", "教育咨询")
ORG_FORMS = ("有限公司", "有限责任公司", "个体工商户", "合作社")


class PeopleFactory:
    """Deterministic for a given seed, so a benchmark database can be rebuilt identically."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today

    def name(self) -> str:
        r = self.rng
        surname = SURNAMES[min(int(r.expovariate(1 / 12)), len(SURNAMES) - 1)]
        return surname + "".join(r.choice(GIVEN) for _ in range(1 if r.random() < 0.3 else 2))

    def phone(self) -> str:
        r = self.rng
        return f"1{r.choice('3456789')}{r.randrange(10)}{r.randrange(10**8):08d}"

    def address(self) -> str:
        r = self.rng
        _, district = r.choice(DISTRICTS)
        return f"甘肃省兰州市{district}{r.choice(STREETS)}{r.randint(1, 999)}号"

    def person(self) -> PartyData:
        r = self.rng
        region = r.choice(DISTRICTS)[0] if r.random() < 0.85 else r.choice(OTHER_REGIONS)
        born = self.today - dt.timedelta(days=r.randint(18 * 365, 85 * 365))
        return PartyData(kind="person", name=self.name(), id_number=make_resident_id(region, born, r.randint(1, 999)),
                         phone=self.phone(), address=self.address(), ethnicity="汉族" if r.random() < 0.9 else "回族")

    def organisation(self) -> PartyData:
        r = self.rng
        region = r.choice(DISTRICTS)[0]
        name = f"兰州{r.choice(ORG_WORDS)}{r.choice(ORG_TRADES)}{r.choice(ORG_FORMS)}"
        org9 = "".join(r.choice(CREDIT_ALPHABET) for _ in range(9))
        return PartyData(kind="org", name=name, id_number=make_credit_code("91", region, org9), phone=self.phone(),
                         address=self.address(), legal_rep=self.name())
