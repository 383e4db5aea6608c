import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { verifyPassword } from '../../../src/common/passwords';
import { get, sql } from '../../../src/main/db/sql';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';
import { startSmtpCatcher } from '../../helpers/smtp-catcher';
import { valueOf } from '../../helpers/result';

let services: AppServices | undefined;
let stopCatcher: (() => Promise<void>) | undefined;
afterEach(async () => {
  services?.close();
  await stopCatcher?.();
});

describe('desk mail over SMTP', () => {
  it('mails the generated password to the new borrower through the configured SMTP server, then forgets it', async () => {
    const catcher = await startSmtpCatcher();
    stopCatcher = () => catcher.close();
    services = testServices({ env: catcher.env('Malmö stadsbibliotek <noreply@malmo.example>') });
    await signIn(services);
    const borrower = await valueOf(services.desk.register(RegistrationInputSchema.parse(adult({ email: 'ny.lantagare@example.se' }))));

    expect(await services.mailSender.drainOnce()).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = await catcher.waitForMessages(1);
    expect(mail?.to).toContain('ny.lantagare@example.se');
    const password = /\b([A-Za-z2-9]{12})\b/.exec(mail?.text ?? '')?.[1];
    expect(password).toBeDefined();
    const stored = get<{ password_hash: string }>(services.db, sql`SELECT password_hash FROM borrower WHERE id = ${borrower.id}`)!;
    expect(await verifyPassword(password!, stored.password_hash)).toBe(true);
    // After sending, the outbox no longer holds the password.
    const row = get<{ body: string | null; params: string | null }>(services.db, sql`SELECT body, params FROM mail_outbox`);
    expect(row).toEqual({ body: null, params: null });
  });
});
