import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackOrigin } from '../../../src/main/security/loopback-host';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1:5199', 'localhost:5199', 'LocalHost:5199', '[::1]:5199'])('accepts %s on port 5199', (host) => {
    expect(isLoopbackHost(host, 5199)).toBe(true);
  });

  it.each([
    'evil.example:5199',
    '127.0.0.1.evil.example:5199',
    'localhost.evil.example:5199',
    'attacker.localhost:5199',
    'localhost.:5199',
    '127.0.0.1:5200',
    '127.0.0.1:05199',
    '127.0.0.1',
    'localhost',
    '127.1:5199',
    '0x7f.0.0.1:5199',
    '2130706433:5199',
    '0.0.0.0:5199',
    '[::ffff:127.0.0.1]:5199',
    'user@127.0.0.1:5199',
    '127.0.0.1:5199@evil.example',
    '127.0.0.1:5199/',
    ' 127.0.0.1:5199',
    '',
    undefined,
  ])('refuses %s on port 5199', (host) => {
    expect(isLoopbackHost(host, 5199)).toBe(false);
  });

  it('takes the bare name only on port 80, where browsers leave the port out', () => {
    expect(isLoopbackHost('localhost', 80)).toBe(true);
    expect(isLoopbackHost('localhost:80', 80)).toBe(true);
  });

  it('refuses everything while the port is unknown (0)', () => {
    expect(isLoopbackHost('127.0.0.1:0', 0)).toBe(false);
  });
});

describe('isLoopbackOrigin', () => {
  it.each(['http://127.0.0.1:5199', 'http://localhost:5199', 'http://[::1]:5199'])('accepts %s on port 5199', (origin) => {
    expect(isLoopbackOrigin(origin, 5199)).toBe(true);
  });

  it.each([
    'http://evil.example:5199',
    'https://127.0.0.1:5199',
    'ws://127.0.0.1:5199',
    'http://127.0.0.1:5200',
    'http://127.0.0.1',
    'http://127.0.0.1:5199.evil.example',
    'http://127.0.0.1:5199@evil.example',
    'http://user:pw@127.0.0.1:5199',
    'http://127.0.0.1:5199/',
    'http://127.0.0.1:5199/path',
    'http://127.0.0.1:5199?x',
    'http://LOCALHOST:5199',
    'http://localhost.:5199',
    'http://127.1:5199',
    'http://evil.example/?http://127.0.0.1:5199',
    'null',
    'file://',
    'data:text/html,x',
    '',
    undefined,
  ])('refuses %s on port 5199', (origin) => {
    expect(isLoopbackOrigin(origin, 5199)).toBe(false);
  });
});
