"""Demo data: real place names and plausible codes, fictional people.

Township and street codes follow the 9-digit form of the statistical division code; a few
may differ from the official list, which does not matter for a demo. 常州经济开发区 is a
functional zone and so carries a local code (see zeren.org.levels).
"""

from __future__ import annotations

from dataclasses import dataclass

# (code, name, level, parent_code)
JURISDICTIONS: list[tuple[str, str, str, str]] = [
    # 常州 ------------------------------------------------------------------------------
    ("320400", "常州市", "city", ""),
    ("320402", "天宁区", "county", "320400"),
    ("320402001", "天宁街道", "township", "320402"),
    ("320402002", "兰陵街道", "township", "320402"),
    ("320402003", "红梅街道", "township", "320402"),
    ("320402101", "郑陆镇", "township", "320402"),
    ("320404", "钟楼区", "county", "320400"),
    ("320404001", "南大街街道", "township", "320404"),
    ("320404002", "荷花池街道", "township", "320404"),
    ("320404003", "五星街道", "township", "320404"),
    ("320404101", "邹区镇", "township", "320404"),
    ("320411", "新北区", "county", "320400"),
    ("320411001", "河海街道", "township", "320411"),
    ("320411002", "三井街道", "township", "320411"),
    ("320411003", "龙虎塘街道", "township", "320411"),
    ("320411101", "孟河镇", "township", "320411"),
    ("320411102", "薛家镇", "township", "320411"),
    ("320412", "武进区", "county", "320400"),
    ("320412001", "南夏墅街道", "township", "320412"),
    ("320412002", "西湖街道", "township", "320412"),
    ("320412100", "湖塘镇", "township", "320412"),
    ("320412101", "牛塘镇", "township", "320412"),
    ("320412102", "洛阳镇", "township", "320412"),
    ("320412103", "雪堰镇", "township", "320412"),
    ("320413", "金坛区", "county", "320400"),
    ("320413001", "东城街道", "township", "320413"),
    ("320413002", "西城街道", "township", "320413"),
    ("320413101", "薛埠镇", "township", "320413"),
    ("320481", "溧阳市", "county", "320400"),
    ("320481001", "溧城街道", "township", "320481"),
    ("320481002", "昆仑街道", "township", "320481"),
    ("320481101", "天目湖镇", "township", "320481"),
    ("Z32040001", "常州经济开发区", "zone", "320400"),
    ("320405001", "戚墅堰街道", "township", "Z32040001"),
    ("320405002", "潞城街道", "township", "Z32040001"),
    ("320405101", "横林镇", "township", "Z32040001"),
    # 河北 ------------------------------------------------------------------------------
    ("130000", "河北省", "province", ""),
    ("130100", "石家庄市", "city", "130000"),
    ("130102", "长安区", "county", "130100"),
    ("130102001", "建北街道", "township", "130102"),
    ("130102002", "青园街道", "township", "130102"),
    ("130123", "正定县", "county", "130100"),
    ("130123100", "正定镇", "township", "130123"),
    ("130123101", "新安镇", "township", "130123"),
    ("130123200", "南牛乡", "township", "130123"),
    ("Z13010001", "石家庄高新技术产业开发区", "zone", "130100"),
    ("130600", "保定市", "city", "130000"),
    ("130602", "竞秀区", "county", "130600"),
    ("130602001", "先锋街道", "township", "130602"),
    ("130602002", "新市场街道", "township", "130602"),
    ("130681", "涿州市", "county", "130600"),
    ("130681001", "双塔街道", "township", "130681"),
    ("130681100", "松林店镇", "township", "130681"),
    ("130682", "定州市", "city", "130000"),
    ("130682001", "南城区街道", "township", "130682"),
    ("130682100", "清风店镇", "township", "130682"),
    ("130181", "辛集市", "city", "130000"),
    ("130181001", "辛集镇", "township", "130181"),
    ("133100", "雄安新区", "new_area", "130000"),
    ("130638", "雄县", "county", "133100"),
    ("130638100", "雄州镇", "township", "130638"),
    ("130629", "容城县", "county", "133100"),
    ("130629100", "容城镇", "township", "130629"),
    ("130632", "安新县", "county", "133100"),
    ("130632100", "安新镇", "township", "130632"),
]

OFFICIAL_POST = "320412-GH"
"""The demo official account belongs to whoever holds 武进区's government head post (区长) now: a post
with recurring duties (an executive meeting on safety every quarter, a report on the safety duties every
year), whose current periods the demo records leave open, so one can record a duty and watch it turn met."""

DEMO_PASSWORD = "zeren-demo"  # noqa: S105 - printed by `zeren demo`; demo only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    family_name: str
    given_name: str
    role: str  # "" for the superuser
    jurisdiction: str  # code, "" for the superuser


ACCOUNTS: list[DemoAccount] = [
    DemoAccount("admin", "管", "理员", "", ""),
    DemoAccount("cz-office", "周", "立安", "office", "320400"),
    DemoAccount("wujin-office", "陈", "思远", "office", "320412"),
    DemoAccount("xinbei-office", "吴", "雨桐", "office", "320411"),
    DemoAccount("cz-organisation", "孙", "明哲", "organisation", "320400"),
    DemoAccount("cz-discipline", "赵", "清源", "discipline", "320400"),
    DemoAccount("wujin-official", "钱", "志刚", "official", "320412"),
    DemoAccount("hebei-office", "李", "建华", "office", "130000"),
    DemoAccount("zhengding-office", "郑", "晓峰", "office", "130123"),
    DemoAccount("xiongan-office", "冯", "一帆", "office", "133100"),
]
