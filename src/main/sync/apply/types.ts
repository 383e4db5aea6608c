import type { Database } from 'better-sqlite3';
import type { ChangeData, ChangeKind } from '../../../shared/sync/protocol';
import type { OutboxRow } from '../state';

/** Applies one pulled change of kind K; adds the borrower, transfer, loan or item ids it touched. */
export type PulledHandler<K extends ChangeKind> = (db: Database, data: ChangeData<K>, touched: Set<string>) => void;

/** One handler per change kind: the per-entity modules each give theirs, apply.ts joins them (the type checks none is missing). */
export type PulledHandlers = { [K in ChangeKind]: PulledHandler<K> };

export type Json = Record<string, unknown>;

/** Re-applies one pending outbox row (its parsed payload) on top of the pulled state. */
export type ReplayHandler = (db: Database, payload: Json, row: OutboxRow) => void;

export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
