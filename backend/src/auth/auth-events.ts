/** Emitted (through @nestjs/event-emitter) when credentials stop being valid before their expiry. */
export const AUTH_ENDED = 'auth.ended';

/** Credentials that ended: revoked tokens (sign-outs included) and disabled users. */
export interface AuthEnded {
  /** Ids of the tokens revoked. */
  tokenIds: string[];
  /** Ids of the users disabled (every credential of theirs ended). */
  userIds: string[];
  /** Why, for the clients whose sockets end. */
  reason: string;
}
