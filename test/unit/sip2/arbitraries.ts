import fc from 'fast-check';
import type { Sip2Encoding } from '../../../src/main/sip2/encoding';
import { BLANK_TIMESTAMP, formatSip2Timestamp, patronStatusFlagNames, summaryCategories, type FieldCodec, type FixedCodec } from '../../../src/main/sip2/fields';
import type { MessageSpec } from '../../../src/main/sip2/messages';

/** Printable ASCII without the field delimiter. */
const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => c !== '|');
const nordic = [...'åäöæøÅÄÖÆØéüÉ'];
const wide = [...'€ĸŁ漢字😀'];

export function charsFor(encoding: Sip2Encoding): string[] {
  switch (encoding) {
    case 'ascii':
      return ascii;
    case 'latin1':
    case 'cp850':
      return [...ascii, ...nordic];
    case 'utf8':
      return [...ascii, ...nordic, ...wide];
  }
}

export function fieldTextArb(encoding: Sip2Encoding, maxLength = 40): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...charsFor(encoding)), maxLength });
}

const timestampArb = fc.oneof(
  fc.constant(BLANK_TIMESTAMP),
  fc
    .tuple(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('local' as const, 'utc' as const))
    .map(([date, zone]) => formatSip2Timestamp(date, zone)),
);

function fixedArb(codec: FixedCodec<unknown>): fc.Arbitrary<unknown> {
  switch (codec.kind) {
    case 'ok':
    case 'yes-no':
      return fc.boolean();
    case 'yes-no-unknown':
      return fc.constantFrom(true, false, null);
    case 'timestamp':
      return timestampArb;
    case 'text':
      return fc.string({ unit: fc.constantFrom(...ascii), minLength: codec.length, maxLength: codec.length });
    case 'digits':
      return fc.integer({ min: 0, max: 10 ** codec.length - 1 });
    case 'digits-or-blank':
      return fc.option(fc.integer({ min: 0, max: 10 ** codec.length - 1 }), { nil: null });
    case 'status-code':
      return fc.constantFrom(0, 1, 2);
    case 'version':
      return fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 99 })).map(([major, minor]) => `${major}.${String(minor).padStart(2, '0')}`);
    case 'patron-status':
      return fc.record(Object.fromEntries(patronStatusFlagNames.map((name) => [name, fc.boolean()])));
    case 'summary':
      return fc.subarray([...summaryCategories]);
  }
}

function fieldArb(codec: FieldCodec<unknown>, encoding: Sip2Encoding): fc.Arbitrary<unknown> {
  const text = fieldTextArb(encoding);
  switch (codec.kind) {
    case 'flag':
      return fc.boolean();
    case 'number':
      return fc.integer({ min: 0, max: codec.width ? 10 ** codec.width - 1 : 1_000_000_000 });
    case 'text':
      return codec.presence === 'repeated' ? fc.array(text, { maxLength: 4 }) : text;
  }
}

/** Any well-formed message of `spec`, with values the encoding can carry. */
export function messageArb<T>(spec: MessageSpec<T>, encoding: Sip2Encoding = 'utf8'): fc.Arbitrary<T> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [key, codec] of spec.fixed) {
    model[key as string] = fixedArb(codec);
    requiredKeys.push(key as string);
  }
  for (const [key, codec] of spec.fields) {
    const field = codec as FieldCodec<unknown>;
    model[key as string] = fieldArb(field, encoding);
    if (field.presence !== 'optional') requiredKeys.push(key as string);
  }
  return fc.record(model, { requiredKeys }) as unknown as fc.Arbitrary<T>;
}
