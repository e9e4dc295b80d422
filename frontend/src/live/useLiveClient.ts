/**
 * The page's one live connection: opens the `/live` socket and the live client for as long as
 * the calling scope (the page root) lives, and provides the client to the components below.
 */
import { inject, onScopeDispose, provide, type InjectionKey } from 'vue';
import { createLiveClient, openLiveSocket, type LiveClient } from './liveClient';
import { useLiveStore } from './liveStore';

/** Injection key of the page's live client. */
export const LIVE_CLIENT_KEY: InjectionKey<LiveClient> = Symbol('live-client');

/** Options of {@link useLiveClient}. */
export interface UseLiveClientOptions {
  /**
   * Token for the socket handshake (`auth.token`).
   * @default undefined
   */
  token?: string;
  /**
   * Backend origin.
   * @default '' (same origin)
   */
  origin?: string;
  /**
   * No connection at all (a page that must show no figures, e.g. a wall with an invalid `at`):
   * the provided client follows nothing and the connection stays `connecting`.
   * @default false
   */
  offline?: boolean;
}

/** A client that never connects: every request is accepted and nothing ever arrives. */
function offlineClient(): LiveClient {
  const none = (): (() => void) => () => undefined;
  return {
    retain: none,
    resyncAll: () => undefined,
    reconnect: () => undefined,
    followCase: none,
    watchChannel: none,
    present: () => Promise.resolve({ statusCode: 503, message: '未连接' }),
    close: () => undefined,
  };
}

/** Opens the live connection, provides it to descendants and closes it on dispose. */
export function useLiveClient(options: UseLiveClientOptions = {}): LiveClient {
  const store = useLiveStore();
  store.reset();
  if (options.offline) {
    const client = offlineClient();
    provide(LIVE_CLIENT_KEY, client);
    return client;
  }
  const client = createLiveClient({
    sink: store,
    socket: openLiveSocket({ token: options.token, origin: options.origin }),
  });
  provide(LIVE_CLIENT_KEY, client);
  onScopeDispose(() => client.close());
  return client;
}

/** The live client provided by an ancestor's {@link useLiveClient}. */
export function injectLiveClient(): LiveClient {
  const client = inject(LIVE_CLIENT_KEY, null);
  if (!client) throw new Error('useLiveClient() must run in an ancestor component first');
  return client;
}
