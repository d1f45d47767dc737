import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { ApiError } from '../../api/client';
import { useAuthStore } from '../../stores/auth';
import { safeRedirect } from '../../router';

const KNOWN_CODES = ['INVALID_CREDENTIALS', 'LOGIN_THROTTLED'];

type LoginError = { key: string; params?: Record<string, unknown> } | { text: string };

export function useLogin() {
  const auth = useAuthStore();
  const router = useRouter();
  const route = useRoute();
  const { t } = useI18n();

  const form = reactive({ username: '', password: '', code: '' });
  /** the password, then (accounts with two-step sign-in) the six-digit code */
  const step = ref<'password' | 'totp'>('password');
  const submitting = ref(false);
  /** kept as a key (not a translated string) so switching language re-renders it */
  const error = ref<LoginError | null>(null);

  const errorMessage = computed(() => {
    if (!error.value) return '';
    return 'key' in error.value ? t(error.value.key, error.value.params ?? {}) : error.value.text;
  });

  function errorOf(err: unknown, wrongKey: string): LoginError {
    if (err instanceof ApiError && err.code === 'LOGIN_THROTTLED')
      return { key: 'login.errors.LOGIN_THROTTLED', params: { seconds: Number(err.details.retryAfterSeconds) || 1 } };
    if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') return { key: wrongKey };
    if (err instanceof ApiError && KNOWN_CODES.includes(err.code)) return { key: `login.errors.${err.code}` };
    if (err instanceof ApiError && err.status === 0) return { key: 'errors.network' };
    return { text: err instanceof Error ? err.message : String(err) };
  }

  const done = () => router.replace(safeRedirect(route.query.redirect) ?? { name: 'home' });

  async function submit(): Promise<void> {
    if (submitting.value) return;
    const username = form.username.trim();
    if (!username || !form.password) {
      error.value = { key: 'login.errors.required' };
      return;
    }
    submitting.value = true;
    error.value = null;
    try {
      const result = await auth.login(username, form.password);
      form.password = '';
      if (result === 'totp') {
        form.code = '';
        step.value = 'totp';
      } else await done();
    } catch (err) {
      form.password = '';
      error.value = errorOf(err, 'login.errors.INVALID_CREDENTIALS');
    } finally {
      submitting.value = false;
    }
  }

  async function submitCode(): Promise<void> {
    if (submitting.value) return;
    const code = form.code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) {
      error.value = { key: 'login.errors.codeRequired' };
      return;
    }
    submitting.value = true;
    error.value = null;
    try {
      await auth.loginTotp(code);
      await done();
    } catch (err) {
      form.code = '';
      // the pending step lasts a few minutes: after that the password is asked again
      if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') {
        step.value = 'password';
        error.value = { key: 'login.errors.expired' };
      } else error.value = errorOf(err, 'login.errors.code');
    } finally {
      submitting.value = false;
    }
  }

  function restart(): void {
    step.value = 'password';
    form.code = '';
    error.value = null;
  }

  return { form, step, submitting, errorMessage, submit, submitCode, restart };
}
