// Two-step sign-in (TOTP) of one's own account: set up (a secret shown as a QR code and as text, confirmed
// by a first code) and, where the role allows it, switch off (password and a code).
import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { accountApi, type TotpEnrolment } from '../../api/account';
import { ApiError } from '../../api/client';
import { useAuthStore } from '../../stores/auth';

const codeOf = (v: string) => v.replace(/\s+/g, '');

export function useTotp() {
  const { t } = useI18n();
  const auth = useAuthStore();
  const enrolment = ref<TotpEnrolment | null>(null);
  const form = reactive({ code: '', password: '' });
  const errors = ref<Record<string, string>>({});
  const message = ref('');
  const busy = ref(false);

  function failed(e: unknown): void {
    if (e instanceof ApiError && e.code === 'LOGIN_THROTTLED')
      message.value = t('login.errors.LOGIN_THROTTLED', { seconds: Number(e.details.retryAfterSeconds) || 1 });
    else if (e instanceof ApiError && Object.keys(e.fields).length)
      errors.value = {
        ...(e.fields.code ? { code: t('account.totp.wrongCode') } : {}),
        ...(e.fields.password ? { password: t('account.password.wrongCurrent') } : {}),
      };
    else if (e instanceof ApiError && e.code === 'FORBIDDEN') message.value = t('account.totp.required');
    else message.value = e instanceof Error ? e.message : String(e);
  }

  async function run(step: () => Promise<void>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    errors.value = {};
    message.value = '';
    try {
      await step();
      return true;
    } catch (e) {
      failed(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** a new secret (replaces one set up but not confirmed) */
  const start = () =>
    run(async () => {
      form.code = '';
      enrolment.value = await accountApi.totpSetup();
    });

  async function enable(): Promise<boolean> {
    if (!/^\d{6}$/.test(codeOf(form.code))) {
      errors.value = { code: t('login.errors.codeRequired') };
      return false;
    }
    const ok = await run(async () => {
      auth.setUser(await accountApi.totpEnable(codeOf(form.code)));
    });
    if (ok) {
      enrolment.value = null;
      form.code = '';
    }
    return ok;
  }

  async function disable(): Promise<boolean> {
    const local: Record<string, string> = {};
    if (!form.password) local.password = t('account.password.required');
    if (!/^\d{6}$/.test(codeOf(form.code))) local.code = t('login.errors.codeRequired');
    if (Object.keys(local).length) {
      errors.value = local;
      return false;
    }
    const ok = await run(async () => {
      auth.setUser(await accountApi.totpDisable(form.password, codeOf(form.code)));
    });
    if (ok) Object.assign(form, { code: '', password: '' });
    return ok;
  }

  function cancel(): void {
    enrolment.value = null;
    Object.assign(form, { code: '', password: '' });
    errors.value = {};
    message.value = '';
  }

  return { enrolment, form, errors, message, busy, start, enable, disable, cancel };
}

/** The secret in groups of four, easier to type into an authenticator by hand. */
export const groupSecret = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();
