import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, TokenScope } from '../../db/types.ts';
import { activeTokens, insertToken, markTokenUsed } from './token.repository.ts';

// API tokens: shown once at creation, stored only as a SHA-256 hash,
// compared in constant time.

export interface Principal {
  tokenId: number;
  name: string;
  scope: TokenScope;
}

const PREFIX = 'mgt_';
const TOKEN_PATTERN = /^mgt_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function generateToken(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Creates a token and returns it in clear: the only time it is shown. */
export async function createToken(db: Kysely<Database>, name: string, scope: TokenScope): Promise<string> {
  const token = generateToken();
  await insertToken(db, name, scope, hashToken(token).toString('hex'));
  return token;
}

/** The principal of an `Authorization: Bearer <token>` header; null for anything else. */
export async function authenticate(db: Kysely<Database>, header: string | null): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const token = match?.[1];
  // A malformed token still costs a comparison pass, so timing does not tell it apart.
  const candidate = hashToken(token && TOKEN_PATTERN.test(token) ? token : `${PREFIX}invalid`);
  let found: Principal | null = null;
  let usedRecently = false;
  for (const row of await activeTokens(db)) {
    // Every active token is compared, with no early exit.
    if (timingSafeEqual(candidate, Buffer.from(row.token_hash, 'hex')) && token && TOKEN_PATTERN.test(token)) {
      found = { tokenId: row.id, name: row.name, scope: row.scope };
      usedRecently = row.used_recently;
    }
  }
  // Its use is recorded at most once a minute: within that, recording it would change nothing.
  if (found && !usedRecently) await markTokenUsed(db, found.tokenId);
  return found;
}
