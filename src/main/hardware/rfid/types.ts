import { CodedError } from '../../coded-error';

export const rfidErrorCodes = [
  /** The pad is not there (unplugged, port not open); it keeps trying to reconnect. */
  'disconnected',
  /** close() was called. */
  'closed',
  /** The pad did not answer in time. */
  'timeout',
  /** The pad answered something the protocol does not allow. */
  'protocol',
  /** The tag left the pad (or did not answer) before the command was done. */
  'no-tag',
  /** The pad or the tag refused the command (its status is in the message). */
  'refused',
] as const;
export type RfidErrorCode = (typeof rfidErrorCodes)[number];

export class RfidError extends CodedError<RfidErrorCode> {
  override readonly name = 'RfidError';
}

/** A tag the pad sees: its ISO 15693 UID (16 hex digits, E0 first) and DSFID. */
export interface RfidTagSeen {
  uid: string;
  dsfid: number;
}

/**
 * An RFID pad at a kiosk or desk (ISO 15693 library tags): what is on it, a tag's memory, and the tag's security
 * state in its AFI byte. Calls run one at a time; failures reject with an RfidError.
 */
export interface RfidPad {
  readonly kind: 'feig' | 'simulated';
  /** Every tag on the pad now (several at once). */
  inventory(): Promise<RfidTagSeen[]>;
  /** The tag's user memory from block 0 (as many blocks as the settings say). */
  readBlocks(uid: string): Promise<Uint8Array>;
  /** Writes the AFI: `secured` (on the shelf, the gate alarms) or checked out. */
  setSecurity(uid: string, secured: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * AFI values of library tags (ISO 28560-1 and the Danish model): 0x07 secured (in the library), 0xC2 checked
 * out (the gate lets it pass). Configurable, since some sites use others.
 */
export const defaultAfi = { secured: 0x07, checkedOut: 0xc2 } as const;
