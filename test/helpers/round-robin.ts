import type { IncomingMessage, ServerResponse } from 'node:http';
import { forwardedHeaders, listenOnLoopback, readBody } from './sync-proxy';

/** A small load balancer: round robin over the registers; one that refuses connections is skipped. */
export interface RoundRobin {
  url: string;
  /** Requests in flight per upstream URL, each as "METHOD path #n" (n tells two requests of one path apart). */
  inFlight: Map<string, Set<string>>;
  /** Answered requests per upstream URL. */
  answered: Map<string, number>;
  /** Takes an upstream out of the rotation, as a load balancer's health check does for a dead instance. */
  remove(url: string): void;
  close(): Promise<void>;
}

export async function startRoundRobin(all: string[]): Promise<RoundRobin> {
  let upstreams = [...all];
  let next = 0;
  let requests = 0;
  const inFlight = new Map(all.map((u) => [u, new Set<string>()]));
  const answered = new Map(all.map((u) => [u, 0]));
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const headers = forwardedHeaders(req);
    // One key per request: with "METHOD path" alone, the first of two pushes in flight to one instance to finish
    // took the other's entry with it (the two-instance test then saw no push in flight where one was held).
    const key = `${req.method} ${req.url} #${++requests}`;
    for (let tries = 0; tries < upstreams.length; tries++) {
      const upstream = upstreams[next++ % upstreams.length]!;
      inFlight.get(upstream)!.add(key);
      try {
        const r = await fetch(new URL(req.url ?? '/', upstream), { method: req.method, headers, body: req.method === 'GET' ? undefined : new Uint8Array(body) });
        const answer = Buffer.from(await r.arrayBuffer());
        answered.set(upstream, answered.get(upstream)! + 1);
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json', ...(r.headers.get('retry-after') ? { 'retry-after': r.headers.get('retry-after')! } : {}) });
        res.end(answer);
        return;
      } catch (error) {
        // Refused: not delivered, so the next upstream may have it. Cut mid-request: the terminal sees the cut (and retries).
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code !== 'ECONNREFUSED') break;
      } finally {
        inFlight.get(upstream)!.delete(key);
      }
    }
    req.socket.destroy();
  };
  const remove = (url: string) => {
    upstreams = upstreams.filter((u) => u !== url);
  };
  return { ...(await listenOnLoopback(handle)), inFlight, answered, remove };
}
