import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { eventually } from './eventually';
import type { Result } from '../../src/shared/result';

/** A child process running a TypeScript entry point through tsx, with its output kept for failure messages. */
export interface TsProcess {
  name: string;
  child: ChildProcess;
  /** The last ~64 KB of stdout and stderr, interleaved. */
  output(): string;
  exited(): boolean;
  /** Resolves once the process has exited (immediately when it already has). */
  whenExited(): Promise<void>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; waits for the exit. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnTs(name: string, entry: string, args: string[], env: Record<string, string | undefined>): TsProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(entry), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let done = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
  });
  const proc: TsProcess = {
    name,
    child,
    output: () => output,
    exited: () => done || child.exitCode !== null || child.signalCode !== null,
    whenExited: () => exit,
    async kill() {
      if (!proc.exited()) child.kill('SIGKILL');
      await exit;
    },
    async stop(graceMs = 5_000) {
      if (proc.exited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!proc.exited()) child.kill('SIGKILL');
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
  return proc;
}

/** Waits until `url` answers with `status`, failing early (with the process's output) if the process dies. */
export async function waitForHttp(proc: TsProcess, url: string, timeoutMs = 30_000, status = 200): Promise<void> {
  await eventually(
    async () => {
      if (proc.exited()) throw new Error(`${proc.name} exited before it answered ${url}:\n${proc.output()}`);
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status !== status) throw new Error(`${url}: ${response.status}`);
    },
    timeoutMs,
    150,
  ).catch((error: unknown) => {
    throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms (${String(error)}):\n${proc.output()}`);
  });
}

/** The wire shape of every invoke (src/shared/result.ts). */
export type IpcResult<T = unknown> = Result<T>;

/** The renderer's side of the web host's IPC: invoke messages over ws://…/ipc, answered by id. */
export interface IpcSocket {
  invoke<T = unknown>(channel: string, payload?: unknown, timeoutMs?: number): Promise<IpcResult<T>>;
  /** Like invoke, but throws unless the result is ok, and returns the value. */
  call<T = unknown>(channel: string, payload?: unknown, timeoutMs?: number): Promise<T>;
  close(): void;
}

export async function connectIpc(baseUrl: string): Promise<IpcSocket> {
  const origin = new URL(baseUrl).origin;
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ipc`, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: IpcResult) => void; reject: (e: Error) => void }>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { type: string; id?: number; result?: IpcResult; message?: string };
    if (message.type === 'result' && typeof message.id === 'number') {
      waiting.get(message.id)?.resolve(message.result as IpcResult);
      waiting.delete(message.id);
    } else if (message.type === 'protocol-error') {
      for (const w of waiting.values()) w.reject(new Error(`protocol error: ${message.message}`));
      waiting.clear();
    }
  });
  socket.on('close', () => {
    for (const w of waiting.values()) w.reject(new Error('IPC socket closed'));
    waiting.clear();
  });
  const ipc: IpcSocket = {
    invoke<T>(channel: string, payload: unknown = {}, timeoutMs = 20_000) {
      const id = nextId++;
      return new Promise<IpcResult<T>>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${channel}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r as IpcResult<T>);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        socket.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
      });
    },
    async call<T>(channel: string, payload?: unknown, timeoutMs?: number) {
      const result = await ipc.invoke<T>(channel, payload, timeoutMs);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    close: () => socket.close(),
  };
  return ipc;
}
