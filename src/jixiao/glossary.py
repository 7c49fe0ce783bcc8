"""Field → Chinese label: the one table every message, form and sheet uses."""

from __future__ import annotations


# What the audit log records (AuditEntry.action) → what the 审计日志 page calls it.
AUDIT_ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "login_throttled": "登录受限（失败次数过多）",
    "logout": "退出",
    "logout_idle": "空闲超时退出",
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
    "api_token": "生成 API 令牌",
    "api_revision": "API 保存修订",
}
