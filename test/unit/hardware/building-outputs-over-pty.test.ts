import { afterEach, describe, expect, it } from 'vitest';
import { createHardwareService, type BuildingHardwareEvent, type HardwareService } from '../../../src/main/hardware/service';
import { checkHardwareSettings } from '../../../src/main/hardware/settings';
import { defaultHardwareSettings } from '../../../src/shared/hardware/settings';
import { silentLogger } from '../../helpers/logger';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { nextEvent, openBoard, serveModbusBoard, type Board } from '../../helpers/relay-board';

let pair: PtyPair | undefined;
let board: Board | undefined;
let hardware: HardwareService | undefined;
let serving = false;
let served: Promise<void> | undefined;
afterEach(async () => {
  await hardware?.close();
  serving = false;
  await served;
  board?.close();
  await pair?.close();
  [pair, board, hardware, served] = [undefined, undefined, undefined, undefined];
});


describe('building outputs and the exit input through the hardware service, over a Modbus board on a pty', () => {
  it('writes an output channel, refuses the door’s own channel, reports the board and counts presses of the exit button', async () => {
    pair = await createPtyPair();
    board = openBoard(pair.device);
    const coils: [number, boolean][] = [];
    const inputs = [false, false];
    serving = true;
    served = serveModbusBoard(board, coils, inputs, () => serving);
    const checked = checkHardwareSettings(
      {
        ...defaultHardwareSettings,
        readers: [],
        relay: { kind: 'modbus-rtu', channels: 4, port: { path: pair.app }, reconnect: { initialMs: 20, maxMs: 80 }, presenceCheckMs: 0 },
        door: { ...defaultHardwareSettings.door, contact: 'none' },
        building: { outputs: [{ function: 'lights', channel: 2 }], occupancy: { exits: 'input', exitInput: 1, exitActiveLevel: 'on' } },
      },
      'en',
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    const events: BuildingHardwareEvent['type'][] = [];
    hardware = createHardwareService({
      log: silentLogger,
      emit: () => undefined,
      initial: () => checked.value,
      serialPorts: { list: () => Promise.resolve([]) },
      hid: null,
    });
    const h = hardware;
    h.onBuildingEvent((event) => events.push(event.type));
    const connected = nextEvent<[BuildingHardwareEvent]>((l) => h.onBuildingEvent((event) => event.type === 'relay-connected' && l(event)));
    await h.start();
    await connected;

    expect(await h.setOutput(2, true)).toBe(true);
    expect(coils).toContainEqual([2, true]);
    const before = coils.length;
    expect(await h.setOutput(1, true)).toBe(false); // the door's lock
    expect(await h.setOutput(9, true)).toBe(false); // not on this board
    expect(coils.length).toBe(before);
    expect(await h.lockDoor()).toBe(true);

    const exit = nextEvent<[BuildingHardwareEvent]>((l) => h.onBuildingEvent((event) => event.type === 'exit' && l(event)));
    inputs[1] = true;
    expect((await exit)[0]).toEqual({ type: 'exit' });
    expect(events.filter((e) => e === 'exit')).toEqual(['exit']);
  });

  it('refuses settings that put an output on the door’s channel', () => {
    const checked = checkHardwareSettings({ ...defaultHardwareSettings, building: { outputs: [{ function: 'lights', channel: 1 }] } }, 'en');
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.issues).toEqual([{ path: 'building.outputs.0.channel', message: 'door.building.error.doorChannel' }]);
  });
});
