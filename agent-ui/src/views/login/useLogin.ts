import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { ApiError } from '../../api/client';
import { useAuthStore } from '../../stores/auth';
import { safeRedirect } from '../../router';

const KNOWN_CODES = ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'];

export function useLogin() {
  const auth = useAuthStore();
  const router = useRouter();
  const route = useRoute();
  const { t } = useI18n();

  const form = reactive({ username: '', password: '' });
  const submitting = ref(false);
  /** kept as a key (not a translated string) so switching language re-renders it */
  const error = ref<{ key: string } | { text: string } | null>(null);

  const errorMessage = computed(() => {
    if (!error.value) return '';
    return 'key' in error.value ? t(error.value.key) : error.value.text;
  });

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
      await auth.login(username, form.password);
      await router.replace(safeRedirect(route.query.redirect) ?? { name: 'home' });
    } catch (err) {
      form.password = '';
      if (err instanceof ApiError && KNOWN_CODES.includes(err.code)) error.value = { key: `login.errors.${err.code}` };
      else if (err instanceof ApiError && err.status === 0) error.value = { key: 'errors.network' };
      else error.value = { text: err instanceof Error ? err.message : String(err) };
    } finally {
      submitting.value = false;
    }
  }

  return { form, submitting, errorMessage, submit };
}
