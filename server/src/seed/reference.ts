// Demo reference data for a district hotline centre. Names are illustrative, not a real district's data.
import type { TimeLimit } from '../modules/calendar/workingTime';

export const DEPARTMENTS: [code: string, name: string][] = [
  ['cgw', '区城市管理委员会'],
  ['zjw', '区住房和城乡建设委员会'],
  ['jtw', '区交通委员会'],
  ['swj', '区水务局'],
  ['sthj', '区生态环境局'],
  ['scjg', '区市场监督管理局'],
  ['wjw', '区卫生健康委员会'],
  ['mzj', '区民政局'],
  ['rsj', '区人力资源和社会保障局'],
  ['jw', '区教育委员会'],
  ['gafj', '公安分局'],
  ['ghzr', '区规划和自然资源分局'],
  ['swuj', '区商务局'],
  ['wlj', '区文化和旅游局'],
  ['yjj', '区应急管理局'],
];
/** Sub-units under departments, so a department can dispatch further (multi-level handling). */
export const SUB_UNITS: [parentCode: string, code: string, name: string][] = [
  ['cgw', 'cgw-zfd', '城管执法大队'],
  ['cgw', 'cgw-hwz', '环境卫生管理中心'],
  ['zjw', 'zjw-wyk', '物业管理科'],
  ['scjg', 'scjg-spk', '食品安全监管科'],
];
export const STREETS = [
  '东湖街道',
  '西山街道',
  '南苑街道',
  '北辰街道',
  '中心街道',
  '学院路街道',
  '科技园街道',
  '清河街道',
  '花园路街道',
  '青龙桥街道',
  '香山街道',
  '田村街道',
  '万柳街道',
  '紫竹街道',
  '八里庄街道',
  '甘泉街道',
  '永定街道',
  '马连洼街道',
  '上庄街道',
  '温泉街道',
];
export const COMMUNITY_SUFFIXES = ['第一社区', '第二社区', '幸福社区', '和平里社区', '光明社区'];
export const PROVIDERS: [code: string, name: string][] = [
  ['prov-ykh', '一键呼紧急呼叫服务中心'],
  ['prov-yz', '社区养老服务驿站联合体'],
];

type L = [number, TimeLimit['unit']];
type LimitSet = { sign: L; feedback: L; close: L };
const limits = (sign: L, feedback: L, close: L): LimitSet => ({ sign, feedback, close });

/** Top-level kinds with default limits per urgency; sub-categories may override. */
export const CATEGORIES: {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  limits: Record<'normal' | 'urgent' | 'critical', LimitSet>;
  children: {
    code: string;
    name: string;
    nameEn: string;
    limits?: Partial<Record<'normal' | 'urgent' | 'critical', LimitSet>>;
  }[];
}[] = [
  {
    code: 'consult',
    name: '咨询',
    nameEn: 'Consultation',
    kind: 'consult',
    limits: {
      normal: limits([2, 'working_hours'], [3, 'working_days'], [5, 'working_days']),
      urgent: limits([1, 'working_hours'], [1, 'working_days'], [2, 'working_days']),
      critical: limits([0.5, 'calendar_hours'], [4, 'calendar_hours'], [1, 'working_days']),
    },
    children: [
      { code: 'consult-policy', name: '政策咨询', nameEn: 'Policy' },
      { code: 'consult-guide', name: '办事指南', nameEn: 'How-to' },
      { code: 'consult-elder', name: '养老服务咨询', nameEn: 'Elderly care' },
    ],
  },
  {
    code: 'help',
    name: '求助',
    nameEn: 'Request for help',
    kind: 'help',
    limits: {
      normal: limits([2, 'working_hours'], [3, 'working_days'], [5, 'working_days']),
      urgent: limits([1, 'calendar_hours'], [24, 'calendar_hours'], [2, 'working_days']),
      critical: limits([0.5, 'calendar_hours'], [4, 'calendar_hours'], [1, 'calendar_days']),
    },
    children: [
      {
        code: 'help-utility',
        name: '水电气热',
        nameEn: 'Utilities',
        limits: { normal: limits([1, 'working_hours'], [1, 'working_days'], [3, 'working_days']) },
      },
      { code: 'help-traffic', name: '道路交通', nameEn: 'Roads and traffic' },
      {
        code: 'help-elder',
        name: '老年人紧急求助',
        nameEn: 'Elderly emergency',
        limits: { normal: limits([0.5, 'calendar_hours'], [4, 'calendar_hours'], [1, 'calendar_days']) },
      },
    ],
  },
  {
    code: 'complaint',
    name: '投诉',
    nameEn: 'Complaint',
    kind: 'complaint',
    limits: {
      normal: limits([2, 'working_hours'], [5, 'working_days'], [7, 'working_days']),
      urgent: limits([1, 'working_hours'], [2, 'working_days'], [3, 'working_days']),
      critical: limits([0.5, 'calendar_hours'], [24, 'calendar_hours'], [2, 'working_days']),
    },
    children: [
      {
        code: 'complaint-noise',
        name: '噪声扰民',
        nameEn: 'Noise',
        limits: { normal: limits([2, 'working_hours'], [3, 'working_days'], [5, 'working_days']) },
      },
      { code: 'complaint-sanitation', name: '环境卫生', nameEn: 'Sanitation' },
      { code: 'complaint-property', name: '物业管理', nameEn: 'Property management' },
      { code: 'complaint-market', name: '市场监管', nameEn: 'Market supervision' },
    ],
  },
  {
    code: 'report',
    name: '举报',
    nameEn: 'Report',
    kind: 'report',
    limits: {
      normal: limits([2, 'working_hours'], [5, 'working_days'], [10, 'working_days']),
      urgent: limits([1, 'working_hours'], [2, 'working_days'], [5, 'working_days']),
      critical: limits([0.5, 'calendar_hours'], [24, 'calendar_hours'], [2, 'working_days']),
    },
    children: [
      { code: 'report-building', name: '违法建设', nameEn: 'Illegal construction' },
      { code: 'report-food', name: '食品安全', nameEn: 'Food safety' },
    ],
  },
  {
    code: 'suggestion',
    name: '建议',
    nameEn: 'Suggestion',
    kind: 'suggestion',
    limits: {
      normal: limits([4, 'working_hours'], [10, 'working_days'], [15, 'working_days']),
      urgent: limits([2, 'working_hours'], [5, 'working_days'], [7, 'working_days']),
      critical: limits([1, 'working_hours'], [2, 'working_days'], [3, 'working_days']),
    },
    children: [
      { code: 'suggestion-city', name: '城市建设', nameEn: 'Urban development' },
      { code: 'suggestion-service', name: '公共服务', nameEn: 'Public services' },
    ],
  },
  {
    code: 'praise',
    name: '表扬',
    nameEn: 'Praise',
    kind: 'praise',
    limits: {
      normal: limits([4, 'working_hours'], [5, 'working_days'], [7, 'working_days']),
      urgent: limits([4, 'working_hours'], [5, 'working_days'], [7, 'working_days']),
      critical: limits([4, 'working_hours'], [5, 'working_days'], [7, 'working_days']),
    },
    children: [{ code: 'praise-staff', name: '表扬工作人员', nameEn: 'Staff praise' }],
  },
];

export const CONTENT_SAMPLES: Record<string, string[]> = {
  'consult-policy': ['咨询老旧小区加装电梯的补贴政策和申请条件。', '咨询居住证办理需要准备哪些材料。'],
  'consult-guide': ['咨询社保卡丢失后如何补办。', '咨询新生儿落户的办理流程。'],
  'consult-elder': ['咨询家庭养老床位的申请条件。', '咨询老年人助餐服务点的位置和价格。'],
  'help-utility': ['小区已停水一天，没有收到任何通知，请协调尽快恢复供水。', '楼道灯损坏多日，夜间出行不便。'],
  'help-traffic': ['路口信号灯故障，早高峰拥堵严重。', '人行道井盖缺失，存在安全隐患。'],
  'help-elder': ['独居老人按下一键呼设备，称身体不适需要帮助。', '老人走失，家属请求协助寻找。'],
  'complaint-noise': ['楼下商铺夜间音响声音过大，影响休息。', '工地夜间施工噪音扰民，持续到凌晨。'],
  'complaint-sanitation': ['小区垃圾桶满溢多日无人清运。', '道路两侧堆放建筑垃圾。'],
  'complaint-property': ['物业不作为，电梯频繁故障无人维修。', '物业擅自提高停车费。'],
  'complaint-market': ['超市销售过期食品。', '培训机构拒绝退费。'],
  'report-building': ['楼顶违规搭建彩钢房。', '一层住户私自破墙开店。'],
  'report-food': ['餐馆后厨卫生条件差，疑似使用地沟油。'],
  'suggestion-city': ['建议在公园增设健身器材。', '建议增加社区公共停车位。'],
  'suggestion-service': ['建议延长社区卫生服务站的开放时间。'],
  'praise-staff': ['表扬社区工作人员耐心帮助老人办理业务。'],
};
