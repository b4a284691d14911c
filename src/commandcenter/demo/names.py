"""Vocabulary of the demo district: people's names, phones, ID numbers, roads and case texts.

Everything here is invented (no real person): common Chinese surnames and given-name characters
combined at random, phone numbers of the mobile form ``1[3-9]xxxxxxxxx``, 18-digit resident ID
numbers with a valid check digit (GB 11643) and plausible birth dates. Road names are real roads
of Qinhuai (a rough guess of which street they run through, good enough for a demo address).

All functions take a ``numpy.random.Generator`` and a count and return Python lists, so callers
stay deterministic for a seed.
"""

from __future__ import annotations

import numpy as np

from commandcenter.domain.pii import ID_CHECK, ID_WEIGHTS
from commandcenter.domain.pii import id_check_digit as id_check_digit  # tests import it here

# ---------------------------------------------------------------------- people
# The hundred most common surnames, most common first (weights fall off roughly like the census).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHTS = 1.0 / np.arange(1, len(SURNAMES) + 1) ** 0.8
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玲建国红梅兰凤云峰辉鹏飞婷雪琳晶慧宁健斌"
    "宇浩然欣怡子涵梓萱博文俊杰志强海燕春秋晓东亮波颖莉萍燕倩文丹阳晨瑶佳琪思源嘉怡诗雨一鸣"
)


def person_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` names: a surname and one or two given-name characters (two in about 70%)."""
    sur = rng.choice(len(SURNAMES), size=n, p=_SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum())
    g1 = rng.integers(0, len(GIVEN_CHARS), size=n)
    g2 = rng.integers(0, len(GIVEN_CHARS), size=n)
    two = rng.random(n) < 0.7
    s, g = SURNAMES, GIVEN_CHARS
    return [
        s[a] + g[b] + (g[c] if t else "")
        for a, b, c, t in zip(sur.tolist(), g1.tolist(), g2.tolist(), two.tolist())
    ]


# Mobile prefixes in use (China Mobile, Unicom, Telecom, virtual operators).
_PHONE_PREFIXES = np.array(
    [
        130,
        131,
        132,
        133,
        134,
        135,
        136,
        137,
        138,
        139,
        147,
        150,
        151,
        152,
        153,
        155,
        156,
        157,
        158,
        159,
        166,
        170,
        173,
        175,
        176,
        177,
        178,
        180,
        181,
        182,
        183,
        184,
        185,
        186,
        187,
        188,
        189,
        191,
        195,
        198,
        199,
    ]
)


def phone_numbers(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` mobile numbers ``1[3-9]x xxxx xxxx`` (11 digits, kept as text)."""
    prefix = rng.choice(_PHONE_PREFIXES, size=n)
    rest = rng.integers(0, 100_000_000, size=n)
    return [f"{p}{r:08d}" for p, r in zip(prefix.tolist(), rest.tolist())]


# Where residents' ID numbers were issued: Nanjing's districts most often, then elsewhere.
_ID_REGIONS = np.array(
    [
        320104,
        320104,
        320104,
        320102,
        320105,
        320106,
        320111,
        320113,
        320114,
        320115,
        320116,
        320117,
        320118,
        320100,
        321002,
        320902,
        341102,
        340104,
        330106,
        310104,
        320582,
        321102,
    ]
)
_ID_WEIGHTS = np.array(ID_WEIGHTS)  # GB 11643, from domain.pii (one definition, vectorised here)


def id_numbers(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` 18-digit resident ID numbers with valid birth dates and check digits."""
    region = rng.choice(_ID_REGIONS, size=n)
    birth = np.datetime64("1945-01-01") + rng.integers(0, 365 * 62, size=n).astype("timedelta64[D]")
    ymd = birth.astype("datetime64[D]").astype(str)
    seq = rng.integers(0, 1000, size=n)
    body = [
        f"{r}{d[0:4]}{d[5:7]}{d[8:10]}{s:03d}"
        for r, d, s in zip(region.tolist(), ymd.tolist(), seq.tolist())
    ]
    digits = np.frombuffer("".join(body).encode("ascii"), dtype=np.uint8).reshape(n, 17) - 48
    check = (digits.astype(np.int64) @ _ID_WEIGHTS) % 11
    return [b + ID_CHECK[c] for b, c in zip(body, check.tolist())]


# ---------------------------------------------------------------------- places
# Real roads of Qinhuai, grouped by the street (or zone) they mostly run through.
ROADS_BY_STREET: dict[str, tuple[str, ...]] = {
    "320104001": ("秦虹路", "应天大街", "扇骨里", "中牌楼", "石杨路", "秦虹南路"),
    "320104002": ("贡院街", "平江府路", "琵琶巷", "瞻园路", "大石坝街", "长乐路"),
    "320104003": ("红花路", "机场路", "宏光路", "卡子门大街", "宁溧路", "石杨路"),
    "320104004": ("中山南路", "饮马巷", "殷高巷", "钓鱼台", "集庆路", "鸣羊街"),
    "320104005": ("雨花路", "长干街", "扫帚巷", "西街", "集庆门", "养回红村"),
    "320104006": ("中山南路", "木料市", "户部街", "游府西街", "太平南路", "升州路"),
    "320104007": ("洪武路", "常府街", "文昌巷", "火瓦巷", "太平南路", "白下路"),
    "320104008": ("大光路", "御道街", "解放路", "标营", "小光华路", "汉中门大街"),
    "320104009": ("瑞金路", "后标营", "解放路", "龙蟠中路", "御道街", "瑞金北村"),
    "320104010": ("苜蓿园大街", "石门坎", "月牙湖花园路", "后标营路", "明御河路", "中山门大街"),
    "320104011": ("光华路", "海福巷", "石门坎", "大明路", "应天大街", "光华东街"),
    "320104012": ("莫愁路", "升州路", "王府大街", "鼎新路", "堂子街", "仓巷"),
    "320104400": ("乌衣巷", "贡院西街", "文德桥", "东水关", "大石坝街", "来燕路"),
    "320104401": ("永智路", "永丰大道", "紫荆路", "秦淮科技园路", "永乐路", "白下高新路"),
    "320104402": ("龙蟠南路", "应天大街", "秦淮新城路", "七桥瓮路", "运粮河路", "夹岗路"),
    "320104403": ("中山南路", "淮海路", "石鼓路", "王府大街", "中山东路", "户部街"),
}
_FALLBACK_ROADS = ("中山南路", "应天大街", "龙蟠中路", "升州路", "白下路", "太平南路")

LANDMARKS = (
    "小区东门",
    "小区南门",
    "菜市场入口",
    "公交站台",
    "沿街商铺",
    "居民楼下",
    "十字路口",
    "地铁站出口",
    "学校门口",
    "社区服务中心",
    "背街小巷",
    "老旧小区内",
    "停车场",
    "河道沿线",
    "绿化带",
    "商场门口",
    "农贸市场",
    "景区入口",
    "便利店门口",
    "单元楼道",
)


def roads_of(street_code: str) -> tuple[str, ...]:
    return ROADS_BY_STREET.get(street_code, _FALLBACK_ROADS)


# ---------------------------------------------------------------------- case texts
# What a reporter says, by major class (code); "{what}" is the minor class name.
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "01": (
        "{where}{what}，影响周边环境，请尽快处理。",
        "群众反映{where}{what}问题，已持续多日。",
        "巡查发现{where}存在{what}，面积较大。",
    ),
    "02": ("{where}存在{what}，影响市容。", "{where}{what}，请相关部门清理。"),
    "03": ("{where}{what}，周边居民意见较大。", "巡查发现{where}{what}，未见围挡和公示。"),
    "04": (
        "{where}突发{what}，存在安全风险，请立即处置。",
        "紧急：{where}{what}，现场已设置警示。",
    ),
    "05": (
        "{where}{what}，影响通行。",
        "{where}长期{what}，多次劝导无效。",
        "巡查发现{where}{what}。",
    ),
    "06": ("{where}发现{what}，请处理。", "市民反映{where}{what}。"),
    "11": ("{where}{what}破损或缺失，存在安全隐患。", "{where}{what}松动移位，行人易绊倒。"),
    "12": ("{where}{what}损坏，影响交通安全。", "{where}{what}故障，请尽快维修。"),
    "13": ("{where}{what}损坏或满溢，需维护。", "{where}{what}脏乱，无人管理。"),
    "14": ("{where}{what}受损，需修剪或补种。", "{where}{what}缺损，影响景观。"),
    "15": ("{where}{what}破损，需修缮。", "{where}{what}存在安全隐患。"),
    "16": ("{where}{what}损坏不能使用。", "{where}{what}故障，居民使用不便。"),
    "21": ("{where}居民反映{what}，双方争执不下，请求调解。", "{where}发生{what}，需社区介入。"),
    "22": ("{where}存在{what}，请尽快排查。", "巡查发现{where}{what}，已告知相关人员。"),
    "23": ("{where}{what}，存在火灾隐患。", "{where}发现{what}，请消防部门检查。"),
    "24": ("{where}{what}，业主意见较大。", "居民反映{where}{what}，物业未及时处理。"),
    "25": ("{where}{what}，请关注。", "{where}出现{what}，需及时掌握情况。"),
}
_GENERIC_DESCRIPTIONS = ("{where}{what}，请处理。",)


def descriptions_for(major_code: str) -> tuple[str, ...]:
    return DESCRIPTIONS.get(major_code, _GENERIC_DESCRIPTIONS)


# Reasons written into events that need one (lifecycle: "needs a reason").
REASONS: dict[str, tuple[str, ...]] = {
    "invalidate": (
        "重复来电，已告知处理进度",
        "咨询类诉求，已当场解答",
        "不属于本区管辖范围",
        "反映内容不清，无法联系来电人",
    ),
    "verify_false": ("现场核实无此问题", "现场核实问题已自行消除", "地址有误，核实不到"),
    "refuse_register": (
        "不符合立案条件",
        "属于民事纠纷，引导通过司法途径解决",
        "问题已由其他渠道受理",
    ),
    "whistle": (
        "问题涉及多个部门职责，街道无力单独解决",
        "街道缺乏相应执法权，申请部门报到",
        "突发情况，需多部门联合处置",
    ),
    "return": (
        "非本单位职责范围",
        "点位不在本单位管辖区域",
        "应由权属单位负责维护",
        "派遣信息有误",
    ),
    "request_extension": (
        "需协调第三方施工，申请延期",
        "涉及多方协调，无法按期完成",
        "天气原因无法施工",
    ),
    "request_hang": (
        "需纳入年度改造计划统筹解决",
        "涉及历史遗留问题，需上级协调",
        "资金未落实，暂缓处置",
    ),
    "hang": ("同意挂账，纳入计划统筹解决", "情况属实，同意缓办"),
    "check_fail": ("现场核查问题未解决", "处置不彻底，仍有残留", "问题反弹，需重新处置"),
    "force_close": ("长期无法解决，经研究强制结案", "诉求人诉求不合理，经审核强制结案"),
    "callback": ("回访不满意：问题未实际解决", "回访不满意：处置单位未与诉求人联系"),
}
