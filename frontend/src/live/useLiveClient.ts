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
}

/** Opens the live connection, provides it to descendants and closes it on dispose. */
export function useLiveClient(options: UseLiveClientOptions = {}): LiveClient {
  const store = useLiveStore();
  store.reset();
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
