// Messages of the work feature under the 'work' namespace: zh-CN first, English with the same keys.
const zh = {};
const en: typeof zh = {};
export default { zh, en };
