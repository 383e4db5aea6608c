import type { deskChannels } from '../../../shared/ipc/features/desk.channels';
import type { Language, StaffSession } from '../../../shared/ipc/contract';
import { ok, type Refusal, type Result } from '../../../shared/result';
import type { AttemptGuard } from '../../desk/own-account';
import type { DeskService } from '../../desk/service';
import type { AppEvents } from '../events';
import type { FeatureHandlers } from './types';

/** A use case that answers nothing: null on the wire. */
const done = (result: Result<void, Refusal>): Result<null, Refusal> => (result.ok ? ok(null) : result);

export function deskHandlers(deps: {
  desk: DeskService;
  events: AppEvents;
  /** Sign-in with the account's attempt limit (sign-in-limits.ts). */
  login: (email: string, password: string) => Promise<Result<StaffSession, Refusal>>;
  /** The sign-in back-off for the staff member's own current password (sign-in-limits.ts). */
  ownAccountGuard?: (s: StaffSession) => AttemptGuard;
  /** Sets the language the desk's screen shows, which refusals then use (services.ts). */
  setDisplayLanguage?: (language: Language) => void;
}): FeatureHandlers<(typeof deskChannels)[number]> {
  const { desk, events } = deps;
  return {
    'desk.login': async ({ email, password }) => {
      const session = await deps.login(email, password);
      if (session.ok) events.emit('desk.sessionChanged', session.value);
      return session;
    },
    'desk.logout': () => {
      desk.logout();
      events.emit('desk.sessionChanged', null);
      return ok(null);
    },
    'desk.session': () => ok(desk.current() ?? null),
    'desk.startPage': () => desk.startPage(),
    'desk.options': () => desk.options(),
    'desk.checkIdentity': ({ identityNumber }) => desk.checkIdentity(identityNumber),
    'desk.register': (fields) => desk.register(fields),
    'desk.moveHere': ({ borrowerId, consent, newEmail }) => desk.moveHere(borrowerId, consent, newEmail || undefined),
    'desk.search': ({ query, limit }) => desk.search(query, limit),
    'desk.listBorrowers': (query) => desk.listBorrowers(query),
    'desk.get': ({ id }) => desk.get(id),
    'desk.findByCard': ({ cardNumber }) => desk.findByCard(cardNumber),
    'desk.update': (change) => desk.update(change),
    'desk.generateAltNumber': () => desk.generateAltNumber(),
    'desk.setPassword': async ({ id, password }) => done(await desk.setPassword(id, password)),
    'desk.setPin': async ({ id, pin }) => done(await desk.setPin(id, pin)),
    'desk.delete': ({ id }) => done(desk.delete(id)),
    'desk.setRestriction': ({ id, restricted, reason }) => desk.setRestriction(id, restricted, reason),
    'desk.addCard': ({ borrowerId, cardNumber }) => desk.addCard(borrowerId, cardNumber),
    'desk.removeCard': ({ borrowerId, cardNumber }) => desk.removeCard(borrowerId, cardNumber),
    'desk.searchLibraries': ({ query }) => desk.searchLibraries(query),
    'desk.requestTransfer': ({ borrowerId, toLibraryId }) => desk.requestTransfer(borrowerId, toLibraryId),
    'desk.displayLanguage': ({ language }) => {
      deps.setDisplayLanguage?.(language);
      return ok(null);
    },
    'desk.changeOwnAccount': (change) => {
      const s = desk.current();
      return desk.changeOwnAccount(change, s && deps.ownAccountGuard ? deps.ownAccountGuard(s) : undefined);
    },
    'desk.withdrawTransfer': ({ requestId }) => desk.withdrawTransfer(requestId),
    'desk.decideTransfer': ({ requestId, accept, email }) => done(desk.decideTransfer(requestId, accept, email)),
    'desk.auditLog': (filter) => desk.auditLog(filter),
    'desk.exportBorrower': ({ id, language }) => desk.exportBorrower(id, language),
    'desk.setDoorConsent': ({ id, consent }) => desk.setDoorConsent(id, consent),
    'desk.setDoorOptIn': ({ id, optIn }) => desk.setDoorOptIn(id, optIn),
    'desk.doorAlarms': () => desk.doorAlarms(),
    'desk.acknowledgeDoorAlarm': ({ id }) => desk.acknowledgeDoorAlarm(id),
    'desk.setDoorOverride': (request) => desk.setDoorOverride(request),
  };
}
