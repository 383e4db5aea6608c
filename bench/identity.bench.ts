import {
  buildHealthCardTracks,
  buildMagtekReport,
  decodeWithProfile,
  encodeIso28560Tag,
  findBuiltinProfile,
  parseMagtekReport,
  type DecodeInput,
  type DecodingProfile,
} from '../src/shared/cards';
import { buildCpr, buildPersonnummer, parseCpr, parseIdentity, parsePersonnummer, type IdentityResult } from '../src/shared/identity';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const today = '2025-11-25';
const ITERATIONS = 300_000;
/** Per-case time cap, so the whole run stays well under 10 s on a slow machine. */
const BUDGET_MS = 900;

/** Distinct inputs so nothing is served from a cache; every one must decode successfully. */
function samples<T>(count: number, make: (i: number) => T | null): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < count && i < count * 20; i++) {
    const value = make(i);
    if (value !== null) out.push(value);
  }
  return out;
}

const dateOf = (i: number): string => {
  const year = 1930 + (i % 90);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

function measure(name: string, inputs: readonly unknown[], op: (input: never) => boolean): BenchResult {
  const n = inputs.length;
  for (let i = 0; i < 2_000; i++) op(inputs[i % n] as never); // warm-up
  let done = 0;
  let failures = 0;
  const start = performance.now();
  let elapsed = 0;
  while (done < ITERATIONS && elapsed < BUDGET_MS) {
    const batchEnd = Math.min(done + 10_000, ITERATIONS);
    for (; done < batchEnd; done++) if (!op(inputs[done % n] as never)) failures++;
    elapsed = performance.now() - start;
  }
  if (failures > 0) throw new Error(`${name}: ${failures} of ${done} inputs failed to decode`);
  return { name, value: Math.round((done / elapsed) * 1000), unit: 'ops/s', note: `${done} iterations, ${n} distinct inputs` };
}

export async function run(): Promise<BenchResult[]> {
  const personnummer12 = samples(1_000, (i) => buildPersonnummer({ birthDate: dateOf(i), serial: 1 + (i % 999) }));
  const personnummer10 = personnummer12.map((n) => `${n.slice(2, 8)}-${n.slice(8)}`);
  const cprs = samples(1_000, (i) => buildCpr({ birthDate: dateOf(i), sequence: (i * 37) % 4000 }));
  const cprDisplay = cprs.map((n) => `${n.slice(0, 6)}-${n.slice(6)}`);

  const healthCard = findBuiltinProfile('dk-health-card', 'dk-health-card');
  const patronTag = findBuiltinProfile('rfid-danish-data-model', 'rfid-iso28560-3');
  if (!healthCard || !patronTag) throw new Error('built-in profiles missing');
  const swipes: DecodeInput[] = cprs.slice(0, 500).map((cpr, i) => {
    const t = buildHealthCardTracks({ cpr, surname: `HANSEN${i}`, given: 'SØREN' });
    return { type: 'text', text: `${t.track1}æ${t.track2.slice(1)}\r\n` };
  });
  const reports = cprs.slice(0, 500).map((cpr) => buildMagtekReport(buildHealthCardTracks({ cpr, surname: 'JENSEN', given: 'ÅSE' })));
  const reportInputs: DecodeInput[] = reports.map((bytes) => ({ type: 'bytes', bytes }));
  const tags: DecodeInput[] = samples(500, (i) => encodeIso28560Tag({ id: String(1_000_000 + i), isil: 'DK-710100' })).map((bytes) => ({
    type: 'bytes',
    bytes,
  }));

  const okIdentity = (r: IdentityResult): boolean => r.ok;
  const decode = (profile: DecodingProfile) => (input: DecodeInput) => decodeWithProfile(profile, input, { today }).ok;

  await Promise.resolve();
  return [
    measure('personnummer parse (12 digits)', personnummer12, (s: string) => okIdentity(parsePersonnummer(s, { today }))),
    measure('personnummer parse (10 digits, century from today)', personnummer10, (s: string) => okIdentity(parsePersonnummer(s, { today }))),
    measure('CPR parse', cprDisplay, (s: string) => okIdentity(parseCpr(s, { today }))),
    measure('parseIdentity (10 digits, DK hint, SE tried too)', cprDisplay, (s: string) =>
      okIdentity(parseIdentity(s, { today, country: 'DK' })),
    ),
    measure('health card swipe decode (track 1 + lenient track 2 + CPR)', swipes, decode(healthCard)),
    measure('MagTek report parse (337 bytes)', reports, (b: Uint8Array) => parseMagtekReport(b).ok),
    measure('MagTek report → health card decode', reportInputs, decode(healthCard)),
    measure('ISO 28560-3 patron tag decode (CRC checked)', tags, decode(patronTag)),
  ];
}
