import type { AppServiceDeps, AppServices } from '../../../src/main/app/services';
import { SyncClient, type SyncClientDeps } from '../../../src/main/sync/client';
import { MemoryCredentialStore, type CredentialStore } from '../../../src/main/sync/credential-store';
import type { BorrowerDetail } from '../../../src/shared/ipc/contract';
import { RegistrationInputSchema, type RegistrationInput } from '../../../src/shared/desk/registration';
import { demoAccounts, demoStaff } from '../../../src/main/desk/demo-seed';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';
import { borrowerFields, type TestRegister } from '../../helpers/register-fixture';
import type { Database } from 'better-sqlite3';
import { withOutbox } from '../../../src/main/db/outbox';
import { run, sql } from '../../../src/main/db/sql';
import { borrowerColumns } from '../../../src/shared/sync/protocol';
import { valueOf } from '../../helpers/result';

export function quickRegistrations(db: Database, n: number): string[] {
  const ids: string[] = [];
  const columns = borrowerColumns.map((c) => sql.identifier(c));
  for (let i = 0; i < n; i++) {
    const fields = borrowerFields();
    withOutbox(db, () => new Date(), () => {
      run(db, sql`INSERT INTO borrower (${sql.join(columns)}) VALUES (${sql.join(borrowerColumns.map((c) => fields[c]))})`);
      return { result: undefined, outbox: [{ kind: 'borrower.create', payload: { id: fields.id, fields, groups: [], cards: [] } }] };
    });
    ids.push(fields.id);
  }
  return ids;
}

/** The network between a terminal and the register, under the test's control. */
export interface FakeNetwork {
  offline: boolean;
  /** When it returns true for a request, the request reaches the register but the answer is lost. */
  dropResponse: ((url: URL, method: string) => boolean) | undefined;
  requests: { url: string; method: string }[];
  /** While set, requests wait for it before they go out. */
  hold?: Promise<void>;
}

export function controlledFetch(net: FakeNetwork): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    net.requests.push({ url: url.pathname, method });
    if (net.hold) await net.hold;
    if (net.offline) throw new TypeError('fetch failed (network down)');
    const response = await fetch(input, init);
    if (net.dropResponse?.(url, method)) {
      net.dropResponse = undefined;
      await response.arrayBuffer();
      throw new TypeError('fetch failed (connection reset after the request was sent)');
    }
    return response;
  };
}

/** A desk terminal: the real app services on their own SQLite database, signed in, with a SyncClient. */
export interface SyncTerminal {
  services: AppServices;
  client: SyncClient;
  store: CredentialStore;
  net: FakeNetwork;
  register(input: RegistrationInput): Promise<BorrowerDetail>;
  /** n registrations written the way the desk writes them (row + outbox entry per transaction), without the slow password hash. */
  registerQuickly(n: number): string[];
  close(): Promise<void>;
}

export async function syncTerminal(
  register: Pick<TestRegister, 'url' | 'enrolmentCode'>,
  options: {
    dataDir?: string;
    name?: string;
    account?: keyof typeof demoAccounts;
    enrol?: boolean;
    client?: Partial<SyncClientDeps>;
    /** The mode of the enrolment code (default desk). */
    mode?: 'desk' | 'kiosk' | 'door' | 'technician';
    /** More app-service settings (clock, kiosk settings…). */
    services?: Partial<AppServiceDeps>;
  } = {},
): Promise<SyncTerminal> {
  const services = testServices({ ...options.services, dataDir: options.dataDir ?? ':memory:' });
  // Reference data only: demo borrowers would be local rows the register never hears of.
  await services.seedDemo({ borrowers: false });
  const { email, password } = demoAccounts[options.account ?? 'registrar'];
  await valueOf(services.desk.login(email, password));
  // Enrolled for the signed-in account's library: the register takes borrower changes only for the terminal's own library.
  const library = demoStaff.find(([, , staffEmail]) => staffEmail === email)?.[1];
  const net: FakeNetwork = { offline: false, dropResponse: undefined, requests: [] };
  const store = new MemoryCredentialStore();
  const client = new SyncClient({
    db: services.db,
    baseUrl: register.url,
    fetch: controlledFetch(net),
    log: silentLogger,
    credentialStore: store,
    timeoutMs: 10_000,
    // Kiosks and doors keep the register's keyed-hash feed where the app keeps it (the kiosk's visitor index).
    doorFeed: { keys: services.doorFeedKeys, enabled: () => options.mode === 'kiosk' || options.mode === 'door' },
    ...options.client,
  });
  if (options.enrol !== false) {
    const scope = library === undefined ? undefined : { libraryId: library, branchId: library };
    await client.enrol(await register.enrolmentCode(options.mode ?? 'desk', scope), { terminalName: options.name ?? 'Desk' });
  }
  return {
    services,
    client,
    store,
    net,
    register: (input) => valueOf(services.desk.register(RegistrationInputSchema.parse(input))),
    registerQuickly: (n) => quickRegistrations(services.db, n),
    async close() {
      await client.stop();
      await services.shutdown();
    },
  };
}
