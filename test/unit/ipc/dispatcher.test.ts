import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../../src/shared/ipc/channels';
import { eventContract, invokeContract, type Language, type TerminalInfo } from '../../../src/shared/ipc/contract';
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher';
import { createTranslator } from '../../../src/main/ipc/translator';
import { ok, refuse } from '../../../src/shared/result';
import { captureLogger } from '../../helpers/logger';

const info: TerminalInfo = { mode: 'desk', language: 'sv', name: 'Desk 1', appVersion: '0.1.0', host: 'web' };

function setup(overrides: Partial<Handlers> = {}, language: Language = 'en') {
  const { log, lines } = captureLogger();
  // Channels a test does not exercise fail loudly if called.
  const unused = Object.fromEntries(
    invokeChannels.map((channel) => [
      channel,
      () => {
        throw new Error(`${channel} is not used in this test`);
      },
    ]),
  ) as unknown as Handlers;
  const defaults: Partial<Handlers> = {
    'terminal.info': () => ok(info),
    'terminal.configure': (change) => ok({ ...info, ...change }),
    'system.status': () => ok({ schemaVersion: 1, outboxPending: 0, startedAt: '2026-11-25T10:00:00.000Z' }),
    'hardware.listSerialPorts': () => ok([{ path: '/dev/ttyUSB0', vendorId: '0c2e' }]),
  };
  const handlers: Handlers = Object.assign(unused, defaults, overrides);
  let lang = language;
  const dispatcher = createDispatcher({ handlers, translator: createTranslator(), language: () => lang, log });
  return { dispatcher, lines, setLanguage: (l: Language) => (lang = l) };
}

const ctx = { host: 'web' } as const;

describe('IPC contract', () => {
  it('has a schema pair for exactly the channels the preload allows', () => {
    expect(Object.keys(invokeContract).sort()).toEqual([...invokeChannels].sort());
    expect(Object.keys(eventContract).sort()).toEqual([...eventChannels].sort());
  });
});

describe('dispatcher', () => {
  it('returns {ok:true, value} for a valid call', async () => {
    const { dispatcher } = setup();
    await expect(dispatcher.dispatch('hardware.listSerialPorts', {}, ctx)).resolves.toEqual({
      ok: true,
      value: [{ path: '/dev/ttyUSB0', vendorId: '0c2e' }],
    });
  });

  it('refuses an unknown channel with a clear error', async () => {
    const { dispatcher } = setup();
    const result = await dispatcher.dispatch('fs.readFile', { path: '/etc/passwd' }, ctx);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'unknown-channel', code: 'errors.unknownChannel', params: { channel: 'fs.readFile' }, message: 'Unknown request "fs.readFile".' },
    });
  });

  it.each([
    ['a wrong type', { mode: 42 }, 'mode'],
    ['a value outside the enum', { mode: 'gate' }, 'mode'],
    ['an unexpected key', { mode: 'desk', admin: true }, ''],
    ['an empty name', { name: '   ' }, 'name'],
  ])('rejects a payload with %s and names the field', async (_what, payload, path) => {
    let called = false;
    const { dispatcher } = setup({
      'terminal.configure': () => {
        called = true;
        return ok(info);
      },
    });
    const result = await dispatcher.dispatch('terminal.configure', payload, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('validation');
    expect(result.error.message).toBe('The request was not valid.');
    expect(result.error.issues?.map((i) => i.path)).toContain(path);
    expect(result.error.issues?.every((i) => i.message.length > 0)).toBe(true);
    expect(called).toBe(false);
  });

  it.each([null, undefined, 'x', 7, []])('rejects a non-object payload %j', async (payload) => {
    const { dispatcher } = setup();
    const result = await dispatcher.dispatch('terminal.info', payload, ctx);
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('localizes validation errors in the terminal language, including the field messages', async () => {
    const { dispatcher, setLanguage } = setup({}, 'sv');
    const sv = await dispatcher.dispatch('terminal.configure', { mode: 42 }, ctx);
    setLanguage('da');
    const da = await dispatcher.dispatch('terminal.configure', { mode: 42 }, ctx);
    setLanguage('en');
    const en = await dispatcher.dispatch('terminal.configure', { mode: 42 }, ctx);
    expect(sv).toMatchObject({ ok: false, error: { message: 'Begäran var inte giltig.' } });
    expect(da).toMatchObject({ ok: false, error: { message: 'Forespørgslen var ikke gyldig.' } });
    const issue = (r: typeof sv) => (r.ok ? '' : (r.error.issues?.[0]?.message ?? ''));
    // Our sentences for zod's issues (src/shared/validation/issues.ts), one per language, no type talk.
    expect([issue(sv), issue(da), issue(en)]).toEqual(['Välj ett av alternativen.', 'Vælg en af mulighederne.', 'Choose one of the options.']);
  });

  it("passes a handler's refusal through as it came (code, params, field issues), with its message localized", async () => {
    const { dispatcher } = setup(
      {
        'system.status': () => refuse('unavailable', 'errors.unavailable'),
        'terminal.configure': () => refuse('forbidden', 'signIn.locked.seconds', { count: 30 }, [{ path: 'name', message: 'desk.error.required' }]),
      },
      'da',
    );
    await expect(dispatcher.dispatch('system.status', {}, ctx)).resolves.toEqual({
      ok: false,
      error: { kind: 'unavailable', code: 'errors.unavailable', message: 'Tjenesten er ikke tilgængelig lige nu. Prøv igen om lidt.' },
    });
    const withParams = await dispatcher.dispatch('terminal.configure', { name: 'Skranke 2' }, ctx);
    // The field's message key is localized like the refusal's own (never the raw key).
    expect(withParams).toEqual({
      ok: false,
      error: { kind: 'forbidden', code: 'signIn.locked.seconds', params: { count: 30 }, message: 'For mange mislykkede forsøg. Prøv igen om 30 sekunder.', issues: [{ path: 'name', message: 'Skal udfyldes.' }] },
    });
  });

  it('hides an unexpected error behind a generic message and logs it', async () => {
    const { dispatcher, lines } = setup({
      'system.status': () => {
        throw new Error('SQLITE_CORRUPT: secret detail');
      },
    });
    const result = await dispatcher.dispatch('system.status', {}, ctx);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'internal', code: 'errors.internal', message: 'Something went wrong. The error has been logged.' },
    });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(lines().some((l) => l.msg === 'handler failed')).toBe(true);
  });

  it('treats a handler result outside the contract as an internal error', async () => {
    const { dispatcher, lines } = setup({
      'system.status': () => ok({ schemaVersion: -1, outboxPending: 0, startedAt: 'x' }),
    });
    const result = await dispatcher.dispatch('system.status', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(lines().some((l) => l.msg === 'handler returned a value outside the contract')).toBe(true);
  });
});
