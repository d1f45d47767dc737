// Messages of the home feature under the 'home' namespace: zh-CN first, English with the same keys.
const zh = {};
const en: typeof zh = {};
export default { zh, en };
