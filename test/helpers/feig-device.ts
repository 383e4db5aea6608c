import { encodeIso28560Tag, type Iso28560Spec } from '../../src/shared/cards';
import {
  crc16Feig,
  encodeFeigReply,
  encodeInventoryReply,
  encodeReadBlocksReply,
  FEIG_NO_TRANSPONDER,
  FEIG_OK,
  feigCommands,
  isoCommands,
  TR_TYPE_ISO15693,
  uidText,
} from '../../src/main/hardware/rfid/feig-protocol';
import { openBoard, type Board } from './relay-board';

interface FakeTag {
  uid: string;
  memory: Uint8Array;
  afi: number;
}

/**
 * A FEIG HF reader at the device end of a pty pair: answers the ISO host protocol's inventory, read multiple
 * blocks and write AFI for the tags put on it, with correct CRCs. `corruptNext` and `silenceNext` make the next
 * replies garbled or missing; `frames` holds every request it received (as hex) for the test to compare.
 */
export interface FakeFeigReader {
  put(uid: string, tag: Iso28560Spec, afi?: number): void;
  remove(uid: string): void;
  afi(uid: string): number | undefined;
  /** The next n replies go out with a wrong CRC. */
  corruptNext(n?: number): void;
  /** The next n requests get no reply. */
  silenceNext(n?: number): void;
  readonly requests: string[];
  close(): void;
}

const blockSize = 4;

export function openFakeFeigReader(path: string, options: { comAdr?: number } = {}): FakeFeigReader {
  const board: Board = openBoard(path);
  const comAdr = options.comAdr ?? 0;
  const tags = new Map<string, FakeTag>();
  const requests: string[] = [];
  let corrupt = 0;
  let silence = 0;
  let closed = false;

  const send = (frame: Uint8Array) => {
    if (silence > 0) {
      silence--;
      return;
    }
    if (corrupt > 0) {
      corrupt--;
      frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0xff;
    }
    board.write(Array.from(frame));
  };

  const answer = (frame: number[]) => {
    const command = frame[2];
    const data = frame.slice(3, frame.length - 2);
    if (command !== feigCommands.isoHost) return send(encodeFeigReply({ comAdr, command: command ?? 0, status: 0x80 }));
    const iso = data[0];
    if (iso === isoCommands.inventory) {
      const records = [...tags.values()].map((t) => ({ trType: TR_TYPE_ISO15693, dsfid: 0, uid: t.uid }));
      return send(records.length === 0 ? encodeFeigReply({ comAdr, command: 0xb0, status: FEIG_NO_TRANSPONDER }) : encodeInventoryReply(comAdr, records));
    }
    const tag = tags.get(uidText(data.slice(2, 10)));
    if (!tag) return send(encodeFeigReply({ comAdr, command: 0xb0, status: FEIG_NO_TRANSPONDER }));
    if (iso === isoCommands.readMultipleBlocks) {
      const first = data[10] ?? 0;
      const count = data[11] ?? 0;
      const memory = new Uint8Array(count * blockSize);
      memory.set(tag.memory.subarray(first * blockSize, (first + count) * blockSize));
      return send(encodeReadBlocksReply(comAdr, memory, blockSize));
    }
    if (iso === isoCommands.writeAfi) {
      tag.afi = data[10] ?? 0;
      return send(encodeFeigReply({ comAdr, command: 0xb0, status: FEIG_OK }));
    }
    return send(encodeFeigReply({ comAdr, command: 0xb0, status: 0x82 }));
  };

  const loop = async () => {
    while (!closed) {
      let head: number[];
      try {
        head = await board.take(1, 500);
      } catch {
        continue;
      }
      const length = head[0] ?? 0;
      if (length < 5) continue;
      let rest: number[];
      try {
        rest = await board.take(length - 1, 2000);
      } catch {
        continue;
      }
      const frame = [...head, ...rest];
      requests.push(Buffer.from(frame).toString('hex').toUpperCase());
      const crc = crc16Feig(frame, frame.length - 2);
      if (frame[frame.length - 2] !== (crc & 0xff) || frame[frame.length - 1] !== crc >>> 8) continue;
      answer(frame);
    }
  };
  void loop();

  return {
    put(uid, spec, afi = 0x07) {
      const memory = new Uint8Array(64);
      memory.set(encodeIso28560Tag(spec));
      tags.set(uid, { uid, memory, afi });
    },
    remove: (uid) => tags.delete(uid),
    afi: (uid) => tags.get(uid)?.afi,
    corruptNext: (n = 1) => void (corrupt += n),
    silenceNext: (n = 1) => void (silence += n),
    requests,
    close() {
      closed = true;
      board.close();
    },
  };
}
