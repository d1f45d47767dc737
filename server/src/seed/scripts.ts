// Lifecycle scripts for demo tickets: each ends in a different state, so the demo shows all of them.
export interface Step {
  action: string;
  as: 'agent1' | 'supervisor1' | 'revisit1' | 'leader1' | 'handler';
  afterMinutes: number;
  input?: Record<string, unknown>;
  needsAssignment?: boolean;
  needsSupervision?: boolean;
}

const dispatch: Step = { action: 'dispatch', as: 'agent1', afterMinutes: 5, input: { note: '请按时限办理' } };
const sign: Step = { action: 'sign', as: 'handler', afterMinutes: 40, needsAssignment: true };
const feedback: Step = {
  action: 'feedback',
  as: 'handler',
  afterMinutes: 60 * 24,
  needsAssignment: true,
  input: { content: '已联系来电人并现场核实，问题已处理完毕。', result: 'resolved' },
};
const accept: Step = {
  action: 'review',
  as: 'supervisor1',
  afterMinutes: 120,
  needsAssignment: true,
  input: { accept: true, comment: '反馈属实' },
};
const satisfied: Step = {
  action: 'revisit',
  as: 'revisit1',
  afterMinutes: 240,
  input: { reached: true, resolved: true, satisfaction: 'satisfied', note: '来电人表示满意' },
};
const unsatisfied: Step = {
  action: 'revisit',
  as: 'revisit1',
  afterMinutes: 240,
  input: { reached: true, resolved: false, satisfaction: 'unsatisfied', note: '来电人表示问题未解决' },
};
const toRevisit = [dispatch, sign, feedback, accept];

const SCRIPTS: { weight: number; steps: Step[] }[] = [
  {
    weight: 25,
    steps: [
      {
        action: 'close_on_call',
        as: 'agent1',
        afterMinutes: 3,
        input: { resolution: '已按政策口径解答，来电人无异议。' },
      },
    ],
  }, // closed on the call
  { weight: 22, steps: [...toRevisit, satisfied] }, // closed after revisit
  { weight: 6, steps: [] }, // received
  { weight: 8, steps: [dispatch] }, // pending sign
  { weight: 8, steps: [dispatch, sign] }, // processing
  {
    weight: 4,
    steps: [
      dispatch,
      {
        action: 'send_back',
        as: 'handler',
        afterMinutes: 30,
        needsAssignment: true,
        input: { reason: '不属于本单位职责范围' },
      },
    ],
  }, // back at the centre
  {
    weight: 3,
    steps: [
      dispatch,
      {
        action: 'send_back',
        as: 'handler',
        afterMinutes: 30,
        needsAssignment: true,
        input: { reason: '非本单位职责' },
      },
      { ...dispatch, input: { otherUnit: true } },
    ],
  },
  {
    weight: 4,
    steps: [
      dispatch,
      sign,
      {
        action: 'request_extension',
        as: 'handler',
        afterMinutes: 120,
        needsAssignment: true,
        input: { days: 3, reason: '需协调多个部门联合处置' },
      },
    ],
  },
  {
    weight: 3,
    steps: [
      dispatch,
      sign,
      {
        action: 'request_extension',
        as: 'handler',
        afterMinutes: 120,
        needsAssignment: true,
        input: { days: 5, reason: '需等待检测结果' },
      },
      {
        action: 'decide_extension',
        as: 'supervisor1',
        afterMinutes: 60,
        needsAssignment: true,
        input: { approve: true, comment: '同意延期' },
      },
    ],
  },
  { weight: 5, steps: [dispatch, sign, feedback] }, // pending review
  {
    weight: 3,
    steps: [
      dispatch,
      sign,
      feedback,
      {
        action: 'review',
        as: 'supervisor1',
        afterMinutes: 120,
        needsAssignment: true,
        input: { accept: false, comment: '反馈内容不完整，请补充处理结果' },
      },
    ],
  },
  { weight: 5, steps: toRevisit }, // pending revisit
  {
    weight: 2,
    steps: [
      ...toRevisit,
      { action: 'revisit', as: 'revisit1', afterMinutes: 60, input: { reached: false, note: '无人接听' } },
    ],
  },
  { weight: 3, steps: [...toRevisit, unsatisfied] }, // revisit failed
  {
    weight: 3,
    steps: [
      ...toRevisit,
      unsatisfied,
      { action: 'redo', as: 'supervisor1', afterMinutes: 60, input: { reason: '来电人不满意，重新办理' } },
    ],
  },
  {
    weight: 2,
    steps: [
      ...toRevisit,
      unsatisfied,
      { action: 'redo', as: 'supervisor1', afterMinutes: 60, input: { reason: '重办' } },
      { ...feedback },
      { ...accept },
      satisfied,
    ],
  },
  {
    weight: 3,
    steps: [
      dispatch,
      sign,
      {
        action: 'supervise_open',
        as: 'supervisor1',
        afterMinutes: 60 * 24,
        input: { reason: '群众反映强烈，请加快办理' },
      },
    ],
  },
  {
    weight: 2,
    steps: [
      dispatch,
      sign,
      { action: 'supervise_open', as: 'supervisor1', afterMinutes: 60, input: { reason: '督办' } },
      {
        action: 'supervise_respond',
        as: 'handler',
        afterMinutes: 120,
        needsSupervision: true,
        input: { response: '已安排专人跟进，明日反馈' },
      },
    ],
  },
  { weight: 3, steps: [{ action: 'merge', as: 'agent1', afterMinutes: 5 }] }, // repeat call merged into an open ticket
  {
    weight: 1,
    steps: [
      ...toRevisit,
      satisfied,
      { action: 'reopen', as: 'supervisor1', afterMinutes: 60 * 24, input: { reason: '来电人再次反映问题未解决' } },
    ],
  },
];

const TOTAL = SCRIPTS.reduce((s, x) => s + x.weight, 0);
/** Deterministic: ticket i always gets the same script, spread by weight. */
export function scriptFor(i: number): Step[] {
  let k = (i * 37) % TOTAL;
  for (const s of SCRIPTS) {
    if (k < s.weight) return s.steps;
    k -= s.weight;
  }
  return [];
}
