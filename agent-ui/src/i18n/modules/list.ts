// Messages of the list feature under the 'list' namespace: zh-CN first, English with the same keys.
const zh = {
  filters: {
    status: '状态（可多选）',
    unit: '承办单位',
    category: '诉求分类',
    channel: '来源渠道',
    street: '街道',
    dateFrom: '受理开始日期',
    dateTo: '受理结束日期',
    dateRange: '至',
    sort: '排序',
    clear: '清除条件',
  },
  sort: {
    receivedAt: '最新受理在前',
    closeDueAt: '办结时限最近在前',
  },
  saved: {
    placeholder: '已保存的筛选',
    saveAs: '保存筛选',
    dialogTitle: '保存当前筛选条件',
    name: '名称',
    namePlaceholder: '例如：本周超期投诉',
    saved: '已保存筛选“{name}”',
    delete: '删除',
    deleted: '已删除筛选“{name}”',
    confirmDelete: '删除已保存的筛选“{name}”？',
  },
  columns: {
    button: '列设置',
    title: '显示的列',
  },
  export: {
    button: '导出 Excel',
    started: '正在导出 {n} 条工单…',
    tooLarge: '符合条件的工单有 {count} 条，超过单次导出上限 {max} 条，请缩小筛选范围',
    failed: '导出失败：{message}',
  },
};
const en: typeof zh = {
  filters: {
    status: 'Status (several)',
    unit: 'Handling unit',
    category: 'Category',
    channel: 'Channel',
    street: 'Street',
    dateFrom: 'Received from',
    dateTo: 'Received to',
    dateRange: 'to',
    sort: 'Sort',
    clear: 'Clear filters',
  },
  sort: {
    receivedAt: 'Newest first',
    closeDueAt: 'Nearest deadline first',
  },
  saved: {
    placeholder: 'Saved filters',
    saveAs: 'Save filter',
    dialogTitle: 'Save the current filter',
    name: 'Name',
    namePlaceholder: 'e.g. Overdue complaints this week',
    saved: 'Filter “{name}” saved',
    delete: 'Delete',
    deleted: 'Filter “{name}” deleted',
    confirmDelete: 'Delete the saved filter “{name}”?',
  },
  columns: {
    button: 'Columns',
    title: 'Visible columns',
  },
  export: {
    button: 'Export Excel',
    started: 'Exporting {n} tickets…',
    tooLarge: '{count} tickets match, more than the export limit of {max}; narrow the filter',
    failed: 'Export failed: {message}',
  },
};
export default { zh, en };
