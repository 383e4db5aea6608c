import type { RegisterMigration } from './types';

/**
 * A library's branding (issue 17): the name its screens show, its colour and its PNG logo, one row per library
 * (branches show their library's). The values are checked by src/shared/branding/library-branding.ts before they
 * get here; the CHECKs keep the table honest about the basics even so.
 */
export const m0021LibraryBranding: RegisterMigration = {
  version: 21,
  name: 'library-branding',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE library_branding (
        library_id text PRIMARY KEY REFERENCES library (id) ON DELETE CASCADE,
        display_name text CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 120),
        colour text CHECK (colour IS NULL OR colour ~ '^#[0-9a-f]{6}$'),
        logo bytea CHECK (logo IS NULL OR octet_length(logo) <= 65536),
        logo_mime text CHECK ((logo IS NULL AND logo_mime IS NULL) OR (logo IS NOT NULL AND logo_mime = 'image/png')),
        updated_at text NOT NULL,
        updated_by text NOT NULL
      );
    `);
  },
};
