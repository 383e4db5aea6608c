import { run, sql } from '../../db/sql';
import type { PulledHandlers } from './types';

/**
 * `library_branding.set`: the library's name, colour and logo (issue 17), checked again by the shared schema before
 * this runs. All null: cleared, the screens go back to the default look. The register sends only this terminal's
 * library's; the screens read only the enrolled library's row (app/brand.ts) even so.
 */
export const brandingChanges = {
  'library_branding.set': (db, b) => {
    if (b.display_name === null && b.colour === null && b.logo === null) {
      run(db, sql`DELETE FROM library_branding WHERE library_id = ${b.library_id}`);
      return;
    }
    const logo = b.logo ? Buffer.from(b.logo.base64, 'base64') : null;
    run(
      db,
      sql`INSERT INTO library_branding (library_id, display_name, colour, logo, updated_at) VALUES (${b.library_id}, ${b.display_name}, ${b.colour}, ${logo}, ${b.updated_at})
          ON CONFLICT (library_id) DO UPDATE SET display_name = excluded.display_name, colour = excluded.colour, logo = excluded.logo, updated_at = excluded.updated_at`,
    );
  },
} satisfies Partial<PulledHandlers>;
