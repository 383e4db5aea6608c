import pg from 'pg';

/** A LISTEN that survives its connection: stop() ends it. */
export interface Listening {
  stop(): Promise<void>;
}

export interface ListenOptions {
  /** The connection was lost (a reconnection follows). */
  onError?: (error: unknown) => void;
  /** LISTEN is in force (at start and after every reconnection): from here on no NOTIFY on the channel is missed. */
  onListening?: () => void;
}

/** Channel names are ours (constants), never user input; this keeps them safe to put into LISTEN. */
function channelName(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  return channel;
}

/**
 * LISTEN on a dedicated PostgreSQL connection (a pooled one would be handed to other queries). When the
 * connection is lost (database restart) it reconnects with backoff and calls `onNotify` once it is back:
 * notifications sent meanwhile were lost, so the listener catches up as if one had arrived.
 */
export function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void, options: ListenOptions = {}): Listening {
  const name = channelName(channel);
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  const connect = async () => {
    retry = undefined;
    const next = new pg.Client({ connectionString: url });
    client = next;
    let lost = false;
    const reconnect = (error: unknown) => {
      if (lost) return;
      lost = true;
      next.removeAllListeners('notification');
      void next.end().catch(() => undefined);
      if (stopped) return;
      options.onError?.(error);
      failures++;
      const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7)) * (0.5 + Math.random() / 2);
      retry = setTimeout(() => void connect(), delay);
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect(new Error('listen connection ended')));
    next.on('notification', (message) => {
      if (message.channel === name) onNotify(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${name}`);
      if (stopped) return void (await next.end().catch(() => undefined));
      options.onListening?.();
      // Anything committed while this connection was not listening is caught up now.
      if (failures > 0) onNotify('');
      failures = 0;
    } catch (error) {
      reconnect(error);
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
