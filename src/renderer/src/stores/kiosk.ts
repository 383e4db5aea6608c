import { create } from 'zustand';
import type { CirculationOutcome, KioskSession, Response } from '../../../shared/ipc/contract';
import { bridge } from '../bridge';

export type KioskStep = 'welcome' | 'return-only' | 'account' | 'receipt' | 'goodbye';
/** What the kiosk's settings let the page offer (the register's policy or the technician's settings). */
export type KioskPageSettings = Response<'kiosk.settings'>;
/** Until main has said: everything offered, the borrower chooses the receipt, 90 s idle. */
export const fallbackKioskSettings: KioskPageSettings = {
  operations: { borrow: true, return: true, renew: true },
  receipt: 'ask',
  pinPolicy: 'required',
  idleWarningSeconds: 20,
  idleSignOutSeconds: 90,
};
/** A refusal as main gave it: its key and params, so it can follow the borrower's language when they change it. */
export interface RefusalWords {
  code: string;
  params?: Record<string, unknown>;
}

interface KioskState {
  session: KioskSession | null;
  step: KioskStep;
  /** Why the last card or PIN was refused, in plain words (role=alert). */
  refusal: string | undefined;
  /** The refusal's key and params, when main gave them (the screen says it in the page's language). */
  refusalWords: RefusalWords | undefined;
  settings: KioskPageSettings;
  /** The last door decision at this terminal's door reader, shown for a few seconds. */
  door: { admitted: boolean; message: string; pinRequired: boolean } | undefined;
  /** The closing announcement just made (issue 14), shown and spoken on door and kiosk screens for a minute. */
  announcement: { text: string; language: string; minutesBefore: number } | undefined;
  /** What was done in this visit, newest first (aria-live). */
  outcomes: CirculationOutcome[];
  load: () => Promise<void>;
  /** The kiosk's settings now in force (asked again before each visit, so a change applies to the next borrower). */
  loadSettings: () => Promise<void>;
  setStep: (step: KioskStep) => void;
  setRefusal: (message: string | undefined, words?: RefusalWords) => void;
  addOutcome: (outcome: CirculationOutcome) => void;
  /** Back to the welcome screen with nothing of the last borrower left. */
  reset: () => void;
}

/** How long a refusal (a lockout, an unknown card) stays up: long enough to read, gone before the next person. */
export const refusalShownMs = 20_000;

export const useKioskStore = create<KioskState>()((set) => {
  let refusalTimer: ReturnType<typeof setTimeout> | undefined;
  const showRefusal = (refusal: string | undefined, refusalWords?: RefusalWords) => {
    clearTimeout(refusalTimer);
    set({ refusal, refusalWords: refusal ? refusalWords : undefined });
    if (refusal) refusalTimer = setTimeout(() => set({ refusal: undefined, refusalWords: undefined }), refusalShownMs);
  };
  bridge.subscribe('kiosk.sessionChanged', (session) =>
    set((state) => ({
      session,
      // A card read at the reader starts a session without the page asking.
      step: session ? (state.step === 'welcome' || state.step === 'return-only' ? 'account' : state.step) : state.step === 'receipt' || state.step === 'goodbye' ? state.step : 'welcome',
      refusal: session ? undefined : state.refusal,
      refusalWords: session ? undefined : state.refusalWords,
    })),
  );
  bridge.subscribe('kiosk.refused', ({ message }) => showRefusal(message));
  let doorTimer: ReturnType<typeof setTimeout> | undefined;
  bridge.subscribe('kiosk.door', (door) => {
    clearTimeout(doorTimer);
    set({ door });
    // Long enough to type a PIN when the door asks for one.
    doorTimer = setTimeout(() => set({ door: undefined }), door.pinRequired ? 60_000 : 8000);
  });
  let announcementTimer: ReturnType<typeof setTimeout> | undefined;
  bridge.subscribe('kiosk.announcement', (announcement) => {
    clearTimeout(announcementTimer);
    set({ announcement });
    announcementTimer = setTimeout(() => set({ announcement: undefined }), 60_000);
  });
  return {
    session: null,
    step: 'welcome',
    refusal: undefined,
    refusalWords: undefined,
    settings: fallbackKioskSettings,
    door: undefined,
    announcement: undefined,
    outcomes: [],
    async loadSettings() {
      const result = await bridge.invoke('kiosk.settings', {});
      if (result.ok) set({ settings: result.value });
    },
    async load() {
      const result = await bridge.invoke('kiosk.session', {});
      if (result.ok) set({ session: result.value, step: result.value ? 'account' : 'welcome' });
    },
    setStep: (step) => set({ step }),
    setRefusal: showRefusal,
    addOutcome: (outcome) => set((state) => ({ outcomes: [outcome, ...state.outcomes].slice(0, 20) })),
    reset: () => set({ session: null, step: 'welcome', refusal: undefined, refusalWords: undefined, outcomes: [] }),
  };
});
