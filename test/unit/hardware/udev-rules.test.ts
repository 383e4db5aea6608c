import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const rules = readFileSync('resources/udev/99-lanedisk.rules', 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe('udev rules', () => {
  it('give plugdev 0660 access in every rule, and nothing broader', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule, rule).toContain('MODE="0660"');
      expect(rule, rule).toContain('GROUP="plugdev"');
      expect(rule, rule).toMatch(/ATTRS?\{idVendor\}=="[0-9a-f]{4}"/);
      // Assignments use = or +=, matches use ==: a typo like ATTRS{idVendor}="0801" would match everything.
      expect(rule, rule).not.toMatch(/(?:ATTRS?|ENV)\{[^}]+\}="/);
    }
  });

  it('cover MagTek, USB HID relays, CH340, FTDI and Honeywell with stable names', () => {
    const vendors = (id: string, product?: string) =>
      rules.filter((r) => r.includes(`{idVendor}=="${id}"`) && (product === undefined || r.includes(`{idProduct}=="${product}"`)));
    for (const [vendor, product] of [['0801'], ['16c0', '05df'], ['1a86', '7523'], ['0403'], ['0c2e']] as const) {
      const matching = vendors(vendor, product);
      expect(matching.length, vendor).toBeGreaterThan(0);
      expect(matching.some((r) => /SYMLINK\+="lanedisk\/[a-z0-9-]+-\$env\{ID_PATH_TAG\}"/.test(r)), vendor).toBe(true);
    }
    // The V-USB id is shared by every V-USB gadget: only boards named USBRelayN are relays.
    for (const rule of vendors('16c0')) expect(rule).toContain('{product}=="USBRelay*"');
  });
});
