import { encodeIso28560Tag } from '../../../shared/cards';
import { RfidError, type RfidPad, type RfidTagSeen } from './types';

interface SimulatedTag {
  uid: string;
  memory: Uint8Array;
  afi: number;
}

/**
 * A pad for the demo and tests: tags are put on and taken off by hand (the web host's technician screen, the
 * bench); their memory holds an ISO 28560-3 basic block and their AFI is kept.
 */
export class SimulatedPad implements RfidPad {
  readonly kind = 'simulated';
  private readonly tags = new Map<string, SimulatedTag>();
  private nextUid = 1;
  /** Tests: the next AFI writes fail as if the tag had left the pad. */
  failSecurityWrites = 0;

  constructor(private readonly afi: { secured: number; checkedOut: number }) {}

  /** Puts an item's tag on the pad (a new UID unless given); returns the UID. */
  place(item: { itemId: string; partNumber?: number; partsInSet?: number; uid?: string; isil?: string; usageCode?: number; corrupt?: boolean }): string {
    const uid = item.uid ?? `E004010000${(this.nextUid++).toString(16).toUpperCase().padStart(6, '0')}`;
    const memory = encodeIso28560Tag({
      id: item.itemId,
      usageCode: item.usageCode ?? 1,
      partNumber: item.partNumber ?? 1,
      partsInSet: item.partsInSet ?? 1,
      isil: item.isil ?? '',
      corruptCrc: item.corrupt === true,
    });
    this.tags.set(uid, { uid, memory, afi: this.afi.secured });
    return uid;
  }

  /** Takes tags off the pad (all without an argument). */
  remove(uid?: string): void {
    if (uid === undefined) this.tags.clear();
    else this.tags.delete(uid);
  }

  afiOf(uid: string): number | undefined {
    return this.tags.get(uid)?.afi;
  }

  inventory(): Promise<RfidTagSeen[]> {
    return Promise.resolve([...this.tags.values()].map((tag) => ({ uid: tag.uid, dsfid: 0 })));
  }

  readBlocks(uid: string): Promise<Uint8Array> {
    const tag = this.tags.get(uid);
    return tag ? Promise.resolve(tag.memory.slice()) : Promise.reject(new RfidError('no-tag', `tag ${uid} is not on the pad`));
  }

  setSecurity(uid: string, secured: boolean): Promise<void> {
    const tag = this.tags.get(uid);
    if (!tag || this.failSecurityWrites > 0) {
      if (this.failSecurityWrites > 0) this.failSecurityWrites--;
      return Promise.reject(new RfidError('no-tag', `tag ${uid} did not take the AFI write`));
    }
    tag.afi = secured ? this.afi.secured : this.afi.checkedOut;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.tags.clear();
    return Promise.resolve();
  }
}
