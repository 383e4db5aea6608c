import type { Credential } from '../../shared/cards/types';
import type { DoorAccessService } from './access-service';

/**
 * The door rules as the hardware service's Authorizer (src/main/hardware/service.ts: `authorize`), for a
 * terminal whose door readers all belong to one branch. Structural, so it does not import the hardware layer.
 * A PIN cannot come through this seam: with a PIN policy the answer is 'pin-required', and the door screen
 * must ask for the PIN and call service.decide(branchId, credential, pin) itself.
 */
export function doorAuthorizer(service: DoorAccessService, branchId: string): (credential: Credential) => Promise<{ allow: true } | { allow: false; reason: string }> {
  return async (credential) => {
    const decision = await service.decide(branchId, credential);
    return decision.admit ? { allow: true } : { allow: false, reason: decision.reason };
  };
}
