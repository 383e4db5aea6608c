import type { BenchFigure } from './types';

/** Every benchmark module; each returns its figures and prints nothing itself. */
const suites: Record<string, () => Promise<{ run(): Promise<BenchFigure[]> }>> = {
  startup: () => import('./startup.bench'),
  identity: () => import('./identity.bench'),
  'door-latency': () => import('./door-latency.bench'),
  desk: () => import('./desk.bench'),
  'desk-page': () => import('./desk-page.bench'),
  relay: () => import('./relay.bench'),
  'door-decision': () => import('./door-decision.bench'),
  sip2: () => import('./sip2.bench'),
  sync: () => import('./sync.bench'),
  'register-load': () => import('./register-load.bench'),
  'register-scale': () => import('./register-scale.bench'),
  live: () => import('./live.bench'),
  'door-alarm': () => import('./door-alarm.bench'),
  encryption: () => import('./encryption.bench'),
  renderer: () => import('./renderer.bench'),
  rfid: () => import('./rfid.bench'),
  'kiosk-card': () => import('./kiosk-card.bench'),
};

const only = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);

for (const [name, load] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  out(`\n## ${name}`);
  const figures = await (await load()).run();
  for (const f of figures) {
    const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(f.value < 10 ? 3 : 1);
    out(`${f.name}: ${value} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
  }
}
