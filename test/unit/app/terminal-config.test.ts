import { describe, expect, it } from 'vitest';
import { allowedLocalModes, localModeFor } from '../../../src/main/app/terminal-config';

describe('the enrolled mode on the terminal', () => {
  it('maps each register mode to a local one in one place (a door runs locked down as a kiosk until it has its own)', () => {
    expect((['desk', 'kiosk', 'door', 'technician'] as const).map(localModeFor)).toEqual(['desk', 'kiosk', 'door', 'technician']);
  });

  it('allows only the enrolled mode and the technician screen once enrolled, anything before', () => {
    expect(allowedLocalModes(undefined)).toBeUndefined();
    expect(allowedLocalModes({ mode: 'kiosk', libraryId: 'malmo', branchId: 'malmo-limhamn' })).toEqual(['kiosk', 'technician']);
    expect(allowedLocalModes({ mode: 'technician', libraryId: 'malmo', branchId: 'malmo' })).toEqual(['technician']);
  });
});
