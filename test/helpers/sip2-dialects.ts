import type { Sip2ConfigInput } from '../../src/main/sip2';
import type { Sip2EmulatorOptions } from '../../src/main/sip2/emulator';

/**
 * Library systems' SIP2 dialects as the emulator plays them, with the client settings a technician would
 * choose for each. The kiosk and client tests run against every one (describe.each).
 */
export interface Sip2DialectCase {
  name: string;
  emulator: Sip2EmulatorOptions;
  client: NonNullable<Sip2ConfigInput['dialect']>;
}

export const sip2Dialects: Sip2DialectCase[] = [
  { name: 'as the spec writes it (CR, checksums, sequence numbers, UTF-8)', emulator: {}, client: {} },
  {
    name: 'CR LF only, code page 850, fields in reverse order',
    emulator: { terminator: 'CRLF', requireCrlf: true, encoding: 'cp850', fieldOrder: 'reversed' },
    client: { terminator: 'CRLF', encoding: 'cp850' },
  },
  {
    name: 'checksums off, no sequence numbers, vendor fields added',
    emulator: { checksums: 'never', sequenceNumbers: 'never', extraFields: { ZV: 'vendor', XB: '0' } },
    client: { checksums: false, sequenceNumbers: false },
  },
  {
    name: 'sparse answers (no AO, no BL or CQ in 24, no BH, BV, CB, CC or screen messages), fields rotated',
    emulator: { sendInstitutionId: false, omitFields: ['24/CQ', '24/BL', 'BH', 'BV', 'CB', 'CC', 'AF'], fieldOrder: 'rotated' },
    client: { acsSendsInstitutionId: false },
  },
  { name: 'one connection at a time', emulator: { oneConnectionAtATime: true }, client: {} },
];
