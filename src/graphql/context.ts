import { initContextCache } from '@pothos/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { LocalToken } from '../modules/token/local-token.ts';
import { authenticate, type Principal } from '../modules/token/token.ts';

// What every resolver receives. A new context per request: the Pothos
// DataLoaders live in its cache, so nothing is shared between requests.
export interface Context {
  db: Kysely<Database>;
  /** The token's owner, looked up on first use (reads never pay for it); null when absent or invalid. */
  principal: () => Promise<Principal | null>;
  /** Whether principal() found a valid token (false before it was asked). */
  authenticated: () => boolean;
}

export function createContext(
  db: Kysely<Database>,
  authorization: string | null = null,
  localToken: LocalToken | null = null,
  /** Called once when a token was sent and did not authenticate (rate limiting counts it). */
  onAuthFailure?: () => void,
): Context {
  let lookup: Promise<Principal | null> | undefined;
  let found = false;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  const local = localToken && bearer ? localToken.principal(bearer) : null;
  return {
    ...initContextCache(),
    db,
    principal: () => {
      lookup ??= (local ? Promise.resolve(local) : authenticate(db, authorization)).then((principal) => {
        found = principal !== null;
        if (!found && authorization) onAuthFailure?.();
        return principal;
      });
      return lookup;
    },
    authenticated: () => found,
  };
}
