import type { Refusal, Result } from '../../src/shared/result';

type Outcome<T> = Result<T, Refusal> | Promise<Result<T, Refusal>>;

/** The value of a result the test expects to succeed; a refusal fails the test with its code. */
export function value<T>(result: Result<T, Refusal>): T {
  if (!result.ok) throw new Error(`expected a value, got the refusal ${result.error.code}`);
  return result.value;
}

/** `value` of a promised result. */
export async function valueOf<T>(result: Promise<Result<T, Refusal>>): Promise<T> {
  return value(await result);
}

/** The refusal of a result (or of a call giving one) the test expects to be refused; a value fails the test. */
export async function refusal(outcome: Outcome<unknown> | (() => Outcome<unknown>)): Promise<Refusal> {
  const result = await (typeof outcome === 'function' ? outcome() : outcome);
  if (result.ok) throw new Error('expected a refusal, got a value');
  return result.error;
}

/** A service's methods with their results unwrapped: `Result<T>` → T, `Promise<Result<T>>` → `Promise<T>`. */
export type Unwrapped<S> = {
  [K in keyof S]: S[K] extends (...args: infer A) => Promise<Result<infer T, Refusal>>
    ? (...args: A) => Promise<T>
    : S[K] extends (...args: infer A) => Result<infer T, Refusal>
      ? (...args: A) => T
      : S[K];
};

const isResult = (x: unknown): x is Result<unknown, Refusal> => typeof x === 'object' && x !== null && 'ok' in x && ('value' in x || 'error' in x);

/**
 * The service as a test drives it when it expects success: each call's value, or the test fails naming
 * the refusal. (Tests of a refusal call the service itself and read it with `refusal`.)
 */
export function unwrapped<S extends object>(service: S): Unwrapped<S> {
  return new Proxy(service, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const out: unknown = (member as (...a: unknown[]) => unknown).apply(target, args);
        if (out instanceof Promise) return out.then((r: unknown) => (isResult(r) ? value(r) : r));
        return isResult(out) ? value(out) : out;
      };
    },
  }) as Unwrapped<S>;
}
