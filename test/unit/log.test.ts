import { describe, expect, it } from 'vitest';
import { moduleLogger } from '../../src/main/log';
import { captureLogger } from '../helpers/logger';

describe('logger', () => {
  it('redacts identity numbers and secrets wherever they appear in a log object', () => {
    const { log, lines } = captureLogger();
    moduleLogger(log, 'desk').info(
      { identityNumber: '198112189876', borrower: { cpr: '0707614285', pin: '1234' }, nested: { deeper: { password: 'hunter2' } } },
      'registered',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['198112189876', '0707614285', '1234', 'hunter2']) expect(text).not.toContain(secret);
    expect(lines()[0]).toMatchObject({ module: 'desk', msg: 'registered', identityNumber: '[redacted]' });
  });
});
