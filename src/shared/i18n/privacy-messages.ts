import { defineMessages } from './define';

/** Encryption at rest of the terminal database: why the terminal refuses to hold personal data, and what to do. */
export const privacyMessages = defineMessages({
  en: {
    'privacy.refused.title': 'Personal data is switched off on this terminal',
    'privacy.refused.insecureKeyStore':
      'There is no secure place for the database key ({{store}}). Desk, self-service, door and sync stay off until one exists: unlock or install a keyring (GNOME Keyring or KWallet) for this user, or provision a machine-bound key (systemd credential lanedisk-db-key), then restart.',
    'privacy.refused.keyUnreadable':
      'The database key could not be read ({{store}}). It may be damaged, or belong to another user or machine. No new key was made, so nothing is overwritten. Restore the key file, or remove the key file and the database to start empty and sync again (changes not yet sent are lost).',
    'privacy.refused.cipherUnavailable':
      'This installation has no encrypting SQLite module, so the database cannot be protected. Reinstall the app (or run "npm run build:native-electron").',
    'privacy.refused.wrongKey':
      'The local database cannot be opened with this terminal’s key (wrong key, or a damaged file). Restore the matching key, or remove the database to start empty and sync again.',
    'privacy.refused.keyRequired': 'The local database is encrypted, but no key was given to open it.',
    'privacy.refused.plaintextFile': 'The local database is not encrypted and was not converted. Restart to encrypt it.',
    'privacy.refused.badKey': 'The database key has the wrong length (32 bytes are needed).',
    'privacy.refused.unavailable': 'Not available: this terminal holds no personal data until its database key is secure (see the technician screen).',
  },
  sv: {
    'privacy.refused.title': 'Personuppgifter är avstängda på den här terminalen',
    'privacy.refused.insecureKeyStore':
      'Det finns ingen säker plats för databasnyckeln ({{store}}). Disk, självbetjäning, dörr och synkronisering är avstängda tills en finns: lås upp eller installera en nyckelring (GNOME Keyring eller KWallet) för användaren, eller lägg in en maskinbunden nyckel (systemd-credential lanedisk-db-key), och starta om.',
    'privacy.refused.keyUnreadable':
      'Databasnyckeln kunde inte läsas ({{store}}). Den kan vara skadad eller tillhöra en annan användare eller dator. Ingen ny nyckel skapades, så inget skrivs över. Återställ nyckelfilen, eller ta bort nyckelfilen och databasen för att börja tomt och synkronisera igen (ändringar som inte skickats går förlorade).',
    'privacy.refused.cipherUnavailable':
      'Installationen saknar en krypterande SQLite-modul, så databasen kan inte skyddas. Installera om appen (eller kör "npm run build:native-electron").',
    'privacy.refused.wrongKey':
      'Den lokala databasen kan inte öppnas med terminalens nyckel (fel nyckel eller skadad fil). Återställ rätt nyckel, eller ta bort databasen för att börja tomt och synkronisera igen.',
    'privacy.refused.keyRequired': 'Den lokala databasen är krypterad, men ingen nyckel angavs för att öppna den.',
    'privacy.refused.plaintextFile': 'Den lokala databasen är inte krypterad och konverterades inte. Starta om för att kryptera den.',
    'privacy.refused.badKey': 'Databasnyckeln har fel längd (32 byte behövs).',
    'privacy.refused.unavailable': 'Inte tillgängligt: terminalen har inga personuppgifter förrän databasnyckeln är säker (se teknikervyn).',
  },
  da: {
    'privacy.refused.title': 'Personoplysninger er slået fra på denne terminal',
    'privacy.refused.insecureKeyStore':
      'Der er intet sikkert sted til databasenøglen ({{store}}). Skranke, selvbetjening, dør og synkronisering er slået fra, indtil der er et: lås op for eller installer en nøglering (GNOME Keyring eller KWallet) for brugeren, eller læg en maskinbundet nøgle ind (systemd-credential lanedisk-db-key), og genstart.',
    'privacy.refused.keyUnreadable':
      'Databasenøglen kunne ikke læses ({{store}}). Den kan være beskadiget eller tilhøre en anden bruger eller maskine. Der blev ikke lavet en ny nøgle, så intet overskrives. Gendan nøglefilen, eller fjern nøglefilen og databasen for at starte tomt og synkronisere igen (ændringer, der ikke er sendt, går tabt).',
    'privacy.refused.cipherUnavailable':
      'Installationen mangler et krypterende SQLite-modul, så databasen kan ikke beskyttes. Geninstaller appen (eller kør "npm run build:native-electron").',
    'privacy.refused.wrongKey':
      'Den lokale database kan ikke åbnes med terminalens nøgle (forkert nøgle eller beskadiget fil). Gendan den rigtige nøgle, eller fjern databasen for at starte tomt og synkronisere igen.',
    'privacy.refused.keyRequired': 'Den lokale database er krypteret, men der blev ikke givet en nøgle til at åbne den.',
    'privacy.refused.plaintextFile': 'Den lokale database er ikke krypteret og blev ikke konverteret. Genstart for at kryptere den.',
    'privacy.refused.badKey': 'Databasenøglen har forkert længde (der skal bruges 32 byte).',
    'privacy.refused.unavailable': 'Ikke tilgængeligt: terminalen har ingen personoplysninger, før databasenøglen er sikker (se teknikervisningen).',
  },
});
