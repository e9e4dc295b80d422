/**
 * The wall control of the meeting tablet (大屏控制): the control of the presenter channel the
 * tablet drives, followed on the page's live client (`watch`: the answer, then every
 * `presenting`), and the `control` commands. The page's live client has no `control` request, so
 * commands go over a socket of their own, opened at the first command and closed with the scope.
 */
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue';
import type { Ack, Presentation, WallControl, WallControlRequest } from '@gridwall/shared';
import { openLiveSocket, type LiveClient, type LiveSocket } from '../../live/liveClient';
import { injectLiveClient } from '../../live/useLiveClient';

/** How long a command may go unanswered, ms. */
const CONTROL_TIMEOUT_MS = 10_000;

/** A command as the panel gives it (the channel is the tablet's). */
export type ControlCommand = Omit<WallControlRequest, 'channel'>;

/** What {@link useWallControl} returns. */
export interface UseWallControlReturn {
  /** The channel's control now; null: none given (the playlist runs as configured) or not known yet. */
  control: Readonly<ShallowRef<WallControl | null>>;
  /** Why the last command was refused, in Chinese; empty otherwise. */
  error: Readonly<Ref<string>>;
  /** A command is on its way. */
  busy: Readonly<Ref<boolean>>;
  /** Sends `command` for the channel. */
  send(command: ControlCommand): Promise<void>;
}

/** A command's socket: sends `control` and resolves with its answer (null: none came). */
export type ControlSender = (request: WallControlRequest) => Promise<Ack<Presentation> | null>;

/** A {@link ControlSender} on a socket of its own (opened at the first command, with `token`). */
export function socketSender(token: string): { send: ControlSender; close(): void } {
  let socket: LiveSocket | null = null;
  return {
    async send(request) {
      if (!socket) {
        socket = openLiveSocket({ token });
        socket.connect();
      }
      try {
        const emitter = socket.timeout(CONTROL_TIMEOUT_MS) as unknown as {
          emitWithAck(event: string, body: unknown): Promise<Ack<Presentation>>;
        };
        return await emitter.emitWithAck('control', request);
      } catch {
        return null;
      }
    },
    close() {
      socket?.disconnect();
      socket = null;
    },
  };
}

/** The Chinese text of a refused command. */
export function controlErrorText(answer: Ack<Presentation> | null): string {
  if (!answer) return '服务器未响应，未作更改';
  if (answer.ok) return '';
  if (answer.error.statusCode === 403) return '无权控制大屏';
  return `控制失败：${answer.error.message}`;
}

/**
 * Follows and controls `channel` (empty: none) with `token`; `sender` and `client` are for tests
 * (default: a socket of its own, and the page's live client).
 */
export function useWallControl(
  channel: MaybeRefOrGetter<string>,
  token: string,
  sender?: ControlSender,
  client: Pick<LiveClient, 'watchChannel'> = injectLiveClient(),
): UseWallControlReturn {
  const control = shallowRef<WallControl | null>(null);
  const error = ref('');
  const busy = ref(false);
  const own = sender ? null : socketSender(token);
  const send: ControlSender = sender ?? own!.send;

  let release: (() => void) | null = null;
  watch(
    () => toValue(channel).trim(),
    (name) => {
      release?.();
      release = null;
      control.value = null;
      error.value = '';
      if (!name) return;
      release = client.watchChannel(name, {
        next: (p) => {
          if (p.channel === name) control.value = p.control ?? null;
        },
      });
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    release?.();
    own?.close();
  });

  return {
    control,
    error,
    busy,
    async send(command) {
      const name = toValue(channel).trim();
      if (!name || busy.value) return;
      busy.value = true;
      const answer = await send({ channel: name, ...command });
      busy.value = false;
      if (name !== toValue(channel).trim()) return;
      error.value = controlErrorText(answer);
      if (answer?.ok) control.value = answer.data.control ?? null;
    },
  };
}
