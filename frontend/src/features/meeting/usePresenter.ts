/**
 * The presenter control of the meeting tablet: which meeting room (presenter channel) it
 * drives, what that room's screens show now, and the commands to show the current unit or a
 * case there, or to stop.
 */
import { computed, ref, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue';
import type { Period, Presentation, PresentTarget } from '@gridwall/shared';
import type { LiveClient } from '../../live/liveClient';
import { injectLiveClient } from '../../live/useLiveClient';
import { usePresentation } from '../../live/usePresentation';
import { DEFAULT_CHANNEL } from './meetingView';
import { channelName, presentationText } from './presenter';

/** What {@link usePresenter} returns. */
export interface UsePresenterReturn {
  /** The meeting room as typed. */
  channelInput: Ref<string>;
  /** The meeting room to present in; empty while the input is not a valid name. */
  channel: ComputedRef<string>;
  /** What the room's screens show now; null: their playlist. */
  presentation: ComputedRef<Presentation | null>;
  /** The same, in words. */
  text: ComputedRef<string>;
  /** Why the last command was refused; empty otherwise. */
  error: Readonly<Ref<string>>;
  /** Shows the current unit over the period on show. */
  presentUnit(): void;
  /** Shows a case. */
  presentCase(caseId: string): void;
  /** Back to the playlist. */
  stop(): void;
}

/**
 * Presents `unit` (the unit on show, null: none) over `period`; `unitName` names a unit code for
 * the state line. Commands go through `client` (default: the page's client).
 */
export function usePresenter(
  unit: MaybeRefOrGetter<{ code: string } | null>,
  period: MaybeRefOrGetter<Period>,
  unitName: (code: string) => string,
  client: Pick<LiveClient, 'present' | 'watchChannel'> = injectLiveClient(),
): UsePresenterReturn {
  const channelInput = ref(DEFAULT_CHANNEL);
  const channel = computed(() => channelName(channelInput.value) ?? '');
  const presentation = usePresentation(channel, client);
  const text = computed(() => presentationText(presentation.value, unitName));
  const error = ref('');

  const send = (target: PresentTarget | null): void => {
    if (!channel.value) return;
    void client.present(channel.value, target).then((refusal) => {
      error.value = refusal?.message ?? '';
    });
  };

  return {
    channelInput,
    channel,
    presentation,
    text,
    error,
    presentUnit() {
      const u = toValue(unit);
      if (u) send({ kind: 'unit', code: u.code, period: toValue(period) });
    },
    presentCase: (caseId) => send({ kind: 'case', caseId }),
    stop: () => send(null),
  };
}
