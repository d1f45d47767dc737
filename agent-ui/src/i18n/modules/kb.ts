// Messages of the kb feature under the 'kb' namespace: zh-CN first, English with the same keys.
const zh = {};
const en: typeof zh = {};
export default { zh, en };
