import type { InvokeChannel } from '../../../shared/ipc/channels';
import type { Handlers } from '../../ipc/dispatcher';

/** The handlers one feature contributes; services.ts merges them into the full Handlers map. */
export type FeatureHandlers<C extends InvokeChannel> = Pick<Handlers, C>;
