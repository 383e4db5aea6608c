import { bridge } from '../bridge';
import { createResourceStore } from './async-resource';

export const useSerialPorts = createResourceStore(() => bridge.invoke('hardware.listSerialPorts', {}));
