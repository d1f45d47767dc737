// The new-ticket form: model (kept as a draft across a session expiry), reference data, submit,
// close-on-the-call with a knowledge-base answer, and one-click merge into a duplicate.
import { computed, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError } from '../../api/client';
import { recordKbUse } from '../../api/kb';
import { orgApi } from '../../api/org';
import { ticketsApi, type DuplicateHint, type NewTicketInput } from '../../api/tickets';
import type { Channel, TicketDetail, Urgency } from '../../api/types';
import { useDraft } from '../../composables/useDraft';
import { useOrgStore } from '../../stores/org';
import { useSoftphoneStore } from '../../stores/softphone';
import { communitiesOf, findCategory, streetsOf, type CategoryNode } from './reference';

export interface IntakeModel {
  callerPhone: string;
  callerName: string;
  channel: Channel;
  categoryId: number | null;
  urgency: Urgency;
  streetId: number | null;
  communityId: number | null;
  address: string;
  content: string;
  closeOnCall: boolean;
  resolution: string;
  kbArticleId: number | null;
  /** the hotline call this ticket is written for (set when the agent answered on the softphone) */
  callId: string;
  /** one key per form: a retried submit (double click, network error, re-login) cannot make a second ticket */
  idempotencyKey: string;
}

const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

export function emptyModel(): IntakeModel {
  return {
    callerPhone: '',
    callerName: '',
    channel: 'phone_12345',
    categoryId: null,
    urgency: 'normal',
    streetId: null,
    communityId: null,
    address: '',
    content: '',
    closeOnCall: false,
    resolution: '',
    kbArticleId: null,
    callId: '',
    idempotencyKey: newKey(),
  };
}

export function useIntakeForm() {
  const { t } = useI18n();
  const router = useRouter();
  const org = useOrgStore();
  const model = ref<IntakeModel>(emptyModel());
  const draft = useDraft('intake.new-ticket', model);
  // a call just answered on the softphone starts a fresh form for that call (caller, channel, call link)
  const softphone = useSoftphoneStore();
  const fromCall = ref(false);
  watch(
    () => softphone.draft,
    (d) => {
      const call = d && softphone.takeDraft();
      if (!call) return;
      model.value = { ...emptyModel(), ...call };
      fromCall.value = true;
    },
    { immediate: true },
  );
  const errors = reactive<Record<string, string>>({});
  const submitting = ref(false);
  const categories = ref<CategoryNode[]>([]);

  onMounted(() => {
    void org.loadUnits().catch(() => undefined);
    void orgApi.categories().then((tree) => (categories.value = tree as CategoryNode[]));
  });

  const streets = computed(() => streetsOf(org.units));
  const communities = computed(() => communitiesOf(streets.value, model.value.streetId));
  // a community belongs to one street: changing the street drops a community of another
  watch(
    () => model.value.streetId,
    () => {
      if (model.value.communityId && !communities.value.some((c) => c.id === model.value.communityId))
        model.value.communityId = null;
    },
  );
  const category = computed(() => findCategory(categories.value, model.value.categoryId));
  const limits = computed(() => category.value?.limits?.[model.value.urgency] ?? null);

  // a field's message disappears once the agent edits that field
  let seen = { ...model.value };
  watch(
    model,
    (now) => {
      for (const k of Object.keys(now) as (keyof IntakeModel)[]) if (now[k] !== seen[k]) delete errors[k];
      seen = { ...now };
    },
    { deep: true },
  );

  function input(mergeIntoTicketId?: number): NewTicketInput {
    const m = model.value;
    const opt = (s: string) => s.trim() || undefined;
    return {
      channel: m.channel,
      callerPhone: opt(m.callerPhone),
      callerName: opt(m.callerName),
      content: m.content.trim(),
      categoryId: m.categoryId ?? 0,
      urgency: m.urgency,
      streetId: m.streetId ?? undefined,
      communityId: m.communityId ?? undefined,
      address: opt(m.address),
      callId: opt(m.callId),
      mergeIntoTicketId,
    };
  }

  function localErrors(): boolean {
    for (const k of Object.keys(errors)) delete errors[k];
    if (!model.value.content.trim()) errors.content = t('intake.errors.required');
    if (!model.value.categoryId) errors.categoryId = t('intake.errors.required');
    if (model.value.closeOnCall && !model.value.resolution.trim()) errors.resolution = t('intake.errors.required');
    return Object.keys(errors).length > 0;
  }

  function showError(err: unknown) {
    if (err instanceof ApiError && Object.keys(err.fields).length) {
      Object.assign(errors, err.fields);
      ElMessage.error(t('intake.errors.fixFields'));
    } else ElMessage.error(err instanceof Error ? err.message : String(err));
  }

  function finish(ticket: TicketDetail, message: string) {
    draft.clear();
    ElMessage.success(message);
    void router.push({ name: 'ticket-detail', params: { id: String(ticket.id) } });
  }

  async function submit(): Promise<void> {
    if (submitting.value || localErrors()) return;
    submitting.value = true;
    try {
      const m = model.value;
      let ticket = await ticketsApi.create(input(), m.idempotencyKey);
      if (m.closeOnCall) {
        // the create may be a replay of an earlier attempt that already closed it
        if (ticket.status === 'received')
          ticket = await ticketsApi.act(ticket.id, 'close_on_call', {
            version: ticket.version,
            resolution: m.resolution.trim(),
          });
        if (m.kbArticleId) await recordKbUse(m.kbArticleId, ticket.id).catch(() => undefined);
        finish(ticket, t('intake.closed', { number: ticket.number }));
      } else finish(ticket, t('intake.created', { number: ticket.number }));
    } catch (err) {
      showError(err);
    } finally {
      submitting.value = false;
    }
  }

  async function mergeInto(master: DuplicateHint): Promise<void> {
    if (submitting.value) return;
    for (const k of Object.keys(errors)) delete errors[k];
    if (!model.value.content.trim()) errors.content = t('intake.errors.required');
    if (!model.value.categoryId) errors.categoryId = t('intake.errors.required');
    if (Object.keys(errors).length) return;
    submitting.value = true;
    try {
      const ticket = await ticketsApi.create(input(master.id), model.value.idempotencyKey);
      finish(ticket, t('intake.merged', { number: master.number }));
    } catch (err) {
      showError(err);
    } finally {
      submitting.value = false;
    }
  }

  function pickAnswer(article: { id: number; title: string; body: string }) {
    model.value.resolution = article.body;
    model.value.kbArticleId = article.id;
    model.value.closeOnCall = true;
  }

  function reset() {
    model.value = emptyModel();
    for (const k of Object.keys(errors)) delete errors[k];
  }

  return {
    model,
    errors,
    submitting,
    restored: computed(() => draft.restored && !fromCall.value),
    categories,
    category,
    limits,
    streets,
    communities,
    submit,
    mergeInto,
    pickAnswer,
    reset,
  };
}
