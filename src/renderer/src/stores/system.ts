import { bridge } from '../bridge';
import { createResourceStore } from './async-resource';

export const useSystemStatus = createResourceStore(() => bridge.invoke('system.status', {}));
