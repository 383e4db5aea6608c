import type { Database } from 'better-sqlite3';
import type { IdentityCountry } from '../../shared/identity/types';
import { KioskSettingSchema, type KioskSetting, type KioskSettingSource } from '../../shared/kiosk/settings';
import { all, sql } from '../db/sql';
import type { Logger } from '../log';

export interface EffectiveKioskSetting {
  setting: KioskSetting;
  source: KioskSettingSource;
  /** For a register policy: the branch or library it was set for. */
  scopeId?: string;
}

/**
 * The kiosk's settings for `branchId`: the register's access policy that carries kiosk settings (the branch's
 * own first, then its library's) wins; else the technician's settings on this terminal (`local`). A stored
 * policy that no longer parses counts as none, and is logged.
 */
export function effectiveKioskSetting(db: Database, branchId: string | undefined, local: () => KioskSetting, log?: Logger): EffectiveKioskSetting {
  if (branchId !== undefined) {
    const rows = all<{ scope_id: string; policy: string }>(
      db,
      sql`SELECT p.scope_id, p.policy FROM access_policy p
          WHERE p.scope_id = ${branchId} OR p.scope_id = (SELECT parent_id FROM library WHERE id = ${branchId})
          ORDER BY p.scope_id = ${branchId} DESC`,
    );
    for (const row of rows) {
      const kiosk = (JSON.parse(row.policy) as { kiosk?: unknown }).kiosk;
      if (kiosk === undefined) continue;
      const parsed = KioskSettingSchema.safeParse(kiosk);
      if (parsed.success) return { setting: parsed.data, source: 'register', scopeId: row.scope_id };
      log?.error({ scopeId: row.scope_id }, 'stored register kiosk settings are invalid; ignored');
    }
  }
  return { setting: local(), source: 'local' };
}

/** What the kiosk service runs on: the setting, with the country decided and the library's name for receipts. */
export interface KioskSettings extends Omit<KioskSetting, 'country'> {
  country: IdentityCountry;
  libraryName: string;
}

export function kioskRuntimeSettings(setting: KioskSetting, context: { country: IdentityCountry; libraryName: string }): KioskSettings {
  return { ...setting, country: setting.country ?? context.country, libraryName: context.libraryName };
}
