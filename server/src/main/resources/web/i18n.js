// The page's words in English and Chinese. Follows the browser's language unless the operator
// picks one (kept in session storage); elements name their text with data-i18n="key".

const WORDS = {
  en: {
    "tab.ask": "Ask", "tab.knowledge": "Knowledge", "tab.diagnose": "Diagnose", "tab.actions": "Actions",
    "key.label": "API key", "key.save": "Use key", "key.forget": "Forget",
    "key.ok": "Connected ({n} models).", "key.none": "No key entered: works only if the server runs without keys.",
    "key.open": "Connected (the server needs no key).", "lang.label": "Language",
    "ask.model": "Model", "ask.collections": "Collections searched", "ask.new": "New conversation",
    "ask.placeholder": "Ask about an incident, e.g. “The node’s disk is full, what do I do?”",
    "ask.send": "Ask", "ask.you": "You", "ask.assistant": "opsmind", "ask.streaming": "answering…",
    "ask.sources": "Sources", "ask.mode": "mode: {mode}", "ask.fallback": "fallback: {reason}",
    "ask.notRelevant": "The knowledge base has nothing close to this question; the answer says so.",
    "ask.noGrounded": "This server has no knowledge index: grounded answers are unavailable.",
    "ask.proposed": "Proposed actions (see the Actions tab)", "ask.missingArgs": "not proposed: name {names} in the question", "ask.allCollections": "all I may read",
    "fb.helpful": "Helpful", "fb.unhelpful": "Not helpful", "fb.comment": "Comment (optional)",
    "fb.send": "Send feedback", "fb.sent": "Thanks: feedback stored.",
    "kb.collections": "Collections", "kb.name": "Name", "kb.description": "Description", "kb.chunks": "Chunks",
    "kb.documents": "Documents", "kb.documentsOf": "Documents in {c}", "kb.path": "Path", "kb.type": "Type",
    "kb.modified": "Modified", "kb.show": "Documents", "kb.upload": "Upload documents (admin)",
    "kb.to": "To collection", "kb.uploadButton": "Upload and index", "kb.uploading": "uploading {p}%",
    "kb.indexing": "indexing on the server…", "kb.done": "{n} document(s) indexed.",
    "kb.result": "{path}: {status}, {chunks} chunks", "kb.chooseFiles": "Choose one or more files first.",
    "kb.startup": "The server is indexing its sources: {message}", "kb.none": "No collections you may read.",
    "kb.noIndex": "This server has no knowledge index (no embedder configured).",
    "dx.placeholder": "Paste log lines here…", "dx.files": "Or log files", "dx.run": "Diagnose",
    "dx.running": "diagnosing…", "dx.progress": "diagnosing… {records} records, {lines} lines read", "dx.missing": "This server has no log diagnosis.",
    "dx.needLogs": "Paste log lines or choose files first.", "dx.summary": "Summary", "dx.rootCause": "Likely root cause",
    "dx.window": "Window", "dx.stats": "{lines} lines, {records} records, {templates} templates, {unmatched} unmatched",
    "dx.timeline": "Timeline", "dx.time": "Time", "dx.template": "Template", "dx.count": "Count",
    "dx.anomalous": "Anomalous templates", "dx.errors": "error lines", "dx.new": "new", "dx.examples": "Examples",
    "dx.firstError": "First error", "dx.runbooks": "Linked runbooks", "dx.nextSteps": "Next steps",
    "dx.sessions": "Anomalous sessions", "dx.none": "none",
    "act.missing": "This server has no actions API yet (runbook actions with approval): nothing to approve here.",
    "act.filter": "State", "act.all": "all", "act.refresh": "Refresh", "act.none": "No proposals.",
    "act.approve": "Approve", "act.reject": "Reject", "act.run": "Run", "act.dryRun": "dry run",
    "act.comment": "Comment", "act.audit": "Audit trail", "act.auditNone": "No audit entries for this proposal.",
    "act.output": "Output", "act.exit": "exit code {code}, {ms} ms", "act.timedOut": "timed out",
    "act.truncated": "(truncated)", "act.argv": "Command", "act.args": "Arguments", "act.risk": "risk",
    "act.by": "proposed by {who} at {when}", "act.expires": "expires {when}", "act.source": "from",
    "act.approved": "approved by {who} at {when}", "act.rejected": "rejected by {who} at {when}",
    "cite.collection": "Collection", "cite.path": "Path", "cite.headings": "Section", "cite.lines": "Lines",
    "cite.close": "Close", "cite.title": "Source [{n}]", "cite.snippet": "Only the excerpt could be shown (the passage was not found by search).",
    "cite.loading": "loading the passage…",
    "err.network": "The server could not be reached: {message}", "err.status": "HTTP {status}",
  },
  zh: {
    "tab.ask": "问答", "tab.knowledge": "知识库", "tab.diagnose": "日志诊断", "tab.actions": "操作审批",
    "key.label": "API 密钥", "key.save": "使用密钥", "key.forget": "清除",
    "key.ok": "已连接（{n} 个模型）。", "key.none": "未输入密钥：仅当服务器未配置密钥时可用。",
    "key.open": "已连接（服务器无需密钥）。", "lang.label": "语言",
    "ask.model": "模型", "ask.collections": "检索的知识集合", "ask.new": "新对话",
    "ask.placeholder": "描述故障并提问，例如“节点磁盘满了怎么办？”",
    "ask.send": "提问", "ask.you": "你", "ask.assistant": "opsmind", "ask.streaming": "正在回答…",
    "ask.sources": "来源", "ask.mode": "模式：{mode}", "ask.fallback": "回退：{reason}",
    "ask.notRelevant": "知识库中没有与此问题相近的内容，回答中已说明。",
    "ask.noGrounded": "此服务器没有知识索引，无法给出有依据的回答。",
    "ask.proposed": "建议的操作（见“操作审批”）", "ask.missingArgs": "未创建提议：请在问题中给出 {names}", "ask.allCollections": "我可读的全部集合",
    "fb.helpful": "有帮助", "fb.unhelpful": "没帮助", "fb.comment": "备注（可选）",
    "fb.send": "提交反馈", "fb.sent": "谢谢，反馈已保存。",
    "kb.collections": "知识集合", "kb.name": "名称", "kb.description": "说明", "kb.chunks": "分块数",
    "kb.documents": "文档", "kb.documentsOf": "{c} 中的文档", "kb.path": "路径", "kb.type": "类型",
    "kb.modified": "修改时间", "kb.show": "文档", "kb.upload": "上传文档（管理员）",
    "kb.to": "目标集合", "kb.uploadButton": "上传并索引", "kb.uploading": "上传中 {p}%",
    "kb.indexing": "服务器正在索引…", "kb.done": "已索引 {n} 个文档。",
    "kb.result": "{path}：{status}，{chunks} 个分块", "kb.chooseFiles": "请先选择一个或多个文件。",
    "kb.startup": "服务器正在索引数据源：{message}", "kb.none": "没有你可读的知识集合。",
    "kb.noIndex": "此服务器没有知识索引（未配置向量模型）。",
    "dx.placeholder": "在此粘贴日志行…", "dx.files": "或上传日志文件", "dx.run": "诊断",
    "dx.running": "诊断中…", "dx.progress": "诊断中… 已读取 {records} 条记录、{lines} 行", "dx.missing": "此服务器不提供日志诊断。",
    "dx.needLogs": "请先粘贴日志或选择文件。", "dx.summary": "摘要", "dx.rootCause": "可能的根因",
    "dx.window": "时间范围", "dx.stats": "{lines} 行，{records} 条记录，{templates} 个模板，{unmatched} 行未匹配",
    "dx.timeline": "时间线", "dx.time": "时间", "dx.template": "模板", "dx.count": "次数",
    "dx.anomalous": "异常模板", "dx.errors": "错误行", "dx.new": "新出现", "dx.examples": "示例",
    "dx.firstError": "首个错误", "dx.runbooks": "相关运行手册", "dx.nextSteps": "下一步",
    "dx.sessions": "异常会话", "dx.none": "无",
    "act.missing": "此服务器尚未提供操作 API（需审批的运行手册操作），这里没有待审批的内容。",
    "act.filter": "状态", "act.all": "全部", "act.refresh": "刷新", "act.none": "没有操作提议。",
    "act.approve": "批准", "act.reject": "拒绝", "act.run": "执行", "act.dryRun": "演练（不执行）",
    "act.comment": "备注", "act.audit": "审计记录", "act.auditNone": "此提议没有审计记录。",
    "act.output": "输出", "act.exit": "退出码 {code}，{ms} 毫秒", "act.timedOut": "已超时",
    "act.truncated": "（已截断）", "act.argv": "命令", "act.args": "参数", "act.risk": "风险",
    "act.by": "由 {who} 于 {when} 提议", "act.expires": "{when} 过期", "act.source": "来自",
    "act.approved": "由 {who} 于 {when} 批准", "act.rejected": "由 {who} 于 {when} 拒绝",
    "cite.collection": "集合", "cite.path": "路径", "cite.headings": "章节", "cite.lines": "行",
    "cite.close": "关闭", "cite.title": "来源 [{n}]", "cite.snippet": "仅显示摘录（检索未找到该段落）。",
    "cite.loading": "正在加载段落…",
    "err.network": "无法连接服务器：{message}", "err.status": "HTTP {status}",
  },
};

let current = "en";

export function language() {
  return current;
}

/** The operator's choice, else the browser's language (any zh-* is Chinese), else English. */
export function initialLanguage() {
  const saved = sessionStorage.getItem("opsmind.lang");
  if (saved === "en" || saved === "zh") return saved;
  const preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
  return preferred.some((l) => String(l).toLowerCase().startsWith("zh")) ? "zh" : "en";
}

/** Switches the page's words (texts and placeholders) to {@code lang}. */
export function setLanguage(lang, remember) {
  current = WORDS[lang] ? lang : "en";
  if (remember) sessionStorage.setItem("opsmind.lang", current);
  document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
}

/** The words for {@code key} with {name} placeholders filled (values are plain text). */
export function t(key, values) {
  const text = (WORDS[current] && WORDS[current][key]) || WORDS.en[key] || key;
  return values ? text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m)) : text;
}
