import type { Migration } from './types';

/**
 * The library's branding as pulled from the register (issue 17, `library_branding.set`): the name its screens show,
 * its colour and its PNG logo (the bytes; the renderer gets them as a data: URL, never from the network). A cleared
 * branding is no row: the screens show the product's default look.
 */
export const m0023LibraryBranding: Migration = {
  version: 23,
  name: 'library-branding',
  up(db) {
    db.exec(`
      CREATE TABLE library_branding (
        library_id TEXT PRIMARY KEY,
        display_name TEXT CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 120),
        colour TEXT CHECK (colour IS NULL OR colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
        logo BLOB CHECK (logo IS NULL OR length(logo) <= 65536),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
