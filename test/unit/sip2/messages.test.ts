import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sip2Encodings } from '../../../src/main/sip2/encoding';
import { BLANK_TIMESTAMP, formatSip2Timestamp, parseDueDate, parseSip2Timestamp, patronStatusFlags } from '../../../src/main/sip2/fields';
import { decodeFrame, encodeFrame } from '../../../src/main/sip2/frame';
import {
  acsStatusResponse,
  checkinRequest,
  checkoutRequest,
  checkoutResponse,
  encodeMessage,
  endSessionResponse,
  itemInformationRequest,
  itemInformationResponse,
  loginRequest,
  loginResponse,
  parseMessage,
  patronInformationRequest,
  patronInformationResponse,
  patronStatusRequest,
  patronStatusResponse,
  requestSpecs,
  responseSpecs,
  sanitizeFieldValue,
  scStatusRequest,
  supportedMessagesOf,
  endPatronSessionRequest,
  type CheckoutResponse,
  type MessageSpec,
} from '../../../src/main/sip2/messages';
import { messageArb } from './arbitraries';

const allSpecs = [...Object.values(requestSpecs), ...Object.values(responseSpecs)] as unknown as Array<MessageSpec<Record<string, unknown>>>;

/** Parses and insists it worked; returns the message and warnings. */
function parsed<T>(spec: MessageSpec<T>, body: string) {
  const result = parseMessage(spec, body);
  if (!result.ok) throw new Error(`parse failed: ${result.reason}`);
  return result;
}

describe('round trips: every message the kiosk and the emulator exchange', () => {
  it('covers the 20 message types of the brief', () => {
    expect(allSpecs.map((s) => s.code).sort()).toEqual(
      ['09', '10', '11', '12', '17', '18', '23', '24', '29', '30', '35', '36', '63', '64', '93', '94', '96', '97', '98', '99'].sort(),
    );
  });

  it.each(allSpecs.map((spec) => [spec.code, spec.name, spec] as const))('%s %s: parse(encode(m)) = m without warnings', (_code, _name, spec) => {
    fc.assert(
      fc.property(messageArb(spec), (message) => {
        const body = encodeMessage(spec, message);
        const result = parseMessage(spec, body);
        expect(result).toEqual({ ok: true, message: { ...message, extra: {} }, warnings: [] });
      }),
      { numRuns: 150 },
    );
  });

  it.each(sip2Encodings)('through the whole frame in %s, with AY and AZ', { timeout: 30_000 }, (encoding) => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allSpecs).chain((spec) => fc.tuple(fc.constant(spec), messageArb(spec, encoding), fc.integer({ min: 0, max: 9 }))),
        ([spec, message, sequence]) => {
          const options = { encoding, checksum: true, terminator: 'CR' as const, checksumUnits: 'bytes' as const };
          const frame = encodeFrame(encodeMessage(spec, message), sequence, options);
          const decoded = decodeFrame(frame.subarray(0, -1), options);
          expect(decoded.checksum).toBe('valid');
          expect(decoded.sequence).toBe(sequence);
          expect(parseMessage(spec, decoded.body)).toMatchObject({ ok: true, message: { ...message, extra: {} } });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps unknown fields in `extra` and writes them back', () => {
    const body = '941XXone|ZZtwo|XXthree|';
    const result = parsed(loginResponse, body);
    expect(result.message).toEqual({ ok: true, extra: { XX: ['one', 'three'], ZZ: ['two'] } });
    expect(encodeMessage(loginResponse, result.message)).toBe('941XXone|XXthree|ZZtwo|');
  });

  it('works with another field delimiter', () => {
    fc.assert(
      fc.property(messageArb(checkoutResponse, 'ascii'), (message) => {
        const strip = (value: unknown): unknown =>
          typeof value === 'string' ? value.replace(/\^/g, '') : Array.isArray(value) ? value.map(strip) : value;
        const noCaret = Object.fromEntries(Object.entries(message).map(([key, value]) => [key, strip(value)])) as unknown as CheckoutResponse;
        const withPipes = { ...noCaret, title: `${noCaret.title}|pipe` };
        const body = encodeMessage(checkoutResponse, withPipes, { delimiter: '^' });
        const result = parseMessage(checkoutResponse, body, { delimiter: '^' });
        expect(result.ok && result.message.title).toBe(withPipes.title);
      }),
      { numRuns: 50 },
    );
  });
});

describe('the 3M developers guide examples', () => {
  // Bodies of the guide's examples (see frame.test.ts for where they were collected); AY/AZ removed.
  it('99 SC status "9900401.00AY1AZFCA5"', () => {
    expect(parsed(scStatusRequest, '9900401.00').message).toEqual({ statusCode: 0, maxPrintWidth: 40, protocolVersion: '1.00', extra: {} });
  });

  it('94 login response "941AY3AZFDFA"', () => {
    expect(parsed(loginResponse, '941').message).toEqual({ ok: true, extra: {} });
  });

  it('63 patron information, summary asking for hold items 1 to 5', () => {
    const { message, warnings } = parsed(patronInformationRequest, '6300119980723    091905Y         AOInstitutionID|AAPatronID|BP00001|BQ00005|');
    expect(warnings).toEqual([]);
    expect(message).toEqual({
      language: '001',
      transactionDate: '19980723    091905',
      summary: ['holds'],
      institutionId: 'InstitutionID',
      patronId: 'PatronID',
      startItem: 1,
      endItem: 5,
      extra: {},
    });
    expect(parseSip2Timestamp(message.transactionDate)).toEqual(new Date(1998, 6, 23, 9, 19, 5));
  });

  it('64 patron information response with counts, limits and item lists', () => {
    const body =
      '64              00119980723    104009000100000002000100020000AOInstitutionID for PatronID|AAPatronID|AEPatron Name|BZ0002|CA0003|CB0010|BLY|' +
      'ASItemID1 for PatronID|AUChargeItem1|AUChargeItem2|BDHome Address|BEE Mail Address|BFHome Phone for PatronID|' +
      'AFScreenMessage 0 for PatronID, Language 1|AFScreen Message 1 for PatronID, Language 1|AGPrint Line 0 for PatronID, Language 1|';
    const { message, warnings } = parsed(patronInformationResponse, body);
    expect(warnings).toEqual([]);
    expect(message).toMatchObject({
      patronStatus: patronStatusFlags(),
      language: '001',
      transactionDate: '19980723    104009',
      holdItemsCount: 1,
      overdueItemsCount: 0,
      chargedItemsCount: 2,
      fineItemsCount: 1,
      recallItemsCount: 2,
      unavailableHoldsCount: 0,
      institutionId: 'InstitutionID for PatronID',
      patronId: 'PatronID',
      name: 'Patron Name',
      holdItemsLimit: 2,
      overdueItemsLimit: 3,
      chargedItemsLimit: 10,
      validPatron: true,
      holds: ['ItemID1 for PatronID'],
      charged: ['ChargeItem1', 'ChargeItem2'],
      homeAddress: 'Home Address',
      email: 'E Mail Address',
      phone: 'Home Phone for PatronID',
      screenMessages: ['ScreenMessage 0 for PatronID, Language 1', 'Screen Message 1 for PatronID, Language 1'],
      printLines: ['Print Line 0 for PatronID, Language 1'],
    });
    expect(message.validPassword).toBeUndefined();
  });

  it('23 patron status: the guide’s example lacks the AA id; the parser warns and keeps the stray field', () => {
    const { message, warnings } = parsed(patronStatusRequest, '2300119960212    100239AOid_21|104000000105|AC|AD|');
    expect(message).toMatchObject({ language: '001', institutionId: 'id_21', patronId: '', terminalPassword: '', patronPassword: '', extra: { '10': ['4000000105'] } });
    expect(warnings).toEqual(['required field AA missing']);
  });

  it('24 patron status response', () => {
    const { message } = parsed(patronStatusResponse, '24              00119960212    100239AO|AA104000000105|AEJohn Doe|AFScreen Message|AGCheck Print message|');
    expect(message).toMatchObject({ institutionId: '', patronId: '104000000105', name: 'John Doe', screenMessages: ['Screen Message'], printLines: ['Check Print message'] });
  });

  it('09 checkin with a blank return date and BI cancel = N', () => {
    const { message } = parsed(
      checkinRequest,
      '09N19980821    085721                  APCertification Terminal Location|AOCertification Institute ID|ABCheckInBook|ACTPWord|BIN|',
    );
    expect(message).toEqual({
      noBlock: false,
      transactionDate: '19980821    085721',
      returnDate: BLANK_TIMESTAMP,
      currentLocation: 'Certification Terminal Location',
      institutionId: 'Certification Institute ID',
      itemId: 'CheckInBook',
      terminalPassword: 'TPWord',
      cancel: false,
      extra: {},
    });
  });

  it('17 item information and its 18 response', () => {
    expect(parsed(itemInformationRequest, '1719980723    100000AOCertification Institute ID|ABItemBook|').message).toEqual({
      transactionDate: '19980723    100000',
      institutionId: 'Certification Institute ID',
      itemId: 'ItemBook',
      extra: {},
    });
    const { message } = parsed(
      itemInformationResponse,
      '1808000119980723    115615CF00000|ABItemBook|AJTitle For Item Book|CK003|AQPermanent Location for ItemBook, Language 1|APCurrent Location ItemBook|CHFree-form text with new item property|',
    );
    expect(message).toMatchObject({
      circulationStatus: 8,
      securityMarker: 0,
      feeType: 1,
      holdQueueLength: 0,
      itemId: 'ItemBook',
      title: 'Title For Item Book',
      mediaType: '003',
      currentLocation: 'Current Location ItemBook',
    });
  });

  it('35 end patron session and its 36 response', () => {
    expect(parsed(endPatronSessionRequest, '3519980723    094014AOCertification Institute ID|AAPatronID|').message.patronId).toBe('PatronID');
    const { message } = parsed(endSessionResponse, '36Y19980723    110658AOInstitutionID for PatronID|AAPatronID|AFScreenMessage 0 for PatronID, Language 1|AGPrint Line 0|');
    expect(message).toMatchObject({ endSession: true, patronId: 'PatronID', screenMessages: ['ScreenMessage 0 for PatronID, Language 1'], printLines: ['Print Line 0'] });
  });

  it('98 ACS status from the guide (version 1.00, no BX): read with a warning', () => {
    const { message, warnings } = parsed(acsStatusResponse, '98YYYNYN01000319960214    1447001.00AOID_21|AMCentral Library|ANtty30|AFScreen Message|AGPrint Message|');
    expect(message).toMatchObject({
      onlineStatus: true,
      checkinOk: true,
      checkoutOk: true,
      acsRenewalPolicy: false,
      statusUpdateOk: true,
      offlineOk: false,
      timeoutPeriod: 10,
      retriesAllowed: 3,
      dateTimeSync: '19960214    144700',
      protocolVersion: '1.00',
      institutionId: 'ID_21',
      libraryName: 'Central Library',
      terminalLocation: 'tty30',
    });
    expect(warnings).toEqual(['required field BX missing']);
    expect(supportedMessagesOf('YYYNYYYYYNYNNNYN')).toMatchObject({ checkout: true, blockPatron: false, renew: true, renewAll: false });
  });

  it('93 login', () => {
    expect(parsed(loginRequest, '9300CNLoginUserID|COLoginPassword|CPLocationCode|').message).toEqual({
      uidAlgorithm: '0',
      pwdAlgorithm: '0',
      userId: 'LoginUserID',
      password: 'LoginPassword',
      locationCode: 'LocationCode',
      extra: {},
    });
  });
});

describe('encoding requests', () => {
  it('writes a checkout in the spec’s field order, required fields even when empty', () => {
    const body = encodeMessage(checkoutRequest, {
      scRenewalPolicy: true,
      noBlock: false,
      transactionDate: '20250301    101500',
      nbDueDate: BLANK_TIMESTAMP,
      institutionId: 'MALMO',
      patronId: 'P1',
      itemId: 'I1',
      terminalPassword: '',
      feeAcknowledged: false,
    });
    expect(body).toBe(`11YN20250301    101500${BLANK_TIMESTAMP}AOMALMO|AAP1|ABI1|AC|BON|`);
  });

  it('refuses values that would break the message, and fixed fields of the wrong width', () => {
    const base = { ok: true };
    expect(() => encodeMessage(loginResponse, { ...base, extra: { AF: ['a|b'] } })).toThrow(RangeError);
    expect(() => encodeMessage(loginResponse, { ...base, extra: { AF: ['a\rb'] } })).toThrow(RangeError);
    expect(() => encodeMessage(loginResponse, { ...base, extra: { AZ: ['x'] } })).toThrow(RangeError);
    expect(() => encodeMessage(itemInformationRequest, { transactionDate: 'today', institutionId: '', itemId: 'x' })).toThrow(RangeError);
    expect(() => encodeMessage(scStatusRequest, { statusCode: 0, maxPrintWidth: 1000, protocolVersion: '2.00' })).toThrow(RangeError);
  });

  it('sanitizes free text for the emulator’s messages', () => {
    expect(sanitizeFieldValue('a|b\r\nc\0')).toBe('a b  c ');
    expect(sanitizeFieldValue('x'.repeat(300))).toHaveLength(255);
  });
});

describe('parsing garbage', () => {
  it('never throws, whatever the spec and input', { timeout: 30_000 }, () => {
    const codes = allSpecs.map((spec) => spec.code);
    fc.assert(
      fc.property(
        fc.constantFrom(...allSpecs),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.tuple(fc.constantFrom(...codes), fc.string({ unit: fc.constantFrom('Y', 'N', 'U', '0', '1', ' ', '|', 'A', 'Z', '9', 'x'), maxLength: 120 })).map(([c, s]) => c + s),
        ),
        (spec, input) => {
          const result = parseMessage(spec, input);
          if (result.ok) expect(result.message.extra).toBeTypeOf('object');
          else expect(result.reason).toMatch(/\S/);
        },
      ),
      { numRuns: 800 },
    );
    for (const input of [undefined, null, 42, {}, [], Buffer.from('941')]) {
      expect(parseMessage(loginResponse, input)).toEqual({ ok: false, reason: 'message is not text' });
    }
  });

  it('says clearly why a message cannot be read', () => {
    expect(parseMessage(checkoutResponse, '')).toEqual({ ok: false, reason: 'empty message' });
    expect(parseMessage(checkoutResponse, '10YNN')).toEqual({ ok: false, reason: "expected Checkout Response (12), got '10'" });
    expect(parseMessage(checkoutResponse, '\u0001\u0002')).toEqual({ ok: false, reason: 'expected Checkout Response (12), got an unreadable command' });
    expect(parseMessage(checkoutResponse, '121NNY2025')).toEqual({
      ok: false,
      reason: 'Checkout Response too short: transactionDate needs 18 characters at offset 6',
    });
    expect(parseMessage(checkoutResponse, '12XNNY20250301    101500AO|')).toEqual({
      ok: false,
      reason: 'Checkout Response: fixed field ok at offset 2 is not valid',
    });
    expect(parseMessage(acsStatusResponse, '98YYYYYN18018020250226    095853AOCN-0000001-ZG|AF|AG|')).toMatchObject({
      ok: false,
      reason: 'ACS Status: fixed field protocolVersion at offset 32 is not valid',
    });
  });

  it('reasons and warnings never quote identifiers', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allSpecs), fc.string({ unit: fc.constantFrom('7', '0', '4', '2', '8', '5', '6', '1', '|', 'A'), minLength: 0, maxLength: 60 }), (spec, tail) => {
        const secret = '0707614285';
        const result = parseMessage(spec, `${spec.code}${tail}AA${secret}|AB${secret}|AD${secret}|`);
        const text = result.ok ? result.warnings.join(' ') : result.reason;
        expect(text).not.toContain(secret);
      }),
    );
  });

  it('tolerates lower-case flags, Y/N for ok and blank counts, with warnings', () => {
    const body = `12ynuu20250301    101500AOx|AAp|ABi|AJt|AH|`;
    const { message, warnings } = parsed(checkoutResponse, body);
    expect(message).toMatchObject<Partial<CheckoutResponse>>({ ok: true, renewalOk: false, magneticMedia: null, desensitize: null });
    expect(warnings).toEqual(["ok flag 'y' read as 1"]);
    const info = parsed(patronInformationResponse, `64${' '.repeat(14)}00020250301    101500    0001  1 abcd    0000AOx|AAp|AEn|BLx|`);
    expect(info.message).toMatchObject({
      holdItemsCount: null,
      overdueItemsCount: 1,
      chargedItemsCount: 1,
      fineItemsCount: null,
      recallItemsCount: null,
      unavailableHoldsCount: 0,
    });
    expect(info.message.validPatron).toBeUndefined();
    expect(info.warnings).toEqual(["count 'abcd' is not a number", "field BL 'x' is not Y or N"]);
  });
});

describe('dates', () => {
  it('writes local time with a blank zone and UTC with Z', () => {
    const date = new Date(2025, 2, 1, 9, 5, 7);
    expect(formatSip2Timestamp(date)).toBe('20250301    090507');
    expect(formatSip2Timestamp(new Date(Date.UTC(2025, 11, 31, 23, 59, 58)), 'utc')).toBe('20251231   Z235958');
  });

  it('reads local, UTC and military zones; refuses blanks, zeros and impossible dates', () => {
    expect(parseSip2Timestamp('20250301    090507')).toEqual(new Date(2025, 2, 1, 9, 5, 7));
    expect(parseSip2Timestamp('20250301   Z090507')).toEqual(new Date(Date.UTC(2025, 2, 1, 9, 5, 7)));
    expect(parseSip2Timestamp('20250301   Q090507')).toEqual(new Date(Date.UTC(2025, 2, 1, 13, 5, 7)));
    expect(parseSip2Timestamp('20250301   A090507')).toEqual(new Date(Date.UTC(2025, 2, 1, 8, 5, 7)));
    for (const bad of [BLANK_TIMESTAMP, '0'.repeat(18), '20250230    090507', '20250301    250507', '20250301   J090507', '2025-03-01']) {
      expect(parseSip2Timestamp(bad)).toBeNull();
    }
  });

  it('round-trips any second between 1970 and 2099 in both zones', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const second = new Date(Math.floor(date.getTime() / 1000) * 1000);
        expect(parseSip2Timestamp(formatSip2Timestamp(second, 'utc'))).toEqual(second);
        expect(parseSip2Timestamp(formatSip2Timestamp(second, 'local'))).toEqual(second);
      }),
    );
  });

  it('reads the due date forms library systems send', () => {
    expect(parseDueDate('20250301    235900')).toEqual(new Date(2025, 2, 1, 23, 59));
    expect(parseDueDate('20250301')).toEqual(new Date(2025, 2, 1));
    expect(parseDueDate('2025-03-01')).toEqual(new Date(2025, 2, 1));
    expect(parseDueDate('2025-03-01 23:59')).toEqual(new Date(2025, 2, 1, 23, 59));
    expect(parseDueDate('01.03.2025')).toEqual(new Date(2025, 2, 1));
    expect(parseDueDate('next Tuesday')).toBeNull();
    expect(parseDueDate('2025-02-30')).toBeNull();
  });
});
