import type { MessageKey } from '../i18n/resources';

/**
 * Why a terminal refused its connection to the register (src/main/sync/tls.ts): it trusts one configured CA only
 * (LANEDISK_REGISTER_CA). The technician screen says which, in words, never the TLS library's own text.
 */
export const tlsProblems = ['untrusted', 'wrong-host', 'expired', 'plain-http', 'not-tls', 'failed'] as const;
export type TlsProblem = (typeof tlsProblems)[number];

export const tlsProblemMessageKeys = {
  untrusted: 'sync.tls.untrusted',
  'wrong-host': 'sync.tls.wrongHost',
  expired: 'sync.tls.expired',
  'plain-http': 'sync.tls.plainHttp',
  'not-tls': 'sync.tls.notTls',
  failed: 'sync.tls.failed',
} as const satisfies Record<TlsProblem, MessageKey>;
