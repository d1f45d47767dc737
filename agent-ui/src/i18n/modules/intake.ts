// Messages of the intake feature under the 'intake' namespace: zh-CN first, English with the same keys.
const zh = {};
const en: typeof zh = {};
export default { zh, en };
