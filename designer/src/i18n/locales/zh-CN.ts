/**
 * 简体中文（默认语言）。This file is also the message schema: `en.ts` must have the same keys.
 * vue-i18n syntax: `{name}` interpolates; write literal braces as {'{'} and avoid `@` and `|`.
 */
const zhCN = {
  app: { name: '教练流', guest: '访客（登录功能即将上线）', signInLater: '登录与角色将在后续版本提供' },
  nav: { workflows: '工作流', runs: '运行记录', inbox: '待办' },
  common: {
    add: '添加', remove: '删除', moveUp: '上移', cancel: '取消', confirm: '确定', create: '创建', edit: '编辑', save: '保存',
    retry: '重试', refresh: '刷新', loadMore: '加载更多', actions: '操作',
  },
  error: {
    network: '无法连接到引擎服务，请检查网络或稍后重试',
    http: '请求失败（HTTP {status}）',
    code: {
      REVISION_CONFLICT: '版本冲突', WORKFLOW_INVALID: '工作流校验未通过', NOT_FOUND: '未找到', VALIDATION_FAILED: '请求参数不合法',
      UNAUTHORIZED: '需要登录', FORBIDDEN: '没有权限', SERVICE_UNAVAILABLE: '服务暂不可用',
    },
  },
  workflows: {
    blankCanvas: '空白画布（从组件面板拖入触发器）', title: '工作流', subtitle: '把辅导结论和 HR 信号变成可追踪的后续行动', new: '新建工作流', import: '导入 JSON', export: '导出 JSON',
    imported: '已导入「{name}」', importError: { json: '文件不是有效的 JSON', shape: '文件不是教练流工作流（需要 nodes 与 edges）' },
    loadFailed: '工作流列表加载失败', empty: '还没有工作流，点击右上角新建', draft: '草稿', runs: '运行记录',
    description: '描述', namePlaceholder: '例如：KPI 连续偏离 → 辅导任务',
    col: { name: '名称', trigger: '触发器', published: '已发布版本', revision: '修订', updated: '更新时间' },
  },
  editor: {
    undo: '撤销', redo: '重做', autoLayout: '自动布局', fitView: '适应画布', publish: '发布',
    publishedTag: '已发布 v{version}', revision: '修订 {revision}', unsaved: '未保存', saved: '已保存（修订 {revision}）',
    published: '已发布版本 v{version}', publishRejected: '引擎拒绝发布：请查看问题列表', fixErrorsFirst: '还有 {n} 个错误，修复后才能发布',
    publishHint: '发布会生成一个不可变的版本；正在运行的实例仍使用原版本。', publishNote: '版本说明（可选），例如：调整连续偏离周数为 3',
    loadFailed: '工作流加载失败', connectRefused: '无法这样连接：不能连到自身或触发器，且不能重复连接',
    leaveConfirm: '有未保存的修改，确定离开吗？', leave: '离开',
  },
  versions: {
    title: '版本', empty: '尚未发布任何版本', current: '当前发布', noNote: '（无说明）', restore: '载入编辑器',
    restoreConfirm: '用 v{version} 的定义替换当前画布？可以撤销，保存后才会生效。', restored: '已载入 v{version}，保存后生效',
  },
  conflict: {
    title: '保存冲突', body: '其他人已经保存了修订 {revision}，你的修改基于更早的修订。', bodyUnknown: '其他人已经保存了更新的修订，你的修改基于更早的修订。',
    savedAt: '对方保存于 {at}', hint: '请选择：重新加载对方的版本（放弃你的修改），或明确用你的版本覆盖。',
    reload: '重新加载', overwrite: '用我的版本覆盖', reloaded: '已加载最新修订',
  },
  palette: {
    highImpact: '高影响', search: '搜索节点', hint: '拖到画布上，或点击添加', onlyOneTrigger: '每个工作流只能有一个触发器', noMatch: '没有匹配的节点',
    group: { triggers: '触发', logic: '逻辑', people: '人员协作', connectors: '连接器', notifications: '通知', flow: '流程控制' },
  },
  config: { nothingSelected: '选择一个节点以编辑配置', nodeId: '节点 ID', nodeName: '节点名称', settings: '配置', issues: '此节点有 {n} 个问题' },
  field: {
    event: '触发事件', filter: '过滤规则', rule: '规则', cases: '分支', id: '标识', label: '显示名称', assignments: '变量赋值', name: '变量名',
    title: '标题', description: '描述', assignee: '处理人', dueIn: '截止期限', priority: '优先级', form: '记录表单', approvers: '审批人',
    mode: '审批方式', quorum: '通过人数', sla: '审批时限（SLA）', escalateTo: '超时升级给', connector: '连接器', action: '动作', input: '输入映射',
    retry: '重试策略', maxAttempts: '最多尝试次数', backoffMs: '首次重试间隔（毫秒）', backoffFactor: '退避倍数', timeoutMs: '超时（毫秒）',
    channel: '渠道', to: '接收人', body: '正文', duration: '等待时长', until: '等待至（规则）', outcome: '结果', external: '外部审批（飞书 / 钉钉）',
  },
  fieldHint: {
    filter: '可选：事件满足此规则时才启动，例如连续偏离周数 ≥ 3',
    title: "支持 {'{{'}trigger.kpi.name{'}}'} 形式的模板",
    description: "支持 {'{{'}路径{'}}'} 模板，证据会自动附带",
    body: "支持 {'{{'}路径{'}}'} 模板",
    until: '返回 ISO 日期或毫秒时间戳的规则',
    input: '每个字段是一条 JSON-logic 规则（字面量也可以）',
    connector: '例如 lms-moodle',
  },
  enum: {
    priority: { low: '低', normal: '普通', high: '高' },
    mode: { sequential: '依次审批', all: '全部通过', any: '任一通过', quorum: '达到人数' },
    channel: { inapp: '站内信', mail: '邮件', im: 'IM 机器人' },
    direction: { above: '高于区间', below: '低于区间' },
  },
  assignee: {
    pick: '选择处理人', employeeId: '员工 ID',
    type: { directManager: '直线经理', skipLevel: '隔级上级', hrbp: 'HRBP', employee: '员工本人', role: '角色', person: '指定人员', objectiveOwners: '目标负责高管' },
  },
  role: { hr_admin: 'HR 管理员', it_admin: 'IT 管理员', manager: '经理', executive: '高管', employee: '员工' },
  duration: {
    minutes: '分钟', hours: '小时', days: '天', weeks: '周', simple: '简单模式', minutesShort: '分钟', hoursShort: '小时', daysShort: '天',
  },
  rule: { parseError: 'JSON 解析错误（内容已保留）', format: '格式化', showVariables: '可用变量（{n}）', hideVariables: '收起变量' },
  ruleBuilder: {
    view: '规则视图', visual: '可视化', json: 'JSON', and: '并且 AND', or: '或者 OR', not: '取反 NOT', combine: '组合方式',
    allOf: '以下条件全部满足', anyOf: '以下条件满足任意一个', notHint: '以下规则不成立时为真', unwrapNot: '取消取反', negateHint: '对这条规则取反（NOT）',
    addCondition: '添加条件', addGroup: '添加条件组', emptyGroup: '条件组为空：请添加条件', noRule: '尚未设置规则', isTruthy: '值为真：',
    useCondition: '改用条件规则', operator: '运算符', operandKind: '取值方式', pickVariable: '选择变量', pickDate: '选择日期',
    textPlaceholder: '输入文本', listPlaceholder: '输入或选择多个值', true: '是', false: '否', betweenAnd: '至',
    notEvaluated: '未求值', previewValue: '预览数据中的值', preview: '实时预览', previewNoRule: '没有规则',
    sampleInvalid: '样例数据不是合法 JSON', editSample: '编辑样例数据', hideSample: '收起样例数据', resetSample: '恢复为触发器样例',
    jsonBroken: 'JSON 有语法错误，修正后才能在可视化视图中编辑（内容已保留）', openJson: '打开 JSON 视图',
    unsupportedTitle: '这条规则无法用可视化编辑器显示，请在 JSON 视图中编辑',
    unsupported: { operator: '位置 {path} 使用了可视化编辑器不支持的运算符 {detail}', arity: '位置 {path} 的运算符 {detail} 参数个数不受支持', shape: '位置 {path} 的写法不受支持（{detail}）' },
    mode: { var: '变量', literal: '固定值', pct_deviation: '偏离百分比', date_diff: '日期差', date_add: '日期加减' },
    source: { trigger: '触发事件', employee: '员工', manager: '直线经理', org: '组织', vars: '流程变量', steps: '前序节点输出', now: '当前时间' },
    type: { number: '数字', string: '文本', enum: '枚举', boolean: '布尔', date: '日期', array: '列表', any: '任意' },
    unit: { minutes: '分钟', hours: '小时', days: '天', weeks: '周', months: '月' },
    op: {
      eq: '等于', ne: '不等于', strictEq: '严格等于', strictNe: '严格不等于', gt: '大于', ge: '大于等于', lt: '小于', le: '小于等于',
      in: '属于其中之一', between: '介于（含两端）', betweenInclusive: '介于（含两端，链式）', betweenExclusive: '介于（不含两端）', dateBefore: '早于', dateAfter: '晚于',
    },
  },
  action: {
    modeValue: '固定值', modeRule: '规则', pickConnector: '选择连接器', pickAction: '选择动作', highImpact: '高影响动作：每条路径上必须先有人工任务或审批',
    catalogueUnavailable: '无法加载已安装的连接器，输入映射以 JSON 编辑', noInputs: '此动作没有输入参数', extraInputs: '动作定义中没有的输入：{keys}', inputJson: '输入映射（JSON）',
  },
  issues: { title: '问题', none: '没有问题，可以发布', fromServer: '引擎', severity: { error: '错误', warning: '警告' } },
  issue: {
    code: {
      INVALID_DEFINITION: '定义无效', INVALID_NODE: '节点无效', DUPLICATE_NODE_ID: '节点 ID 重复', UNKNOWN_NODE_KIND: '未知节点类型',
      NO_TRIGGER: '缺少触发器', MULTIPLE_TRIGGERS: '触发器多于一个', TRIGGER_HAS_INCOMING: '触发器不能有入边', INVALID_EDGE: '连线无效',
      DUPLICATE_EDGE_ID: '连线 ID 重复', DANGLING_EDGE: '悬空连线', DUPLICATE_EDGE: '重复连线', UNKNOWN_HANDLE: '未知出口',
      HANDLE_FANOUT: '一个出口只能连一条线', SELF_LOOP: '自环', CYCLE: '存在环路', UNREACHABLE_NODE: '节点不可达', DEAD_END: '分支未连接',
      INVALID_CONFIG: '配置不完整', UNKNOWN_TRIGGER_TYPE: '未知触发事件', INVALID_RULE: '规则无效', UNKNOWN_VARIABLE: '未知变量',
      DUPLICATE_CASE_ID: '分支标识重复', UNKNOWN_CONNECTOR: '未知连接器', UNKNOWN_ACTION: '未知动作', LIMIT_EXCEEDED: '超出限制',
      HIGH_IMPACT_WITHOUT_HUMAN: '高影响动作前缺少人工确认', RULE_JSON_INVALID: '规则 JSON 无法解析',
    },
  },
  canvas: {
    handle: { true: '是', false: '否', approved: '通过', rejected: '驳回', default: '默认' },
    summary: { until: '等待至指定时间', cases: '个分支' },
  },
  stepStatus: {
    running: '运行中', waiting: '等待中', retrying: '重试中', succeeded: '成功', failed: '失败', skipped: '已跳过', cancelled: '已取消', notReached: '未到达',
  },
  runStatus: { running: '运行中', waiting: '等待中', succeeded: '成功', failed: '失败', cancelled: '已取消' },
  runs: {
    title: '运行记录', allWorkflows: '全部工作流', allStatuses: '全部状态', loadFailed: '运行记录加载失败', empty: '暂无运行记录',
    col: { status: '状态', workflow: '工作流', employee: '员工', started: '开始时间', duration: '耗时', error: '错误', id: '运行 ID' },
  },
  replay: {
    pickNode: '点击画布上的节点查看执行详情', notReached: '本次运行未到达此节点', attempt: '第 {n} 次尝试', startedAt: '开始', finishedAt: '结束',
    elapsed: '耗时', evaluations: '规则求值', result: '结果', rule: '规则', variablesRead: '读取的变量', error: '错误', input: '输入', output: '输出',
    outcome: '结果', retry: '从失败节点重试', cancel: '取消运行', cancelConfirm: '确定取消这次运行吗？等待中的任务会被关闭。', retried: '已重新开始',
    cancelled: '已取消', loadFailed: '运行详情加载失败', runError: '运行失败', tabNode: '节点详情', tabContext: '运行上下文',
    trigger: '触发事件', employee: '员工', vars: '变量',
  },
  inbox: {
    title: '待办', empty: '没有待办任务', loadFailed: '待办加载失败', evidence: '证据', completion: '完成任务', complete: '提交并完成',
    completed: '任务已完成', viewRun: '查看运行',
    col: { title: '任务', form: '表单', priority: '优先级', assignee: '处理人', due: '截止时间', created: '创建时间' },
  },
  form: { template: { GROW: 'GROW 辅导记录', '5R': '5R 行动记录', BEST: 'BEST 反馈记录', QUICK_REVIEW: '快闪复盘（三问）' } },
  coachingForm: {
    GROW: {
      goal: '目标（Goal）', goalPrompt: '这次希望达成什么具体结果？',
      reality: '现状（Reality）', realityPrompt: '目前的数据和事实是什么？差距在哪里？',
      options: '方案（Options）', optionsPrompt: '有哪些可以尝试的办法？',
      will: '行动意愿（Will）', willPrompt: '接下来具体做什么、什么时候做、需要什么支持？',
    },
    '5R': {
      result: '目标成果（Result）', resultPrompt: '要看到什么具体结果？',
      resource: '关键资源（Resource）', resourcePrompt: '需要什么支持？',
      responsible: '责任人（Responsible）', responsiblePrompt: '谁主责，谁协助？',
      review: '复盘节点（Review）', reviewPrompt: '什么时候一起看看进展？',
      risk: '主要风险与预案（Risk）', riskPrompt: '可能的阻碍是什么？准备怎样应对？',
    },
    BEST: {
      behavior: '描述行为（Behavior）', behaviorPrompt: '可观察到的具体行为和数据',
      effect: '说明影响（Effect）', effectPrompt: '这个行为带来了什么影响？',
      seek: '征求看法（Seek）', seekPrompt: '对方怎么看？',
      target: '未来改进（Target）', targetPrompt: '共同商量的改进方向',
    },
    QUICK_REVIEW: {
      satisfied: '最满意的三件事', satisfiedPrompt: '这段时间你最满意的三件事是什么？',
      obstacle: '关键障碍', obstaclePrompt: '你遇到的一个关键障碍是什么？你自己尝试过哪些解决办法？',
      nextFocus: '优先改善点', nextFocusPrompt: '接下来两周，你最想优先改善的一点是什么？',
    },
    conclusions: '辅导结论', training: '安排培训', competency: '需要提升的能力，例如：客户异议处理', rotation: '建议轮岗',
    pip: '进入绩效改进计划（PIP）', reason: '原因（必填）', reasonRequired: '建议轮岗或进入 PIP 时请填写原因', comment: '备注', competencyRequired: '勾选“安排培训”时请填写需要提升的能力',
  },
  evidence: { period: '周期', value: '数值', range: '期望区间', raw: '原始事件数据' },
  notFound: { title: '页面不存在', body: '你访问的页面不存在或已被移动。', back: '返回工作流' },
};

export type MessageSchema = typeof zhCN;
export default zhCN;
