"""The report of the complete example against the reference report, section by section.

The lists below are the reference's (/work/shared/reference/000_e5376d201a09ce67.txt, the
delivered report the examples are transcribed from): its headings in order, its tables, and
for each passage a phrase that names its topic. The report of
examples/xinshi-hrss-2024-full.yaml must miss none of them. Where the reference titles a
section wrongly (its body calls 一、基本情况 “基本概况” and repeats （五）'s title for
（六）), the list holds the title its own contents page gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from test_report_fixtures import ROOT, analysis_of, document_text

from jixiao.report import render_docx

FULL = ROOT / "examples" / "xinshi-hrss-2024-full.yaml"
SHORT = ROOT / "examples" / "xinshi-hrss-2024.yaml"

# the headings of the body, in the reference's order
SECTIONS = [
    "一、基本情况", "（一）部门基本情况", "1. 部门主要职能", "2. 部门机构设置及人员构成", "3. 部门单位年度重点工作",
    "4. 部门固定资产情况", "（二）部门单位整体支出规模", "1. 整体支出情况", "（三）部门管理情况", "1. 财务管理情况",
    "2. 资产管理情况", "（1）流动资产的管理", "（2）固定资产的管理", "3. 项目实施管理情况", "（1）项目管理情况",
    "（2）项目监管情况", "（四）部门绩效目标", "1. 总体目标", "2. 年度整体绩效目标", "（五）评价对象和范围、主要内容",
    "1. 评价对象和范围", "2. 评价主要内容", "3. 绩效评价时段",
    "二、评价工作简述", "（一）评价依据", "（二）评价目的", "（三）评价原则", "（四）评价方法",
    "（五）评价指标体系及评价标准", "1. 评价指标体系", "2. 评价定级标准", "（六）评价人员分工及工作进程", "1. 人员分工",
    "2. 工作进程安排", "（1）前期准备", "（2）组织实施", "（3）分析评价", "（4）定稿阶段",
    "三、绩效评价分析", "（一）部门决策", "（1）A11 职能设定明确性", "（2）A21 中长期规划科学合理性",
    "（3）A31 工作计划的合理明确性", "（4）A41 绩效目标明确性", "（5）A42 绩效目标合理性、可衡量性",
    "（二）部门管理", "（1）B11 内部控制制度健全性", "（2）B21 预算编制合理性", "（3）B22 预算执行率",
    "（4）B23 预算调整率", "（5）B24 三公经费控制率", "（6）B31 资金使用合规性", "（7）B41 固定资产管理规范性",
    "（8）B42 固定资产利用率", "（9）B51 政府采购规范性", "（10）B61 项目管理制度健全性", "（11）B71 绩效管理制度健全性",
    "（三）部门绩效", "（1）C11 新增就业人数", "（2）C12 职业技能培训", "（3）C21 退休人员社会化管理覆盖率",
    "（4）C22 领取社会保险待遇资格认证率", "（5）C23 举报投诉案件结案率",
    "四、评价结论", "（一）总体评价结论", "（二）评分结果",
    "五、主要经验及做法、存在的问题及建议", "（一）主要经验及做法", "1. 构建多层次就业服务体系，精准对接供需两端",
    "2. 创新技能培训与创业扶持模式，强化人才支撑", "3. 健全劳动关系治理机制，保障劳动者权益", "（二）存在的问题",
    "1. 履职方面", "2. 绩效管理方面", "（三）改进建议", "1. 履职方面", "2. 绩效管理方面",
    "六、其他需要说明的问题", "（一）关于评价责任的说明", "（二）关于影响本次绩效评价局限性的说明",
    "（三）提示报告使用者注意事项的说明",
    "附件1：绩效评价指标体系及综合评价表", "附件2：信息基础表", "附件3：整体支出绩效自评表", "附件4：访谈记录",
    "附件5：现场照片",
]

# the 摘要's own headings
SUMMARY = ["一、部门概况", "二、评价结论与结果", "（一）总体评价结论", "（二）评分结果",
           "三、主要经验及做法、存在的问题及建议", "（一）主要经验及做法", "（二）存在的问题", "（三）改进建议"]

# the tables, by their caption (or the first cells of their header row)
TABLES = [
    "表1-1 高新区（新市区）人力资源和社会保障局2024年度固定资产情况表", "表1-2 部门预算支出及结转结余情况表",
    "表1-3 部门（单位）整体绩效目标表", "表2-1 评价组成员表", "表3-1 部门决策类指标得分情况表",
    "表3-2 部门管理类指标得分情况表", "表3-3 部门绩效类指标得分情况表", "表4-1 部门整体支出绩效评价得分表",
    "部门整体支出绩效评价得分表", "高新区（新市区）人力资源和社会保障局2024年度部门整体支出绩效评价指标体系及综合评分表",
    "信息基础表", "部门（单位）整体支出绩效自评表",
]

# a phrase naming each passage's topic, section by section
TOPICS = {
    "封面": ["部门名称：", "委托单位：", "评价年度：", "评价机构：", "主评人：胡嘉敏", "2025年8月"],
    "致函": ["财政局：", "新党发〔2018〕30号", "于2025年7月14日", "最终得出评价结论并形成本评价报告"],
    "部门主要职能": ["的主要职能：", "承办区委、管委会（区人民政府）交办的其他事项。", "职能转变。深入推进简政放权"],
    "机构与人员": ["为副县级", "下属事业单位5个", "机关行政编制9名"],
    "年度重点工作": ["立足保障民生之本", "立足优质高效服务", "立足人才强区战略", "立足安全稳定有序", "加强党的建设"],
    "固定资产": ["期初金额为1,696.49万元", "一是资产无偿调出", "二是本年度资产报废", "期末金额为1,320.12万元"],
    "整体支出": ["年初预算安排为31,577.79万元", "预算执行率为99.60%", "（1）人员经费", "（2）公用经费", "年末结转结余"],
    "财务管理": ["加强财务预算编制", "细化预算经费工作", "严格执行财务预算", "强化财务监督工作", "建立健全内部审计制度"],
    "资产管理": ["建立适应公共财政要求的单位国有资产管理体制", "无备用金", "财资〔2020〕97号", "账物分管",
                 "分类设置固定资产明细账"],
    "项目实施管理": ["组成项目小组", "长期发挥效益", "随机抽查、专项检查"],
    "绩效目标": ["保障本单位干部职工的基本利益", "负责促进区就业工作", "一是大力实施就业优先政策",
                 "二是发挥县级技工学校", "三是持续推进和谐劳动关系构建", "四是坚持强基固本"],
    "评价对象和内容": ["资金来源包括上级资金、本级资金", "部门整体履职情况", "绩效目标的设定情况", "资金投入和使用情况",
                       "绩效跟踪管理措施", "绩效目标的实现程度为单位的履职效能情况", "评价时段为：2025年7月14日"],
    "评价依据": ["《中华人民共和国预算法》（2014年修正）", "财预〔2011〕416号", "财预〔2013〕53号", "财预〔2020〕10号",
                 "新财预〔2018〕189号", "《人社局资产管理办法》"],
    "评价目的": ["从宏观的层面把握部门的职能履行情况", "找出资金使用和管理中的薄弱环节"],
    "评价原则": ["科学规范、全面系统、公正客观、绩效相关", "相关性原则", "重要性原则", "系统性原则"],
    "评价方法": ["比较法", "探究指标变动的内在原因", "因素分析法", "从外部因素来看", "问卷调查法"],
    "指标体系": ["体现了从决策到可持续发展建设的绩效逻辑路径", "“部门决策、部门管理、部门绩效”3个一级指标",
                 "70分以下为差"],
    "人员分工": ["受托方为新疆华阳有限责任会计师事务所", "王吉江", "蔡翼如", "孙怡凡"],
    "工作进程": ["设计完整的绩效指标体系", "开展访谈、合规性检查、问卷等调研", "并进行意见交换",
                 "最终形成绩效评价报告终稿"],
    "绩效评价分析": ["部门决策类指标由4个二级指标、5个三级指标构成", "三定方案", "2024—2026年", "新增就业人数指标值设置偏低",
                     "财会〔2012〕1号", "二上二下", "《高新区（新市区）人社局招标采购领导小组工作规程》"],
    "评价结论": ["部门工作任务安排与部门预算安排", "总得分为97.00分", "绩效评级为“优”"],
    "主要经验": ["“政策+平台+服务”", "“九大产业集群”", "“互联网+公共就业服务”矩阵", "“一对一”上门服务",
                 "“企业订单、劳动者点单、机构接单”", "以赛事带动技能水平提升", "“预防+监管+调处”", "件件有回应",
                 "“一站式”劳动争议调解中心"],
    "存在问题": ["“缓就业”“慢就业”", "自我审定的主观性偏差", "目标设定不够合理", "无法衡量整体效果", "预算管理不到位",
                 "损害了预算的严肃性"],
    "改进建议": ["职业体验日", "典型评价案例定期开展研讨", "征求业务科室及服务对象意见", "二次核查",
                 "数据四舍五入不规范", "既重", "绩效问题整改责任制", "在安排财政资金时应优先考虑"],
    "其他说明": ["并对其真实性、合法性、完整性负责", "存在一定难度", "需要回避的利害关系", "认真阅读和理解"],
    "附件清单与落款": ["附件1：绩效评价指标体系及综合评价表", "附件5：现场照片", "评价机构（盖章）：新疆华阳有限责任会计师事务所",
                       "主评人（签字）：胡嘉敏", "评价日期：二〇二五年八月十五日"],
    "附件2": ["部门单位 | 高新区（新市区）人力资源和社会保障局 | 部门负责人 | 马新星", "部门基本概况 | 单位主要负责促进就业",
              "年度重点任务 | 2024年人社局紧扣"],
    "附件3": ["部门名称 | 高新区（新市区）人力资源和社会保障局", "其中：上级资金", "年度总目标 | 预期目标 | 实际完成情况",
              "总体绩效目标：", "指标设定依据", "运行成本", "管理效率", "社会效益", "可持续发展能力", "服务对象满意度",
              "得分（复核）"],
    "附件4": ["被访谈单位：高新区（新市区）人力资源和社会保障局", "被访谈对象：马新星、崔丹", "访谈日期：2025年7月",
              "部门架构和主要职责", "人员编制情况", "年度重大任务、重点工作完成情况", "促进就业、开展职业技能培训所做的工作",
              "维护劳动者权益、化解劳动纠纷", "预算绩效管理工作流程是否规范", "自贸区劳动争议调解中心开展32场政策宣讲"],
    "附件5": ["开展就业培训", "开展职业技能培训", "开展政策宣传活动", "开展学生招聘会", "举办成人专场招聘会",
              "进行民生诉求投诉调解工作"],
}


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Document:
    out = tmp_path_factory.mktemp("full") / "full.docx"
    render_docx(analysis_of(FULL), out)
    return Document(str(out))


def _headings(doc: Document, styles: tuple[str, ...]) -> list[str]:
    return [p.text.strip() for p in doc.paragraphs if p.style.name in styles and p.text.strip()]


def test_the_full_example_scores_as_the_short_one_and_raises_the_same_problems():
    full, short = analysis_of(FULL), analysis_of(SHORT)
    assert (full.headline.total_text, full.headline.grade) == (short.headline.total_text, short.headline.grade)
    assert full.headline.total_text == "97.00" and full.headline.grade == "优"
    assert sorted((p.code, p.message) for p in full.problems) == sorted((p.code, p.message) for p in short.problems)


def test_every_section_of_the_reference_in_its_order(full):
    found = _headings(full, ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "附件标题"))
    at = 0
    for section in SECTIONS:
        # a heading may carry its dates: （1）前期准备（2025年7月14日—7月20日）
        nxt = next((i for i in range(at, len(found)) if found[i] == section or found[i].startswith(section + "（")), None)
        assert nxt is not None, f"“{section}” missing after “{found[at - 1] if at else ''}”"
        at = nxt + 1


def test_the_summary_has_the_reference_s_parts(full):
    found = _headings(full, ("摘要一级", "摘要二级"))
    assert [h for h in found if h in SUMMARY] == SUMMARY


def test_every_table_of_the_reference(full):
    captions = set(_headings(full, ("表题",)))
    missing = [t for t in TABLES if t not in captions]
    assert not missing, missing
    assert len(full.tables) >= len(TABLES) - 1  # 附件3 is two tables, the 摘要's score table has no number


@pytest.mark.parametrize("topic", list(TOPICS))
def test_every_paragraph_topic_of_the_reference(full, topic):
    text = document_text(full)
    missing = [phrase for phrase in TOPICS[topic] if phrase not in text]
    assert not missing, f"{topic}：{missing}"


def test_the_budget_table_has_both_capital_construction_rows(full):
    assert document_text(full).count("其中：基本建设类项目 | - | - | - | -") == 2


def test_annex5_holds_the_photos(full):
    images = [p for p in full.part.package.parts if p.partname.endswith(".png")]
    assert len(images) >= 7  # the chart and six photos


def test_the_short_example_keeps_its_report(tmp_path):
    """The new keys are optional: the abridged file reads as before (no 管理情况 points, no photos)."""
    out = tmp_path / "short.docx"
    render_docx(analysis_of(SHORT), out)
    text = document_text(Document(str(out)))
    assert "财务管理方面，按照《预算法》规定" in text and "其中：基本建设类项目" not in text
    assert Path(out).stat().st_size > 0


def test_the_example_photos_are_drawn_scenes_marked_as_samples():
    """附件5's photos of the full example show what their captions name and say 示例照片 (no grey boxes)."""
    from PIL import Image

    folder = ROOT / "examples" / "照片"
    files = sorted(folder.glob("现场*.png"))
    assert len(files) == 6
    for path in files:
        assert path.stat().st_size < 40_000, path.name  # small in the repository
        with Image.open(path) as im:
            rgb = im.convert("RGB")
            colours = rgb.getcolors(maxcolors=1 << 16) or []
            assert len(colours) >= 12, f"{path.name}：只有 {len(colours)} 种颜色，是占位图"
            # the red 示例照片 stamp at the top right
            stamp = rgb.crop((rgb.width - 230, 18, rgb.width - 18, 88))
            red = sum(n for n, (r, g, b) in stamp.getcolors(1 << 16) if r > 150 and g < 90 and b < 90)
            assert red > 500, f"{path.name}：没有“示例照片”标记"
    assert len({p.read_bytes() for p in files}) == 6  # six different scenes
