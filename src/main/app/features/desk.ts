import type { deskChannels } from '../../../shared/ipc/features/desk.channels';
import type { StaffSession } from '../../../shared/ipc/contract';
import type { DeskService } from '../../desk/service';
import type { AppEvents } from '../events';
import type { FeatureHandlers } from './types';

export function deskHandlers(deps: {
  desk: DeskService;
  events: AppEvents;
  /** Sign-in with the account's attempt limit (sign-in-limits.ts). */
  login: (email: string, password: string) => Promise<StaffSession>;
}): FeatureHandlers<(typeof deskChannels)[number]> {
  const { desk, events } = deps;
  return {
    'desk.login': async ({ email, password }) => {
      const session = await deps.login(email, password);
      events.emit('desk.sessionChanged', session);
      return session;
    },
    'desk.logout': () => {
      desk.logout();
      events.emit('desk.sessionChanged', null);
      return null;
    },
    'desk.session': () => desk.current() ?? null,
    'desk.startPage': () => desk.startPage(),
    'desk.options': () => desk.options(),
    'desk.checkIdentity': ({ identityNumber }) => desk.checkIdentity(identityNumber),
    'desk.register': (fields) => desk.register(fields),
    'desk.moveHere': ({ borrowerId, consent, newEmail }) => desk.moveHere(borrowerId, consent, newEmail || undefined),
    'desk.search': ({ query, limit }) => desk.search(query, limit),
    'desk.get': ({ id }) => desk.get(id),
    'desk.findByCard': ({ cardNumber }) => desk.findByCard(cardNumber),
    'desk.update': (change) => desk.update(change),
    'desk.setPassword': async ({ id, password }) => {
      await desk.setPassword(id, password);
      return null;
    },
    'desk.setPin': async ({ id, pin }) => {
      await desk.setPin(id, pin);
      return null;
    },
    'desk.delete': ({ id }) => {
      desk.delete(id);
      return null;
    },
    'desk.addCard': ({ borrowerId, cardNumber }) => desk.addCard(borrowerId, cardNumber),
    'desk.removeCard': ({ borrowerId, cardNumber }) => desk.removeCard(borrowerId, cardNumber),
    'desk.searchLibraries': ({ query }) => desk.searchLibraries(query),
    'desk.requestTransfer': ({ borrowerId, toLibraryId }) => desk.requestTransfer(borrowerId, toLibraryId),
    'desk.decideTransfer': ({ requestId, accept }) => {
      desk.decideTransfer(requestId, accept);
      return null;
    },
    'desk.auditLog': (filter) => desk.auditLog(filter),
    'desk.exportBorrower': ({ id, language }) => desk.exportBorrower(id, language),
    'desk.setDoorConsent': ({ id, consent }) => desk.setDoorConsent(id, consent),
    'desk.doorAlarms': () => desk.doorAlarms(),
    'desk.acknowledgeDoorAlarm': ({ id }) => desk.acknowledgeDoorAlarm(id),
  };
}
