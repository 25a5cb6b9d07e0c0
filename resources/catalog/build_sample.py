"""Writes ``sample_catalog.json``: the bundled demo catalog of a prefecture-level city's hall.

Run from the project root: ``python resources/catalog/build_sample.py``. The JSON file is what
ships; this script is kept so the sample can be reviewed and regenerated as code. The content
models 兰州市 (行政区划代码 620100) and is illustrative, not an official catalog.

Matter codes: ``{region}-{dept}-{seq}`` — six-digit region code, a two-letter department
abbreviation (GA 公安, RS 人社, YB 医保, GJ 公积金, BD 不动产, SJ 市场监管, SW 税务, MZ 民政,
JT 交通, WJ 卫健, JY 教育, ZW 政务服务中心), a four-digit sequence.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REGION = "620100"
DEPARTMENTS = {
    "GA": "兰州市公安局",
    "RS": "兰州市人力资源和社会保障局",
    "YB": "兰州市医疗保障局",
    "GJ": "兰州住房公积金管理中心",
    "BD": "兰州市自然资源局",
    "SJ": "兰州市市场监督管理局",
    "SW": "国家税务总局兰州市税务局",
    "MZ": "兰州市民政局",
    "JT": "兰州市交通运输局",
    "WJ": "兰州市卫生健康委员会",
    "JY": "兰州市教育局",
    "ZW": "兰州市政务服务中心",
}
TRAFFIC_POLICE = "兰州市公安局交通警察支队"


def mat(name: str, *, required: bool = True, copies: int = 1, form: str = "copy", cert: str | None = None,
        deferrable: bool = False, electronic: bool = False, notes: str = "") -> dict[str, Any]:
    return {"name": name, "required": required, "copies": copies, "form": form, "cert_type": cert,
            "deferrable": deferrable, "electronic_required": electronic, "notes": notes}


def form_of(title: str, notes: str = "窗口可现场填写，也可在政务服务网下载") -> dict[str, Any]:
    return mat(title, form="original", notes=notes)


ID = mat("申请人居民身份证", form="original", cert="ID_CARD", notes="现场核验原件")
ID_COPY = mat("申请人居民身份证", form="original_and_copy", cert="ID_CARD", notes="复印件正反面印在同一页")
HUKOU = mat("居民户口簿", form="original", cert="HOUSEHOLD_REGISTER", notes="首页及本人页")
PROXY = mat("授权委托书", required=False, form="original", notes="委托他人代办时提供，须委托人签字")
PROXY_ID = mat("受托人居民身份证", required=False, form="original", cert="ID_CARD", notes="委托他人代办时提供")
LICENSE = mat("营业执照副本", form="original_and_copy", cert="BUSINESS_LICENSE", notes="复印件加盖单位公章")
LEGAL_REP_ID = mat("法定代表人居民身份证", form="copy", cert="ID_CARD", notes="复印件加盖单位公章")
HANDLER_ID = mat("经办人居民身份证及单位介绍信", form="original_and_copy", cert="ID_CARD")
PHOTO = mat("近期免冠彩色证件照片（白底，二寸）", copies=2, form="original", notes="半年内拍摄")
SSC = mat("社会保障卡", form="original", cert="SOCIAL_SECURITY_CARD", notes="无卡时可用居民身份证")
BANK = mat("本人名下银行卡或存折", form="copy", deferrable=True, notes="用于待遇发放，须为本人一类账户")
REAL_ESTATE = mat("不动产权证书（或房屋所有权证、国有土地使用证）", form="original", cert="REAL_ESTATE_CERT")
MARRIAGE = mat("结婚证", required=False, form="original_and_copy", cert="MARRIAGE_CERT", notes="已婚的提供")


def matter(dept: str, seq: int, name: str, kind: str, promised: int, legal: int, materials: list[dict[str, Any]],
           *, fee: int = 0, fee_note: str = "", department: str | None = None) -> dict[str, Any]:
    return {
        "code": f"{REGION}-{dept}-{seq:04d}",
        "name": name,
        "department": department or DEPARTMENTS[dept],
        "kind": kind,
        "promised_days": promised,
        "legal_days": legal,
        "fee_cents": fee,
        "fee_note": fee_note or ("不收费" if fee == 0 else ""),
        "immediate": promised == 0,
        "materials": materials,
        # Public-security licences are decided by the police in their own name; the hall's
        # window takes them in (the papers then carry the department as the issuing body).
        **({"decided_by": "department"} if dept == "GA" and kind == "行政许可" else {}),
    }


def public_security() -> list[dict[str, Any]]:
    return [
        matter("GA", 1, "户口迁移（市内迁移）", "行政确认", 0, 0, [
            form_of("户口迁移申请表"), ID, HUKOU,
            mat("迁入地户口簿", form="original", cert="HOUSEHOLD_REGISTER", notes="投靠亲属迁入时提供"),
            REAL_ESTATE | {"required": False, "notes": "以合法稳定住所迁入时提供"},
            mat("房屋租赁合同及登记备案证明", required=False, form="original_and_copy", notes="租赁住所迁入时提供")]),
        matter("GA", 2, "户口迁入（跨省迁移“一站式”办理）", "行政确认", 5, 20, [
            form_of("户口迁移申请表"), ID, HUKOU,
            mat("迁入地落户条件证明材料", form="original_and_copy", notes="购房、就业、投靠、学历等，按落户类别提供"),
            mat("学历证书", required=False, form="original_and_copy", cert="DEGREE_CERT", notes="人才落户提供"),
            MARRIAGE, PROXY, PROXY_ID]),
        matter("GA", 3, "出生登记", "行政确认", 0, 0, [
            mat("出生医学证明", form="original", cert="BIRTH_MEDICAL_CERT"),
            mat("父母双方居民身份证", form="original", cert="ID_CARD"),
            mat("父（母）户口簿", form="original", cert="HOUSEHOLD_REGISTER", notes="随父或随母落户一方"),
            mat("父母结婚证", required=False, form="original", cert="MARRIAGE_CERT", deferrable=True,
                notes="非婚生育的可不提供，按政策另行说明")]),
        matter("GA", 4, "居民身份证换领", "行政许可", 20, 60, [
            ID | {"name": "原居民身份证", "notes": "有效期满或临近期满（三个月内）"}, HUKOU,
            mat("居民身份证相片", form="original", notes="窗口现场采集，无需自带"),
            mat("指纹信息", required=False, form="original", electronic=True, notes="现场采集")],
            fee=2000, fee_note="工本费 20 元（收费依据：发改价格〔2003〕2322号）"),
        matter("GA", 5, "居民身份证补领", "行政许可", 20, 60, [
            HUKOU, mat("居民身份证相片", form="original", notes="窗口现场采集，无需自带"),
            mat("遗失情况说明", required=False, form="original", notes="本人签字")],
            fee=4000, fee_note="工本费 40 元"),
        matter("GA", 6, "临时居民身份证核发", "行政许可", 3, 3, [
            HUKOU, mat("居民身份证受理回执", form="original", notes="已申领正式证件的提供"),
            mat("近期免冠彩色照片（一寸）", copies=2, form="original")],
            fee=1000, fee_note="工本费 10 元"),
        matter("GA", 7, "居住证核发", "行政许可", 7, 15, [
            form_of("居住证申领登记表"), ID,
            mat("居住登记凭证", form="original", notes="居住登记满半年"),
            mat("合法稳定就业、住所或连续就读证明之一", form="original_and_copy",
                notes="劳动合同、房屋产权证明或租赁合同、学生证等"),
            mat("近期免冠彩色照片（一寸）", required=False, form="original", notes="可现场采集")]),
        matter("GA", 8, "死亡人员户口注销", "行政确认", 0, 0, [
            mat("居民死亡医学证明（推断）书", form="original", cert="DEATH_CERT"),
            mat("死者居民身份证", required=False, form="original", cert="ID_CARD", notes="遗失的书面说明"),
            HUKOU, mat("申报人居民身份证", form="original", cert="ID_CARD")]),
        matter("GA", 9, "居民户口簿补领、换领", "行政确认", 0, 0, [
            ID, mat("户主或本人书面申请", form="original"),
            mat("原户口簿", required=False, form="original", cert="HOUSEHOLD_REGISTER", notes="换领时交回")],
            fee_note="免收工本费"),
        matter("GA", 10, "变更姓名登记", "行政确认", 10, 20, [
            form_of("变更更正户口项目申请表"), ID, HUKOU,
            mat("变更理由证明材料", form="original_and_copy", notes="如父母离婚、被收养等"),
            mat("未成年人监护人同意变更的书面意见", required=False, form="original", notes="未满十八周岁的提供")]),
        matter("GA", 11, "普通护照签发", "行政许可", 7, 7, [
            form_of("中国公民出入境证件申请表", notes="窗口现场打印，申请人签字"), ID,
            mat("出入境证件照片", form="original", electronic=True, notes="现场采集或符合标准的数码照片回执")],
            fee=12000, fee_note="护照 120 元"),
        matter("GA", 12, "往来港澳通行证及签注签发", "行政许可", 7, 7, [
            form_of("中国公民出入境证件申请表", notes="窗口现场打印，申请人签字"), ID,
            mat("出入境证件照片", form="original", electronic=True, notes="现场采集")],
            fee=6000, fee_note="通行证 60 元，签注另按次收费"),
        matter("GA", 13, "机动车驾驶证有效期满换证", "行政许可", 0, 0, [
            ID, mat("机动车驾驶证", form="original", cert="DRIVING_LICENSE"),
            mat("机动车驾驶人身体条件证明", form="original", electronic=True, notes="医疗机构出具，联网上传"),
            mat("近期免冠彩色照片（一寸）", required=False, form="original", notes="已联网采集的可不提供")],
            fee=1000, fee_note="工本费 10 元", department=TRAFFIC_POLICE),
        matter("GA", 14, "机动车检验合格标志核发", "行政确认", 0, 0, [
            mat("机动车行驶证", form="original", cert="VEHICLE_LICENSE"),
            mat("机动车交通事故责任强制保险凭证", form="original", notes="电子保单可"),
            mat("车船税纳税或免税证明", form="original", notes="保险公司代收的已在保单中载明")],
            department=TRAFFIC_POLICE),
    ]


def social_security() -> list[dict[str, Any]]:
    return [
        matter("RS", 1, "社会保障卡申领", "公共服务", 0, 0, [
            ID, mat("近期免冠彩色照片", required=False, form="original", notes="窗口可现场采集"),
            PROXY, PROXY_ID], fee_note="首次申领免费"),
        matter("RS", 2, "社会保障卡挂失与补换", "公共服务", 0, 0, [ID, PROXY, PROXY_ID], fee_note="免收补换卡费用"),
        matter("RS", 3, "城乡居民基本养老保险参保登记", "公共服务", 0, 0, [
            form_of("城乡居民基本养老保险参保登记表"), ID, HUKOU]),
        matter("RS", 4, "灵活就业人员参保登记", "公共服务", 0, 0, [
            form_of("灵活就业人员参保登记表"), ID, BANK | {"name": "本人名下银行卡", "notes": "用于签订缴费协议"}]),
        matter("RS", 5, "职工基本养老保险关系转移接续", "公共服务", 15, 45, [
            form_of("基本养老保险关系转移接续申请表"), ID,
            mat("参保缴费凭证", form="original", notes="转出地社保经办机构出具")]),
        matter("RS", 6, "失业保险金申领", "行政给付", 5, 20, [
            ID_COPY, mat("解除或终止劳动合同证明", form="original"), BANK,
            mat("失业登记证明", required=False, form="copy", deferrable=True, notes="可由系统核验")]),
        matter("RS", 7, "职工基本养老保险待遇申领（正常退休）", "行政给付", 15, 30, [
            form_of("职工基本养老保险待遇申领表"), ID, mat("人事档案", form="original", notes="由存档单位或机构提供"),
            BANK, mat("近期免冠彩色照片（一寸）", copies=2, form="original")]),
        matter("RS", 8, "工伤认定申请", "行政确认", 40, 60, [
            form_of("工伤认定申请表"), mat("劳动关系证明材料", form="original_and_copy", notes="劳动合同、工资发放记录等"),
            mat("医疗诊断证明书", form="original", notes="首次诊断，医疗机构盖章"),
            ID_COPY | {"name": "受伤害职工居民身份证"},
            mat("事故经过说明及证人证言", required=False, form="original", deferrable=True)]),
        matter("RS", 9, "就业创业证申领", "公共服务", 0, 0, [
            ID, mat("近期免冠彩色照片（一寸）", required=False, form="original", notes="可现场采集")]),
    ]


def medical_insurance() -> list[dict[str, Any]]:
    return [
        matter("YB", 1, "城乡居民基本医疗保险参保登记", "公共服务", 0, 0, [
            ID | {"notes": "未成年人可提供户口簿"}, HUKOU | {"required": False}]),
        matter("YB", 2, "异地就医备案", "公共服务", 0, 0, [
            form_of("异地就医备案表"), SSC,
            mat("异地居住或工作证明", required=False, form="copy", notes="承诺制备案可不提供，签署个人承诺书")]),
        matter("YB", 3, "门诊慢特病待遇认定", "行政确认", 10, 20, [
            form_of("门诊慢特病待遇认定申请表"), SSC,
            mat("二级及以上医疗机构诊断证明", form="original"),
            mat("相关病历及检查报告", form="copy", notes="近一年内")]),
        matter("YB", 4, "零星医疗费用报销", "行政给付", 20, 30, [
            SSC, mat("医疗费用发票", form="original"), mat("费用明细清单", form="original"),
            mat("出院记录或门诊病历", form="copy"), BANK]),
        matter("YB", 5, "基本医疗保险关系转移接续", "公共服务", 15, 45, [
            form_of("基本医疗保障参保（合）凭证"), ID]),
        matter("YB", 6, "生育津贴申领", "行政给付", 10, 20, [
            ID, mat("出生医学证明", form="copy", cert="BIRTH_MEDICAL_CERT"), MARRIAGE | {"required": True},
            mat("出院小结", form="copy")]),
    ]


def housing_fund() -> list[dict[str, Any]]:
    return [
        matter("GJ", 1, "单位住房公积金缴存登记", "公共服务", 0, 0, [
            form_of("单位住房公积金缴存登记表"), LICENSE, LEGAL_REP_ID, HANDLER_ID,
            mat("职工住房公积金开户清册", form="original", electronic=True)]),
        matter("GJ", 2, "住房公积金提取（购买自住住房）", "公共服务", 0, 0, [
            ID, mat("购房合同及备案证明", form="original_and_copy"),
            mat("购房发票或契税完税凭证", form="original_and_copy"), MARRIAGE, BANK]),
        matter("GJ", 3, "住房公积金提取（租赁住房）", "公共服务", 0, 0, [
            ID, mat("无房证明", required=False, form="original", deferrable=True, notes="可由系统查询"),
            BANK]),
        matter("GJ", 4, "住房公积金提取（离职、退休）", "公共服务", 3, 3, [
            ID, mat("退休证明或解除劳动合同证明", form="original_and_copy"), BANK]),
        matter("GJ", 5, "住房公积金个人住房贷款", "公共服务", 15, 15, [
            form_of("住房公积金个人住房贷款申请表"), ID, HUKOU, MARRIAGE,
            mat("购房合同", form="original_and_copy"), mat("首付款凭证", form="original_and_copy"),
            mat("收入证明", form="original", notes="单位盖章"), mat("个人征信报告", required=False, form="original",
                                                              notes="可授权中心查询")]),
        matter("GJ", 6, "住房公积金异地转移接续", "公共服务", 5, 5, [
            ID, mat("转出地账户信息", required=False, form="copy", notes="可通过全国转移接续平台查询")]),
    ]


def real_estate() -> list[dict[str, Any]]:
    inheritance_materials = [
        form_of("不动产登记申请书"), ID | {"name": "全体继承人居民身份证"},
        HUKOU | {"name": "全体继承人户口簿"}, REAL_ESTATE,
        mat("被继承人死亡证明", form="original", cert="DEATH_CERT", notes="医学死亡证明、户口注销证明或法院宣告死亡判决"),
        mat("被继承人居民身份证", required=False, form="copy", cert="ID_CARD"),
        mat("亲属关系证明", form="original", notes="户籍档案、公安机关或单位出具"),
        mat("被继承人婚姻状况证明", form="original", cert="MARRIAGE_CERT", notes="结婚证、离婚证或婚姻登记档案"),
        mat("被继承人父母死亡证明", form="original", notes="父母先于被继承人死亡的"),
        mat("继承权公证书", required=False, form="original", notes="已办理公证的提供，无需再提供亲属关系材料"),
        mat("遗嘱", required=False, form="original", notes="遗嘱继承的提供"),
        mat("遗赠扶养协议", required=False, form="original", notes="受遗赠的提供"),
        mat("放弃继承权声明书", required=False, form="original", notes="部分继承人放弃继承的，须本人到场签字"),
        mat("遗产分割协议", required=False, form="original", notes="继承人之间协议分割的"),
        mat("全体继承人到场查验记录", form="original", notes="窗口现场制作，全体继承人签字"),
        mat("法院判决书、调解书及生效证明", required=False, form="original", notes="经诉讼确定继承的"),
        mat("房屋平面图及宗地图", required=False, form="original", deferrable=True, notes="登记资料中已有的可不提供"),
        mat("契税完税凭证或免税证明", required=False, form="original", notes="法定继承免征契税"),
        mat("未成年继承人监护关系证明", required=False, form="original", notes="继承人未成年的"),
        mat("出生医学证明", required=False, form="copy", cert="BIRTH_MEDICAL_CERT", notes="证明未成年继承人亲属关系"),
        PROXY, PROXY_ID,
        mat("外籍或港澳台继承人身份证明及公证认证文书", required=False, form="original"),
    ]
    return [
        matter("BD", 1, "国有建设用地使用权及房屋所有权转移登记（存量房买卖）", "行政确认", 5, 30, [
            form_of("不动产登记申请书"), ID_COPY | {"name": "买卖双方居民身份证"}, REAL_ESTATE,
            mat("存量房买卖合同", form="original", notes="网签备案合同"), MARRIAGE,
            mat("契税完税凭证", form="original", electronic=True), mat("增值税及个人所得税完税凭证", form="original"),
            PROXY, PROXY_ID],
            fee=8000, fee_note="住宅 80 元/件（含一本证书）；非住宅 550 元/件"),
        matter("BD", 2, "国有建设用地使用权及房屋所有权转移登记（法定继承、遗嘱继承、受遗赠）", "行政确认",
               10, 30, inheritance_materials, fee=8000, fee_note="住宅 80 元/件；法定继承免征契税"),
        matter("BD", 3, "抵押权首次登记", "行政确认", 3, 30, [
            form_of("不动产登记申请书"), ID_COPY | {"name": "抵押人居民身份证"}, REAL_ESTATE,
            mat("抵押合同及主债权合同", form="original"), LICENSE | {"name": "抵押权人营业执照（金融许可证）"},
            mat("抵押权人授权委托书", form="original")], fee=8000, fee_note="住宅 80 元/件"),
        matter("BD", 4, "抵押权注销登记", "行政确认", 0, 0, [
            form_of("不动产登记申请书"), mat("不动产登记证明（抵押权）", form="original"),
            mat("抵押权人同意注销的证明", form="original")]),
        matter("BD", 5, "不动产登记资料查询", "公共服务", 0, 0, [
            ID, mat("查询申请书", form="original"), PROXY, PROXY_ID], fee_note="免费查询"),
        matter("BD", 6, "不动产权证书补证、换证", "行政确认", 5, 30, [
            form_of("不动产登记申请书"), ID,
            mat("遗失声明", required=False, form="original", notes="补证时在报刊或门户网站公告15个工作日"),
            REAL_ESTATE | {"required": False, "notes": "换证时交回破损证书"}], fee=1000, fee_note="证书工本费 10 元"),
        matter("BD", 7, "预购商品房预告登记", "行政确认", 3, 10, [
            form_of("不动产登记申请书"), ID, mat("商品房买卖合同（网签备案）", form="original")],
            fee_note="不收费"),
    ]


def market() -> list[dict[str, Any]]:
    company = [
        form_of("公司登记（备案）申请书", notes="全程电子化的由系统生成，全体股东电子签名"),
        mat("公司章程", form="original", electronic=True, notes="全体股东签署"),
        mat("股东主体资格证明", form="copy", cert="ID_CARD", notes="自然人股东身份证件；法人股东营业执照"),
        mat("法定代表人、董事、监事和经理的任职文件", form="original"),
        mat("住所使用证明", form="copy", deferrable=True, notes="产权证明或租赁合同；实行住所申报承诺制的签署承诺书"),
        LEGAL_REP_ID,
    ]
    one_thing = [
        *company,
        mat("公章刻制备案信息表", form="original", notes="由系统同步至公安"),
        mat("发票领用申请", form="original", electronic=True),
        mat("税务登记信息确认表", form="original", electronic=True),
        mat("员工参保登记信息", required=False, form="original", electronic=True, notes="有雇员的提供"),
        mat("单位住房公积金缴存登记表", required=False, form="original", notes="选择同步开户的"),
        mat("银行开户意向表", required=False, form="original"),
    ]
    food = [
        form_of("食品经营许可申请书"), LICENSE,
        mat("与食品经营相适应的主要设备设施布局、操作流程等文件", form="original"),
        mat("食品安全管理制度", form="original"), mat("食品安全管理人员名单及培训考核合格证明", form="copy"),
        mat("经营场所平面图", form="original"), LEGAL_REP_ID,
    ]
    return [
        matter("SJ", 1, "企业设立登记（有限责任公司）", "行政许可", 1, 3, company),
        matter("SJ", 2, "个体工商户设立登记", "行政许可", 0, 0, [
            form_of("个体工商户登记（备案）申请书"), ID | {"name": "经营者居民身份证"},
            mat("经营场所使用证明", form="copy", deferrable=True, notes="可签署住所（经营场所）申报承诺书")]),
        matter("SJ", 3, "企业变更登记", "行政许可", 1, 3, [
            form_of("公司登记（备案）申请书"), mat("变更决议或决定", form="original"),
            mat("修改后的公司章程或章程修正案", form="original"), LICENSE]),
        matter("SJ", 4, "企业注销登记（简易注销）", "行政许可", 3, 3, [
            form_of("企业注销登记申请书"), mat("全体投资人承诺书", form="original"),
            LICENSE | {"notes": "正副本一并交回"}]),
        matter("SJ", 5, "营业执照遗失补领", "行政许可", 0, 0, [
            form_of("营业执照遗失补领申请书"), mat("遗失声明", required=False, form="original",
                                                    notes="在国家企业信用信息公示系统公示"),
            LEGAL_REP_ID]),
        matter("SJ", 6, "食品经营许可（新办）", "行政许可", 10, 20, food),
        matter("SJ", 7, "食品经营许可（延续）", "行政许可", 10, 20, [
            form_of("食品经营许可延续申请书"),
            mat("食品经营许可证正副本", form="original", cert="FOOD_BUSINESS_LICENSE"), LICENSE]),
        matter("SJ", 8, "药品零售企业经营许可", "行政许可", 15, 30, [
            form_of("药品经营许可证申请表"), LICENSE,
            mat("执业药师注册证", form="copy", cert="PRACTICING_CERT"),
            mat("营业场所、仓库平面布置图及房屋产权或使用权证明", form="copy"),
            mat("药品质量管理文件及主要设施设备目录", form="original")]),
        matter("SJ", 9, "农民专业合作社设立登记", "行政许可", 1, 3, [
            form_of("农民专业合作社登记（备案）申请书"), mat("设立大会纪要", form="original"),
            mat("合作社章程", form="original"), mat("成员名册及身份证明", form="copy", cert="ID_CARD")]),
        matter("ZW", 1, "企业开办“一件事”（营业执照、公章刻制、发票申领、员工参保登记、住房公积金缴存登记）",
               "公共服务", 1, 3, one_thing, department=DEPARTMENTS["ZW"],
               fee_note="首套公章免费刻制"),
    ]


def tax() -> list[dict[str, Any]]:
    return [
        matter("SW", 1, "发票领用", "其他行政权力", 0, 0, [
            mat("经办人身份证件", form="original", cert="ID_CARD"), mat("税控设备或电子发票服务平台账户", required=False,
                                                                      form="original")]),
        matter("SW", 2, "增值税一般纳税人登记", "其他行政权力", 0, 0, [
            form_of("增值税一般纳税人登记表"), mat("税务登记证件", required=False, form="original",
                                                cert="BUSINESS_LICENSE", notes="“多证合一”的使用营业执照")]),
        matter("SW", 3, "代开增值税发票（自然人）", "公共服务", 0, 0, [
            ID, mat("付款方对款项性质的书面确认或合同", form="copy")]),
        matter("SW", 4, "开具税收完税证明", "公共服务", 0, 0, [ID, PROXY, PROXY_ID]),
        matter("SW", 5, "跨区域涉税事项报告", "其他行政权力", 0, 0, [
            form_of("跨区域涉税事项报告表"), mat("外出经营合同", required=False, form="copy")]),
        matter("SW", 6, "个人所得税综合所得汇算清缴申报", "其他行政权力", 0, 0, [
            ID, mat("专项附加扣除相关资料", required=False, form="copy", notes="子女教育、住房贷款利息等")]),
    ]


def civil_affairs() -> list[dict[str, Any]]:
    return [
        matter("MZ", 1, "内地居民结婚登记", "行政确认", 0, 0, [
            ID | {"name": "双方居民身份证"}, HUKOU | {"name": "双方居民户口簿", "notes": "全国通办试点地区可免"},
            mat("双方近期半身免冠合影照片（二寸）", copies=3, form="original", notes="红底"),
            mat("申请结婚登记声明书", form="original", notes="双方在登记员面前亲自签署")],
            fee_note="免收结婚证工本费"),
        matter("MZ", 2, "内地居民离婚登记", "行政确认", 30, 30, [
            ID | {"name": "双方居民身份证"}, HUKOU | {"name": "双方居民户口簿"},
            mat("结婚证", form="original", cert="MARRIAGE_CERT", notes="双方各持一本"),
            mat("离婚协议书", copies=3, form="original", notes="双方签字"),
            mat("双方近期二寸单人半身免冠照片", copies=2, form="original")],
            fee_note="不收费；申请后须经 30 日离婚冷静期"),
        matter("MZ", 3, "补领结婚证", "行政确认", 0, 0, [
            ID, HUKOU, mat("近期二寸双方合影照片", copies=2, form="original"),
            mat("婚姻登记档案证明", required=False, form="original", notes="原登记机关出具")]),
        matter("MZ", 4, "最低生活保障审核确认", "行政给付", 20, 30, [
            form_of("最低生活保障申请书"), ID, HUKOU,
            mat("家庭经济状况核对授权书", form="original", notes="共同生活家庭成员签字"),
            mat("家庭成员收入及财产状况声明", form="original"),
            mat("残疾人证或病历等特殊困难证明", required=False, form="copy", cert="DISABILITY_CERT")]),
        matter("MZ", 5, "特困人员认定", "行政给付", 20, 30, [
            form_of("特困人员供养申请书"), ID, HUKOU, mat("家庭经济状况核对授权书", form="original")]),
        matter("MZ", 6, "临时救助", "行政给付", 10, 15, [
            form_of("临时救助申请书"), ID, mat("困难情况证明", form="copy", deferrable=True,
                                            notes="医疗费用票据、事故证明等")]),
        matter("MZ", 7, "残疾人两项补贴申请", "行政给付", 15, 20, [
            form_of("残疾人两项补贴申请审批表"), ID, mat("中华人民共和国残疾人证", form="original",
                                                         cert="DISABILITY_CERT"), BANK]),
        matter("MZ", 8, "高龄津贴申领", "行政给付", 15, 20, [ID, HUKOU, BANK]),
    ]


def other_departments() -> list[dict[str, Any]]:
    return [
        matter("JT", 1, "道路运输从业人员从业资格证核发（经营性道路旅客、货物运输驾驶员）", "行政许可", 10, 20, [
            form_of("道路运输从业人员从业资格考试申请表"), ID,
            mat("机动车驾驶证", form="original_and_copy", cert="DRIVING_LICENSE"),
            mat("近三年内无重大以上交通责任事故记录证明", form="original")]),
        matter("JT", 2, "出租汽车驾驶员从业资格证核发", "行政许可", 10, 20, [
            form_of("出租汽车驾驶员从业资格证申请表"), ID,
            mat("机动车驾驶证", form="original_and_copy", cert="DRIVING_LICENSE"),
            mat("无犯罪记录证明", form="original")]),
        matter("JT", 3, "道路货物运输经营许可", "行政许可", 10, 20, [
            form_of("道路货物运输经营申请表"), LICENSE, mat("车辆行驶证", form="copy", cert="VEHICLE_LICENSE"),
            mat("安全生产管理制度文本", form="original")]),
        matter("WJ", 1, "出生医学证明补发", "公共服务", 5, 20, [
            form_of("出生医学证明补发申请表"), mat("父母双方居民身份证", form="original", cert="ID_CARD"),
            mat("新生儿户口簿本人页", required=False, form="copy", cert="HOUSEHOLD_REGISTER"),
            mat("分娩医疗机构出具的住院分娩证明", form="original")]),
        matter("WJ", 2, "医师执业注册", "行政许可", 10, 20, [
            form_of("医师执业注册申请审核表"), ID_COPY, mat("医师资格证书", form="original_and_copy",
                                                           cert="PRACTICING_CERT"),
            mat("健康体检证明", form="original", notes="六个月内"), mat("聘用单位出具的拟聘用证明", form="original")]),
        matter("WJ", 3, "公共场所卫生许可", "行政许可", 10, 20, [
            form_of("公共场所卫生许可申请书"), LICENSE, mat("公共场所地址方位示意图、平面图", form="original"),
            mat("卫生检测（评价）报告", form="original"), mat("从业人员健康合格证明", form="copy")]),
        matter("JY", 1, "教师资格认定", "行政许可", 20, 60, [
            ID, mat("学历证书", form="original", cert="DEGREE_CERT", notes="学信网可查验的无需原件"),
            mat("普通话水平测试等级证书", form="copy"), mat("体检合格证明", form="original"),
            mat("中小学教师资格考试合格证明", form="copy", electronic=True),
            mat("近期免冠彩色照片（一寸，白底）", form="original", electronic=True)]),
        matter("JY", 2, "义务教育阶段学生转学", "公共服务", 5, 10, [
            form_of("义务教育阶段学生转学申请表"), HUKOU,
            mat("转入学校接收证明", form="original"), mat("学籍信息卡", required=False, form="copy")]),
    ]


def build() -> dict[str, Any]:
    matters = [*public_security(), *social_security(), *medical_insurance(), *housing_fund(), *real_estate(),
               *market(), *tax(), *civil_affairs(), *other_departments()]
    return {
        "format": "onewindow-catalog",
        "format_version": 1,
        "region_code": REGION,
        "region_name": "兰州市",
        "catalog_version": "2026.11-sample",
        "note": "演示用事项目录：内容参照地级市政务服务大厅常见事项编写，非官方目录。",
        "matters": matters,
        "deleted": [],
    }


def main() -> None:
    data = build()
    out = Path(__file__).with_name("sample_catalog.json")
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['matters'])} matters written to {out}")


if __name__ == "__main__":
    main()
