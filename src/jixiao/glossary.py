"""Field → Chinese label: the one table every message, form and sheet uses.

Keys are the evaluation file's own (format 1). A key means the same thing wherever
it appears, so one label per key is enough; where it is not, the parent key is
named too (see jixiao.web.documents.field_label).
"""

from __future__ import annotations

from .model.evaluation import KINDS
from .rules import all_params

LABELS = {
    "format": "格式版本", "kind": "评价类型", "year": "年度", "title": "标题",
    "entity": "被评价单位", "project": "项目", "engagement": "评价组织", "grading": "定级标准",
    "budget": "预算", "assets": "资产", "targets": "绩效目标", "indicators": "指标体系",
    "self_evaluation": "自评表", "findings": "发现与建议", "interviews": "访谈", "photos": "照片",
    "name": "名称", "short_name": "简称", "head": "负责人", "rank": "级别", "parent": "上级单位",
    "internal_bodies": "内设机构", "subordinate_units": "下属单位", "staffing": "编制",
    "functions": "主要职能", "key_tasks": "年度重点工作", "department": "主管部门", "implementer": "实施单位",
    "description": "概况", "commissioned_by": "委托单位", "firm": "评价机构", "lead": "主评人",
    "team": "评价组", "role": "角色", "duty": "分工", "fieldwork": "现场工作", "start": "开始", "end": "结束",
    "phases": "阶段", "report_date": "报告日期", "basis": "评价依据", "methods": "评价方法",
    "min": "最低分", "grade": "等级", "unit": "单位", "lines": "预算科目", "children": "下级",
    "initial": "年初预算数", "adjusted": "全年预算数", "spent": "全年执行数", "carryover": "年末结转结余",
    "sources": "资金来源", "three_public": "“三公经费”", "categories": "资产类别", "opening": "期初金额",
    "increase": "本期增加", "decrease": "本期减少", "closing": "期末金额", "in_use": "在用固定资产期末原值",
    "level1": "一级指标", "level2": "二级指标", "target": "指标值", "code": "编码", "weight": "权重",
    "explanation": "指标解释", "standard": "评分标准", "benchmark": "标杆值", "actual": "完成值",
    "reported": "填报值", "rule": "评分规则", "analysis": "评价分析", "score": "得分", "reason": "扣分原因",
    "value": "数值", "source": "数据来源", "metric": "计算指标", "formula": "公式", "inputs": "公式数据",
    "type": "规则类型", "funds": "预算执行情况", "rows": "资金行", "rate": "执行率", "goals": "总体目标",
    "planned": "预期目标", "achieved": "实际完成", "basis_": "依据", "total": "合计",
    "experiences": "主要经验", "problems": "存在问题", "suggestions": "建议", "area": "方面",
    "indicator": "相关指标", "text": "内容", "date": "日期", "interviewees": "受访人", "qa": "问答",
    "q": "问", "a": "答", "caption": "说明", "file": "文件", "texts": "标准段落",
    "transformation": "职能转变", "overview": "部门基本概况", "of_which": "其中", "decrease_reasons": "本期减少原因",
    "management": "部门管理情况", "parts": "分项",
    # the fields of a 要点 (rule parameters themselves are labelled by their rule types: RULE_PARAMS)
    "points": "分值", "met": "达到", "note": "说明",
    # 编制 (entity.staffing), as the report's 部门概况 names them
    "administrative": "机关行政编制", "leaders": "领导职数", "body_leaders": "内设机构领导职数",
    "institutional": "事业编制",
    # 绩效目标申报表 (declaration:)
    "declaration": "绩效目标申报表", "form": "申报表类型", "attribute": "项目属性", "period": "项目期",
    "goal": "年度总体目标", "tasks": "年度主要任务", "amount": "金额", "history": "上年实际完成值",
}

# A key under rule: is a rule parameter, labelled as its rule type declares it (jixiao.rules, PARAMS),
# so the forms, the workbook columns, the comparison and the problem places say the same word.
RULE_PARAMS = {p.name: p.label for p, _ in all_params()}
# Where a parameter's name means nothing else in the file, it has that label anywhere (findings,
# score, reason and target do mean something else outside rule:, see rule_param_label).
LABELS.update({name: text for name, text in RULE_PARAMS.items() if name not in LABELS})

# The sub-fields of 编制, in the words of the report ("机关行政编制9名，其中：领导职数3名 …").
STAFFING = {k: LABELS[k] for k in ("administrative", "leaders", "body_leaders", "institutional")} | {"actual": "实有人数"}

# Fields that take one of a few values: path → {value: Chinese name}; forms show them as a choice.
CHOICES = {"kind": KINDS}

# Keys whose meaning depends on the section they are in: (section, key) → label.
SECTION_LABELS = {("self_evaluation", "indicators"): "绩效指标"}

# A problem placed on a whole indicator still concerns one of its fields: the one its code names.
PROBLEM_FIELDS = {
    "weights.standard_full_marks": "standard",
    "weights.rule_full_marks": "rule",
    "weights.sum": "weight",
    "targets.unit": "benchmark",
    "targets.too_low": "benchmark",
    "targets.full_marks_missed": "score",
    "targets.direction_inferred": "target",
    "targets.direction_unknown": "target",
    "complete.reason": "reason",
    "score.tier_range": "score",
}


def label(key: str) -> str:
    """The Chinese name of a key of the evaluation file (the key itself where there is none)."""
    return LABELS.get(key, key)


def rule_param_label(name: str) -> str:
    """The label of a key under rule: (findings → 扣分事项, not the 发现与建议 of the file's top level)."""
    return RULE_PARAMS.get(name) or label(name)


def kind_key(text: str) -> str:
    """The 评价类型 key of a kind written either way: department or 部门整体支出绩效评价."""
    text = str(text or "").strip()
    if text in KINDS:
        return text
    return next((k for k, name in KINDS.items() if name == text), text)


# What the audit log records (AuditEntry.action) → what the 审计日志 page calls it.
AUDIT_ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "login_throttled": "登录受限（失败次数过多）",
    "logout": "退出",
    "logout_idle": "空闲超时退出",
    "logout_expired": "会话到期退出",
    "logout_2fa": "未经双因素认证退出",
    "password_changed": "修改密码",
    "password_change_failed": "修改密码失败",
    "password_reset": "重置用户密码",
    "2fa_enabled": "启用双因素认证",
    "2fa_disabled": "停用双因素认证",
    "2fa_failed": "双因素认证设置失败",
    "2fa_reset": "重置用户双因素认证",
    "user_created": "新建用户",
    "user_updated": "修改用户",
    "user_disabled": "停用用户",
    "user_enabled": "启用用户",
    "org_created": "新增单位",
    "denied": "拒绝访问",
    "refused_final": "定稿后拒绝修改",
    "create": "新建评价",
    "assign": "分配",
    "status": "更改质控状态",
    "finalise": "定稿",
    "new_version": "开始新版本",
    "upload": "上传文件",
    "upload_refused": "拒绝上传",
    "file": "下载文件",
    "export": "导出",
    "report_job": "排队生成报告",
    "jobs_purged": "清理过期任务",
    "api_token": "生成 API 令牌",
    "api_revision": "API 保存修订",
    "save": "保存修订",
    "comment": "质控意见",
    "csrf_failed": "拒绝请求（安全令牌无效）",
    "audit_verify": "校验审计日志",
    "final_check_failed": "定稿校验不一致",
    "final_download_refused": "拒绝下载校验不一致的定稿",
    "round_open": "开启自评轮次",
    "round_upload": "上传自评表",
    "round_return": "退回自评表",
    "round_confirm": "确认自评表",
    "round_close": "结束自评轮次",
    "round_reopen": "重新开放自评轮次",
    "round_draft": "保存自评表草稿",
    "report_audit_upload": "上传报告复核",
    "report_audit_view": "查看报告复核结果",
    "rectification_created": "生成整改事项",
    "rectification_saved": "保存整改情况",
    "rectification_submitted": "提交整改情况",
    "rectification_confirmed": "确认整改",
    "rectification_returned": "退回整改",
    "rectification_deadline": "修改整改期限",
    "rectification_evidence": "上传整改佐证",
    "rectification_policy": "设置默认整改期限",
    "rectification_import": "导入整改情况表",
    "results_rules": "修改结果应用规则",
    "results_report": "排队生成结果应用报告",
    "monitoring_upload": "上传运行监控表",
    "monitoring_rules": "设置预警规则",
}

# The reviewer's words on an annotated report (jixiao.reportaudit.annotate, opinion): its 复核意见 page,
# each 批注, and the figures a text check worked out, by the names the checks give them.
REVIEW = {
    "opinion": "复核意见", "comment": "批注", "reviewer": "jixiao 复核", "where": "位置", "hint": "处理建议",
    "chapter": "章节", "severity": "严重程度", "problem": "问题", "count": "合计", "unlocated": "未能定位的问题",
    "recomputed": "重新计算的数字", "no_problems": "未发现报告前后矛盾之处。", "none": "（整体）",
}
REVIEW_FIGURES = {"stated": "报告所写", "computed": "重新计算", "counted": "清点个数"}
