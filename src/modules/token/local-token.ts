import { timingSafeEqual } from 'node:crypto';
import { generateToken, hashToken, type Principal } from './token.ts';

// The embedded server's own token for the importer CLI on the same machine.
// PGlite serves one process, so while the server runs the CLI cannot open
// the database itself: it sends the posts to the server instead, with this
// token, which the server makes at start, keeps in memory, and writes only
// into a file of its data directory that only its user can read. It is
// never stored in the database and dies with the process.

export const LOCAL_PRINCIPAL_NAME = 'cli';

export interface LocalToken {
  token: string;
  principal: (bearer: string) => Principal | null;
}

export function createLocalToken(): LocalToken {
  const token = generateToken();
  const expected = hashToken(token);
  return {
    token,
    principal: (bearer) =>
      timingSafeEqual(hashToken(bearer), expected) ? { tokenId: 0, name: LOCAL_PRINCIPAL_NAME, scope: 'admin' } : null,
  };
}
