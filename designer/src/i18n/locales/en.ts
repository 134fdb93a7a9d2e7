/** English. Must have exactly the keys of zh-CN.ts (the type checks it). */
import type { MessageSchema } from './zh-CN';

const en: MessageSchema = {
  app: { name: 'Coachflow', guest: 'Guest (sign-in coming soon)', signInLater: 'Sign-in and roles arrive in a later version' },
  nav: { workflows: 'Workflows', runs: 'Runs', inbox: 'Inbox' },
  common: {
    add: 'Add', remove: 'Remove', moveUp: 'Move up', cancel: 'Cancel', confirm: 'Confirm', create: 'Create', edit: 'Edit', save: 'Save',
    retry: 'Retry', refresh: 'Refresh', loadMore: 'Load more', actions: 'Actions',
  },
  error: {
    network: 'Cannot reach the engine. Check the connection and try again.',
    http: 'Request failed (HTTP {status})',
    code: {
      REVISION_CONFLICT: 'Revision conflict', WORKFLOW_INVALID: 'The workflow is invalid', NOT_FOUND: 'Not found', VALIDATION_FAILED: 'Invalid request',
      UNAUTHORIZED: 'Sign-in required', FORBIDDEN: 'Not allowed', SERVICE_UNAVAILABLE: 'Service unavailable',
    },
  },
  workflows: {
    blankCanvas: 'Blank canvas (drag a trigger from the palette)', title: 'Workflows', subtitle: 'Turn coaching conclusions and HR signals into tracked follow-up', new: 'New workflow', import: 'Import JSON', export: 'Export JSON',
    imported: 'Imported “{name}”', importError: { json: 'The file is not valid JSON', shape: 'The file is not a Coachflow workflow (needs nodes and edges)' },
    loadFailed: 'Could not load workflows', empty: 'No workflows yet. Create one with the button above.', draft: 'Draft', runs: 'Runs',
    description: 'Description', namePlaceholder: 'e.g. KPI deviation → coaching task',
    col: { name: 'Name', trigger: 'Trigger', published: 'Published', revision: 'Revision', updated: 'Updated' },
  },
  editor: {
    undo: 'Undo', redo: 'Redo', autoLayout: 'Auto-layout', fitView: 'Fit view', publish: 'Publish',
    publishedTag: 'Published v{version}', revision: 'Revision {revision}', unsaved: 'Unsaved', saved: 'Saved (revision {revision})',
    published: 'Published version v{version}', publishRejected: 'The engine refused to publish: see the issues list', fixErrorsFirst: '{n} errors left; fix them to publish',
    publishHint: 'Publishing creates an immutable version; running instances keep their version.', publishNote: 'Version note (optional), e.g. streak threshold set to 3',
    loadFailed: 'Could not load the workflow', connectRefused: 'Cannot connect like this: no self-loops, no edges into the trigger, no duplicates',
    leaveConfirm: 'You have unsaved changes. Leave anyway?', leave: 'Leave',
  },
  versions: {
    title: 'Versions', empty: 'Nothing published yet', current: 'Published', noNote: '(no note)', restore: 'Load into editor',
    restoreConfirm: 'Replace the canvas with the definition of v{version}? You can undo; it takes effect when saved.', restored: 'Loaded v{version}; save to keep it',
  },
  conflict: {
    title: 'Save conflict', body: 'Someone else saved revision {revision}; your changes are based on an older revision.', bodyUnknown: 'Someone else saved a newer revision; your changes are based on an older one.',
    savedAt: 'They saved at {at}', hint: 'Choose: reload their version (discarding your changes), or explicitly overwrite it with yours.',
    reload: 'Reload', overwrite: 'Overwrite with mine', reloaded: 'Loaded the latest revision',
  },
  palette: {
    highImpact: 'high impact', search: 'Search nodes', hint: 'Drag onto the canvas, or click to add', onlyOneTrigger: 'A workflow has exactly one trigger', noMatch: 'No matching nodes',
    group: { triggers: 'Triggers', logic: 'Logic', people: 'People', connectors: 'Connectors', notifications: 'Notifications', flow: 'Flow' },
  },
  config: { nothingSelected: 'Select a node to edit its configuration', nodeId: 'Node ID', nodeName: 'Node name', settings: 'Settings', issues: '{n} issues on this node' },
  field: {
    event: 'Event', filter: 'Filter rule', rule: 'Rule', cases: 'Cases', id: 'Id', label: 'Label', assignments: 'Assignments', name: 'Variable name',
    title: 'Title', description: 'Description', assignee: 'Assignee', dueIn: 'Due in', priority: 'Priority', form: 'Record form', approvers: 'Approvers',
    mode: 'Mode', quorum: 'Quorum', sla: 'SLA', escalateTo: 'Escalate to', connector: 'Connector', action: 'Action', input: 'Input mapping',
    retry: 'Retry policy', maxAttempts: 'Max attempts', backoffMs: 'First retry delay (ms)', backoffFactor: 'Backoff factor', timeoutMs: 'Timeout (ms)',
    channel: 'Channel', to: 'Recipients', body: 'Body', duration: 'Duration', until: 'Until (rule)', outcome: 'Outcome', external: 'External approval (Feishu / DingTalk)',
  },
  fieldHint: {
    filter: 'Optional: start only when the event matches, e.g. streak ≥ 3',
    title: "Supports templates like {'{{'}trigger.kpi.name{'}}'}",
    description: "Supports {'{{'}path{'}}'} templates; the evidence is attached automatically",
    body: "Supports {'{{'}path{'}}'} templates",
    until: 'A rule returning an ISO date or epoch milliseconds',
    input: 'Each field is a JSON-logic rule (a literal works too)',
    connector: 'e.g. lms-moodle',
  },
  enum: {
    priority: { low: 'Low', normal: 'Normal', high: 'High' },
    mode: { sequential: 'One after another', all: 'All must approve', any: 'First decision wins', quorum: 'Quorum' },
    channel: { inapp: 'In-app', mail: 'Mail', im: 'IM webhook' },
    direction: { above: 'Above range', below: 'Below range' },
  },
  assignee: {
    pick: 'Choose an assignee', employeeId: 'Employee ID',
    type: { directManager: 'Direct manager', skipLevel: 'Skip-level manager', hrbp: 'HRBP', employee: 'The employee', role: 'Role', person: 'A person', objectiveOwners: 'Objective owners' },
  },
  role: { hr_admin: 'HR admin', it_admin: 'IT admin', manager: 'Manager', executive: 'Executive', employee: 'Employee' },
  duration: {
    minutes: 'minutes', hours: 'hours', days: 'days', weeks: 'weeks', simple: 'Simple', minutesShort: 'min', hoursShort: 'h', daysShort: 'd',
  },
  rule: { parseError: 'JSON parse error (your text is kept)', format: 'Format', showVariables: 'Variables ({n})', hideVariables: 'Hide variables' },
  ruleBuilder: {
    view: 'Rule view', visual: 'Visual', json: 'JSON', and: 'AND', or: 'OR', not: 'NOT', combine: 'Combine with',
    allOf: 'all of the following are true', anyOf: 'any of the following is true', notHint: 'true when the rule below is false', unwrapNot: 'Remove NOT', negateHint: 'Negate this rule (NOT)',
    addCondition: 'Add condition', addGroup: 'Add group', emptyGroup: 'Empty group: add a condition', noRule: 'No rule yet', isTruthy: 'Is true:',
    useCondition: 'Use a condition instead', operator: 'Operator', operandKind: 'Value kind', pickVariable: 'Pick a variable', pickDate: 'Pick a date',
    textPlaceholder: 'Text', listPlaceholder: 'Type or pick values', true: 'true', false: 'false', betweenAnd: 'and',
    notEvaluated: 'not evaluated', previewValue: 'Value in the sample data', preview: 'Live preview', previewNoRule: 'No rule',
    sampleInvalid: 'The sample data is not valid JSON', editSample: 'Edit sample data', hideSample: 'Hide sample data', resetSample: 'Reset to the trigger example',
    jsonBroken: 'The JSON has a syntax error; fix it to edit visually (your text is kept)', openJson: 'Open the JSON view',
    unsupportedTitle: 'The visual builder cannot show this rule; edit it in the JSON view',
    unsupported: { operator: 'Operator {detail} at {path} is not supported by the visual builder', arity: 'Operator {detail} at {path} has an unsupported number of arguments', shape: 'Unsupported shape at {path} ({detail})' },
    mode: { var: 'Variable', literal: 'Value', pct_deviation: '% deviation', date_diff: 'Date difference', date_add: 'Date plus' },
    source: { trigger: 'Trigger event', employee: 'Employee', manager: 'Direct manager', org: 'Organisation', vars: 'Workflow variables', steps: 'Earlier node outputs', now: 'Current time' },
    type: { number: 'number', string: 'text', enum: 'enum', boolean: 'boolean', date: 'date', array: 'list', any: 'any' },
    unit: { minutes: 'minutes', hours: 'hours', days: 'days', weeks: 'weeks', months: 'months' },
    op: {
      eq: 'equals', ne: 'not equal', strictEq: 'strictly equals', strictNe: 'strictly not equal', gt: 'greater than', ge: 'at least', lt: 'less than', le: 'at most',
      in: 'is one of', between: 'between (inclusive)', betweenInclusive: 'between (inclusive, chained)', betweenExclusive: 'between (exclusive)', dateBefore: 'before', dateAfter: 'after',
    },
  },
  action: {
    modeValue: 'Value', modeRule: 'Rule', pickConnector: 'Pick a connector', pickAction: 'Pick an action', highImpact: 'High-impact action: a task or approval must precede it on every path',
    catalogueUnavailable: 'Could not load the installed connectors; edit the input mapping as JSON', noInputs: 'This action has no inputs', extraInputs: 'Inputs not in the action definition: {keys}', inputJson: 'Input mapping (JSON)',
  },
  issues: { title: 'Issues', none: 'No issues: ready to publish', fromServer: 'Engine', severity: { error: 'Error', warning: 'Warning' } },
  issue: {
    code: {
      INVALID_DEFINITION: 'Invalid definition', INVALID_NODE: 'Invalid node', DUPLICATE_NODE_ID: 'Duplicate node id', UNKNOWN_NODE_KIND: 'Unknown node kind',
      NO_TRIGGER: 'No trigger', MULTIPLE_TRIGGERS: 'More than one trigger', TRIGGER_HAS_INCOMING: 'Edge into the trigger', INVALID_EDGE: 'Invalid edge',
      DUPLICATE_EDGE_ID: 'Duplicate edge id', DANGLING_EDGE: 'Dangling edge', DUPLICATE_EDGE: 'Duplicate edge', UNKNOWN_HANDLE: 'Unknown handle',
      HANDLE_FANOUT: 'One edge per handle', SELF_LOOP: 'Self-loop', CYCLE: 'Cycle', UNREACHABLE_NODE: 'Unreachable node', DEAD_END: 'Unconnected branch',
      INVALID_CONFIG: 'Incomplete configuration', UNKNOWN_TRIGGER_TYPE: 'Unknown trigger event', INVALID_RULE: 'Invalid rule', UNKNOWN_VARIABLE: 'Unknown variable',
      DUPLICATE_CASE_ID: 'Duplicate case id', UNKNOWN_CONNECTOR: 'Unknown connector', UNKNOWN_ACTION: 'Unknown action', LIMIT_EXCEEDED: 'Limit exceeded',
      HIGH_IMPACT_WITHOUT_HUMAN: 'High-impact action without a human step', RULE_JSON_INVALID: 'Rule JSON does not parse',
    },
  },
  canvas: {
    handle: { true: 'true', false: 'false', approved: 'approved', rejected: 'rejected', default: 'default' },
    summary: { until: 'until a date', cases: 'cases' },
  },
  stepStatus: {
    running: 'Running', waiting: 'Waiting', retrying: 'Retrying', succeeded: 'Succeeded', failed: 'Failed', skipped: 'Skipped', cancelled: 'Cancelled', notReached: 'Not reached',
  },
  runStatus: { running: 'Running', waiting: 'Waiting', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' },
  runs: {
    title: 'Runs', allWorkflows: 'All workflows', allStatuses: 'All statuses', loadFailed: 'Could not load runs', empty: 'No runs yet',
    col: { status: 'Status', workflow: 'Workflow', employee: 'Employee', started: 'Started', duration: 'Duration', error: 'Error', id: 'Run ID' },
  },
  replay: {
    pickNode: 'Click a node on the canvas to see what happened there', notReached: 'The run did not reach this node', attempt: 'Attempt {n}', startedAt: 'Started', finishedAt: 'Finished',
    elapsed: 'Elapsed', evaluations: 'Rule evaluations', result: 'Result', rule: 'Rule', variablesRead: 'Variables read', error: 'Error', input: 'Input', output: 'Output',
    outcome: 'Outcome', retry: 'Retry from failed node', cancel: 'Cancel run', cancelConfirm: 'Cancel this run? Waiting tasks will be closed.', retried: 'Run restarted',
    cancelled: 'Run cancelled', loadFailed: 'Could not load the run', runError: 'The run failed', tabNode: 'Node', tabContext: 'Run context',
    trigger: 'Trigger event', employee: 'Employee', vars: 'Variables',
  },
  inbox: {
    title: 'Inbox', empty: 'Nothing to do', loadFailed: 'Could not load tasks', evidence: 'Evidence', completion: 'Complete the task', complete: 'Submit and complete',
    completed: 'Task completed', viewRun: 'View run',
    col: { title: 'Task', form: 'Form', priority: 'Priority', assignee: 'Assignee', due: 'Due', created: 'Created' },
  },
  form: { template: { GROW: 'GROW coaching record', '5R': '5R action record', BEST: 'BEST feedback record', QUICK_REVIEW: 'Quick review (three questions)' } },
  coachingForm: {
    GROW: {
      goal: 'Goal', goalPrompt: 'What concrete result do you want this time?',
      reality: 'Reality', realityPrompt: 'What do the data and facts say? Where is the gap?',
      options: 'Options', optionsPrompt: 'What could you try?',
      will: 'Will', willPrompt: 'What exactly happens next, by when, with what support?',
    },
    '5R': {
      result: 'Result', resultPrompt: 'What concrete result should we see?',
      resource: 'Resource', resourcePrompt: 'What support is needed?',
      responsible: 'Responsible', responsiblePrompt: 'Who leads, who helps?',
      review: 'Review', reviewPrompt: 'When do we look at progress together?',
      risk: 'Risk', riskPrompt: 'What could get in the way, and what is the plan?',
    },
    BEST: {
      behavior: 'Behavior', behaviorPrompt: 'The observable behaviour and data',
      effect: 'Effect', effectPrompt: 'What impact did it have?',
      seek: 'Seek', seekPrompt: 'How does the other person see it?',
      target: 'Target', targetPrompt: 'The improvement you agreed on',
    },
    QUICK_REVIEW: {
      satisfied: 'Three things you are most satisfied with', satisfiedPrompt: 'What are the three things you are most satisfied with lately?',
      obstacle: 'Key obstacle', obstaclePrompt: 'What is one key obstacle, and what have you tried?',
      nextFocus: 'Next focus', nextFocusPrompt: 'What one thing do you most want to improve in the next two weeks?',
    },
    conclusions: 'Conclusions', training: 'Arrange training', competency: 'Competency to develop, e.g. objection handling', rotation: 'Suggest rotation',
    pip: 'Enter a performance improvement plan (PIP)', reason: 'Reason (required)', reasonRequired: 'A rotation suggestion or a PIP needs its reason', comment: 'Comment', competencyRequired: 'Name the competency when “Arrange training” is ticked',
  },
  evidence: { period: 'Period', value: 'Value', range: 'Expected range', raw: 'Raw event data' },
  notFound: { title: 'Page not found', body: 'The page does not exist or has moved.', back: 'Back to workflows' },
};

export default en;
