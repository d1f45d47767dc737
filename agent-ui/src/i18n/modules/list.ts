// Messages of the list feature under the 'list' namespace: zh-CN first, English with the same keys.
const zh = {};
const en: typeof zh = {};
export default { zh, en };
