import { afterAll, beforeAll } from 'vitest';
import { startRegister, type TestRegister } from './register-fixture';

/** A register for the describe block: started before its tests, stopped after them. Call the result inside a test. */
export function useRegister(options: Parameters<typeof startRegister>[0]): () => TestRegister {
  let register: TestRegister | undefined;
  beforeAll(async () => {
    register = await startRegister(options);
  }, 60_000);
  afterAll(() => register?.stop());
  return () => register!;
}
