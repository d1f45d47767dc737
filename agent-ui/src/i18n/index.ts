import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import elEn from 'element-plus/es/locale/lang/en';
import zhCN, { type Messages } from './zh-CN';
import en from './en';
import home from './modules/home';
import presence from './modules/presence';
import kb from './modules/kb';
import work from './modules/work';
import intake from './modules/intake';
import list from './modules/list';
import softphone from './modules/softphone';
import roster from './modules/roster';
import settlement from './modules/settlement';
import adminRef from './modules/adminRef';
import account from './modules/account';
import security from './modules/security';

// Each feature keeps its messages in i18n/modules/<feature>.ts under its own namespace.
const modules = { home, presence, kb, work, intake, list, softphone, roster, settlement, adminRef, account, security };
const zhAll = { ...zhCN, ...Object.fromEntries(Object.entries(modules).map(([k, m]) => [k, m.zh])) } as Messages;
const enAll = { ...en, ...Object.fromEntries(Object.entries(modules).map(([k, m]) => [k, m.en])) } as Messages;

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'hotline-desk.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : 'zh-CN';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhAll, en: enAll },
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** Element Plus' own strings (pagination, empty, dialogs) follow the app locale. */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elEn : elZhCn));
