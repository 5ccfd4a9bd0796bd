import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import { CHANGE_CHANNEL, decodeBatch, deliverGraphChanges, ORIGIN } from './graph-changes.ts';

// Server mode: hears the changes other processes commit (other instances, an
// importer CLI) on PostgreSQL LISTEN, on a connection of its own outside the
// pool. When that connection is lost, notifications may have been missed:
// after reconnecting, listeners are told that everything changed.

export interface ChangeListener {
  /** Settles when the first connection is listening (or has failed and retries). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function listenForGraphChanges(db: Kysely<Database>, databaseUrl: string, logger?: Logger): ChangeListener {
  let client: pg.Client | null = null;
  let closed = false;
  let connectedBefore = false;
  let retryMs = 200;
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, 2000);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === next) client = null;
      if (!closed) logger?.warn({ error: error?.message }, 'change notifications lost; reconnecting');
      next.end().catch(() => {});
      schedule();
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      const batch = decodeBatch(message.payload);
      if (batch && batch.origin !== ORIGIN) void deliverGraphChanges(db, batch);
    });
    try {
      await next.connect();
      await next.query(`listen ${CHANGE_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = 200;
    if (connectedBefore) {
      logger?.info('change notifications resumed; cached answers dropped');
      await deliverGraphChanges(db, { origin: 'reconnect', all: true, changes: [] });
    }
    connectedBefore = true;
  };

  const ready = connect();
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
