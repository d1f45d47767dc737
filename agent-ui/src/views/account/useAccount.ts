// 我的账户: who I am, and which of the two-step sign-in panels is open.
import { computed, ref } from 'vue';
import { useAuthStore } from '../../stores/auth';

export function useAccount() {
  const auth = useAuthStore();
  const user = computed(() => auth.user);
  /** the two-step sign-in card: its state, setting it up, or switching it off */
  const totpMode = ref<'view' | 'enrol' | 'off'>('view');
  /** a password change happened on this page (other sessions were ended by it) */
  const passwordChanged = ref(false);
  return { user, totpMode, passwordChanged };
}
