// Changing one's own password (the account page, and the forced change after a first sign-in, a reset or
// expiry). The server checks the policy and the history; its refusals land on the field at fault.
import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { accountApi } from '../../api/account';
import { ApiError } from '../../api/client';
import { useAuthStore } from '../../stores/auth';
import { passwordFieldError } from './passwordErrors';

export function usePasswordChange() {
  const { t } = useI18n();
  const auth = useAuthStore();
  const form = reactive({ currentPassword: '', newPassword: '', confirm: '' });
  const errors = ref<Record<string, string>>({});
  const message = ref('');
  const saving = ref(false);

  /** true when the password was changed */
  async function submit(): Promise<boolean> {
    if (saving.value) return false;
    errors.value = {};
    message.value = '';
    const local: Record<string, string> = {};
    if (!form.currentPassword) local.currentPassword = t('account.password.required');
    if (!form.newPassword) local.newPassword = t('account.password.required');
    else if (form.confirm !== form.newPassword) local.confirm = t('account.password.mismatch');
    if (Object.keys(local).length) {
      errors.value = local;
      return false;
    }
    saving.value = true;
    try {
      auth.setUser(await accountApi.changePassword(form.currentPassword, form.newPassword));
      Object.assign(form, { currentPassword: '', newPassword: '', confirm: '' });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'LOGIN_THROTTLED') {
        message.value = t('login.errors.LOGIN_THROTTLED', { seconds: Number(e.details.retryAfterSeconds) || 1 });
      } else if (e instanceof ApiError && Object.keys(e.fields).length) {
        errors.value = {
          ...(e.fields.currentPassword ? { currentPassword: t('account.password.wrongCurrent') } : {}),
          ...(e.fields.newPassword ? { newPassword: passwordFieldError(e, 'newPassword', t) } : {}),
        };
      } else message.value = e instanceof Error ? e.message : String(e);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { form, errors, message, saving, submit };
}
