import type { z } from 'zod';
import type { MessageKey } from '../vocabulary';

/**
 * One mapping from zod's issues to our sentences, used by every form's resolver in the renderer and by main's
 * refusals (the dispatcher and the settings checks): an issue's code and parameters become a message key with
 * its values, its path the field it belongs to. zod's own locales are not used: they speak of types
 * ("expected number to have >=100") and Swedish zod text ended up on Danish screens.
 */
export interface IssueMessage {
  key: MessageKey;
  params: Record<string, string | number>;
}

type Params = Record<string, string | number>;
/** What the mapper needs of a zod issue, raw (in an error map) or final (in ZodError.issues). */
type AnyIssue = z.core.$ZodRawIssue | z.core.$ZodIssue;

const m = (key: MessageKey, params: Params = {}): IssueMessage => ({ key, params });

const sized: Record<string, 'text' | 'list'> = { string: 'text', array: 'list', set: 'list', file: 'text' };

const formats: Record<string, MessageKey> = {
  email: 'validation.format.email',
  date: 'validation.format.date',
  time: 'validation.format.time',
  url: 'validation.format.url',
};

function isEmpty(input: unknown): boolean {
  return input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
}

function bound(value: unknown): string | number {
  return typeof value === 'bigint' ? value.toString() : typeof value === 'number' ? value : String(value);
}

function sizeIssue(issue: { origin?: unknown; exact?: boolean | undefined; inclusive?: boolean | undefined }, limit: unknown, side: 'min' | 'max'): IssueMessage {
  const kind = typeof issue.origin === 'string' ? sized[issue.origin] : undefined;
  const value = bound(limit);
  if (kind) {
    const n = Number(value);
    // "more than 3" is "at least 4" for whole counts.
    const count = issue.inclusive === false ? (side === 'min' ? n + 1 : n - 1) : n;
    if (issue.exact) return m(kind === 'text' ? 'validation.text.exact' : side === 'min' ? 'validation.list.min' : 'validation.list.max', { count });
    return m(`validation.${kind}.${side}`, { count });
  }
  if (side === 'min') return m(issue.inclusive === false ? 'validation.number.above' : 'validation.number.min', { minimum: value });
  return m(issue.inclusive === false ? 'validation.number.below' : 'validation.number.max', { maximum: value });
}

/** The sentence for one zod issue (a custom issue's own message key is kept by zod before this is asked). */
export function issueMessage(issue: AnyIssue): IssueMessage {
  // Raw issues (in an error map) carry the input; final ones do not, and then only the code speaks.
  const hasInput = 'input' in issue;
  const input = hasInput ? issue.input : undefined;
  const empty = hasInput && isEmpty(input);
  switch (issue.code) {
    case 'invalid_type': {
      // A field left empty arrives as undefined (or '' for text): say it is required, not what type was expected.
      if (empty) return m('validation.required');
      if (issue.expected === 'number' || issue.expected === 'bigint') return m('validation.number');
      if (issue.expected === 'int') return m('validation.integer');
      if (issue.expected === 'string') return m('validation.text');
      return m('validation.wrongType');
    }
    case 'too_small':
      // "at least 1 character / item" and text of only spaces: the field is required.
      if ((issue.origin === 'string' || issue.origin === 'array') && Number(bound(issue.minimum)) <= 1 && issue.inclusive !== false) return m('validation.required');
      if (issue.origin === 'string' && typeof input === 'string' && input.trim() === '') return m('validation.required');
      return sizeIssue(issue, issue.minimum, 'min');
    case 'too_big':
      return sizeIssue(issue, issue.maximum, 'max');
    case 'invalid_format':
      return m(formats[issue.format] ?? 'validation.format.other');
    case 'not_multiple_of':
      return m('validation.multipleOf', { divisor: bound(issue.divisor) });
    case 'invalid_value':
    case 'invalid_union':
      return empty ? m('validation.required') : m('validation.option');
    case 'unrecognized_keys':
      return m('validation.unknownKeys', { count: issue.keys.length, keys: issue.keys.join(', ') });
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
    case undefined:
      return m('validation.invalid');
  }
}

/** A zod error map that speaks our sentences through `t` (i18next's t, main's translator, fixed to a language). */
export function zodErrorMap(t: (key: MessageKey, params: Params) => string): z.core.$ZodErrorMap {
  return (issue) => {
    const { key, params } = issueMessage(issue);
    return t(key, params);
  };
}

/** The dotted path of an issue, as forms and FieldIssue use it ('' for the request as a whole). */
export function issuePath(issue: { path?: readonly PropertyKey[] }): string {
  return (issue.path ?? []).map(String).join('.');
}

/**
 * A message key per field name that appears in a settings path (the technician's forms), so a list of
 * issues can say "Reader 2 · Serial device" instead of `readers.1.path`.
 */
const fieldLabels: Record<string, MessageKey> = {
  id: 'hardware.reader.id',
  name: 'hardware.reader.name',
  kind: 'hardware.reader.kind',
  role: 'hardware.reader.role',
  profileId: 'hardware.reader.profile',
  path: 'hardware.reader.path',
  vendorId: 'hardware.reader.vendorId',
  productId: 'hardware.reader.productId',
  framing: 'hardware.reader.framing',
  frameLength: 'hardware.reader.frameLength',
  maxGapMs: 'hardware.reader.maxGapMs',
  minLength: 'hardware.reader.minLength',
  baudRate: 'hardware.serial.baudRate',
  dataBits: 'hardware.serial.dataBits',
  parity: 'hardware.serial.parity',
  stopBits: 'hardware.serial.stopBits',
  terminator: 'hardware.serial.terminator',
  stripPrefix: 'hardware.serial.prefix',
  stripSuffix: 'hardware.serial.suffix',
  channel: 'hardware.door.channel',
  openTimeMs: 'hardware.door.openTimeMs',
};

/** The words for an issue's path: each part a message key with its values; parts without words are left out. */
export function fieldLabel(path: string): IssueMessage[] {
  const parts = path.split('.').filter((p) => p !== '');
  const out: IssueMessage[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (part === 'readers' && next !== undefined && /^\d+$/.test(next)) {
      out.push(m('validation.field.reader', { number: Number(next) + 1 }));
      i++;
    } else if (/^\d+$/.test(part)) {
      out.push(m('validation.field.entry', { number: Number(part) + 1 }));
    } else if (i === parts.length - 1 && Object.hasOwn(fieldLabels, part)) {
      out.push(m(fieldLabels[part] as MessageKey));
    }
  }
  return out;
}
