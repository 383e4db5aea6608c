import { parseIso28560Tag } from '../../shared/cards';
import type { CirculationOutcome, Language } from '../../shared/ipc/contract';
import type { Refusal, Result } from '../../shared/result';
import type { Clock, TimerHandle } from '../hardware/relays/clock';
import type { RfidPad } from '../hardware/rfid/types';
import type { Logger } from '../log';

export type RfidMode = 'off' | 'borrow' | 'return';

/** What happened to one item put on the pad: the loan's or return's outcome, and whether its tag's security followed. */
export interface RfidItemEvent {
  outcome: CirculationOutcome;
  /** Set when the loan or return went through but the tag's AFI could not be written: the screen and the log say so. */
  securityFailed?: true;
}

/** What the pad's tags say, for the screen (a tag that is no library item gets its own words). */
export type RfidNotice = { kind: 'unreadable' | 'not-an-item'; uid: string } | { kind: 'parts-missing'; itemId: string; have: number; total: number };

export interface KioskRfidDeps {
  pad: () => RfidPad | null;
  pollMs: () => number;
  clock: Clock;
  log: Logger;
  /** The kiosk's own checkout and checkin (the same as a scanned barcode): the library system's yes or no, in words. */
  circulate: (kind: 'checkout' | 'checkin', itemId: string, language: Language) => Promise<Result<CirculationOutcome, Refusal>>;
  onItem: (event: RfidItemEvent, language: Language) => void;
  onNotice: (notice: RfidNotice, language: Language) => void;
}

interface Part {
  uid: string;
  partNumber: number;
}

/**
 * Items by RFID at the kiosk: while the borrower is at the borrow or return step, the pad is asked what is on it;
 * each new tag (by UID, once per step) is read as an ISO 28560-3 item and checked out or in like a scanned
 * barcode. After a loan the tag's AFI is set to checked out, after a return back to secured; a failed write is
 * reported, never ignored. An item in several parts (part x of y) is lent when all its parts are on the pad.
 */
export class KioskRfid {
  private mode: RfidMode = 'off';
  private language: Language = 'sv';
  private timer: TimerHandle | undefined;
  private polling: Promise<void> | undefined;
  private again = false;
  /** UIDs dealt with in this step (done, refused, or reported unreadable): a book left on the pad counts once. */
  private readonly handled = new Set<string>();
  /** Parts of multi-part items seen so far in this step, by item id. */
  private readonly parts = new Map<string, Part[]>();
  private failing = false;

  constructor(private readonly deps: KioskRfidDeps) {}

  get current(): RfidMode {
    return this.mode;
  }

  /** The kiosk's step changed: poll while borrowing or returning; a new step starts with nothing handled. */
  setMode(mode: RfidMode, language: Language): void {
    this.language = language;
    if (mode === this.mode) return;
    this.mode = mode;
    this.handled.clear();
    this.parts.clear();
    this.stopTimer();
    // At once (after a round in progress, if any), then every pollMs.
    if (mode !== 'off') this.pollThenSchedule();
  }

  /** One round: what is on the pad now, and every new item circulated. Resolves when the round is done. */
  poll(): Promise<void> {
    // Asked again during a round (a new step began): another round follows it, in the new step.
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = this.rounds().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false;
      await this.round();
    } while (this.again);
  }

  close(): void {
    this.mode = 'off';
    this.stopTimer();
  }

  private pollThenSchedule(): void {
    void this.poll().finally(() => {
      if (this.mode !== 'off') this.schedule(this.deps.pollMs());
    });
  }

  private schedule(ms: number): void {
    this.stopTimer();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.pollThenSchedule();
    }, ms);
  }

  private stopTimer(): void {
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async round(): Promise<void> {
    const pad = this.deps.pad();
    const mode = this.mode;
    if (!pad || mode === 'off') return;
    let tags;
    try {
      tags = await pad.inventory();
      if (this.failing) this.deps.log.info('RFID pad answers again');
      this.failing = false;
    } catch (error) {
      // Said once, not at every poll.
      if (!this.failing) this.deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'RFID pad inventory failed');
      this.failing = true;
      return;
    }
    for (const tag of tags) {
      if (this.mode !== mode) return;
      if (this.handled.has(tag.uid)) continue;
      await this.tagSeen(pad, tag.uid, mode);
    }
  }

  private async tagSeen(pad: RfidPad, uid: string, mode: Exclude<RfidMode, 'off'>): Promise<void> {
    let memory: Uint8Array;
    try {
      memory = await pad.readBlocks(uid);
    } catch (error) {
      // Moved off or half on the pad: tried again at the next round.
      this.deps.log.info({ uid, err: error instanceof Error ? error.message : String(error) }, 'RFID tag could not be read');
      return;
    }
    const parsed = parseIso28560Tag(memory);
    // An item number as the kiosk takes one typed (printable ASCII); anything else is not trusted as one.
    if (!parsed.ok || !parsed.value.crc.ok || !/^[\x21-\x7e]{1,16}$/.test(parsed.value.id)) {
      this.handled.add(uid);
      this.deps.log.warn({ uid, reason: parsed.ok ? 'crc' : parsed.reason }, 'RFID tag holds no readable item');
      this.deps.onNotice({ kind: 'unreadable', uid }, this.language);
      return;
    }
    const tag = parsed.value;
    if (tag.usage === 'patron-card') {
      // A library card on the pad is not an item; the card reader signs in.
      this.handled.add(uid);
      return;
    }
    if (tag.usage !== 'circulating-item' && tag.usage !== 'acquisition-item') {
      this.handled.add(uid);
      this.deps.onNotice({ kind: 'not-an-item', uid }, this.language);
      return;
    }
    const total = Math.max(tag.partsInSet, 1);
    let uids = [uid];
    if (total > 1) {
      const seen = this.parts.get(tag.id) ?? [];
      if (!seen.some((p) => p.partNumber === tag.partNumber)) seen.push({ uid, partNumber: tag.partNumber });
      this.parts.set(tag.id, seen);
      this.handled.add(uid);
      if (seen.length < total) {
        this.deps.onNotice({ kind: 'parts-missing', itemId: tag.id, have: seen.length, total }, this.language);
        return;
      }
      uids = seen.map((p) => p.uid);
    }
    await this.circulate(pad, tag.id, uids, mode);
  }

  private async circulate(pad: RfidPad, itemId: string, uids: string[], mode: Exclude<RfidMode, 'off'>): Promise<void> {
    for (const u of uids) this.handled.add(u);
    const kind = mode === 'borrow' ? 'checkout' : 'checkin';
    const result = await this.deps.circulate(kind, itemId, this.language);
    if (!result.ok) {
      // No session any more (idle, cancel): the step is over.
      this.deps.log.info({ code: result.error.code }, 'RFID item not circulated');
      for (const u of uids) this.handled.delete(u);
      return;
    }
    const outcome = result.value;
    if (!outcome.ok) {
      this.deps.onItem({ outcome }, this.language);
      return;
    }
    const secured = kind === 'checkin';
    let failed = false;
    for (const u of uids) {
      try {
        await pad.setSecurity(u, secured);
      } catch (error) {
        failed = true;
        this.deps.log.error({ uid: u, itemId, secured, err: error instanceof Error ? error.message : String(error) }, 'RFID security (AFI) write failed');
      }
    }
    this.deps.onItem(failed ? { outcome, securityFailed: true } : { outcome }, this.language);
  }
}
