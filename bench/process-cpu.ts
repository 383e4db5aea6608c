import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of processes (Linux /proc; elsewhere 0), for benches that say where a shared machine's cores went:
 * utime + stime of a process, plus what its reaped children used (PostgreSQL's postmaster reaps its backends).
 */
const ticksPerSecond = 100;

function stat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and brackets: fields are counted after its closing bracket.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i] ?? 0);
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { ppid: n(1), ticks: n(11) + n(12) + n(13) + n(14) };
  } catch {
    return undefined;
  }
}

function pids(): number[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds used so far by `pid` and its live children (with what the reaped ones used). */
export function treeCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let ticks = stat(pid)?.ticks ?? 0;
  for (const child of pids()) {
    const info: { ppid: number; ticks: number } | undefined = child === pid ? undefined : stat(child);
    if (info?.ppid === pid) ticks += info.ticks;
  }
  return ticks / ticksPerSecond;
}

/** The postmaster of the PostgreSQL cluster listening on `port` (started with `-p <port>`, test/helpers/postgres.ts). */
export function postmasterPid(port: number): number | undefined {
  for (const pid of pids()) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('postgres') && args.includes('-p') && args[args.indexOf('-p') + 1] === String(port)) return pid;
      const joined = args.join(' ');
      if (args[0]?.endsWith('postgres') && joined.includes(`-p ${port} `)) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
