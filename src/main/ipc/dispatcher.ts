import type { z } from 'zod';
import { isInvokeChannel, type InvokeChannel } from '../../shared/ipc/channels';
import { invokeContract, type Language, type ParsedRequest, type Response } from '../../shared/ipc/contract';
import type { MessageKey } from '../../shared/i18n/resources';
import { languages } from '../../shared/vocabulary';
import type { AppError, ErrorKind, FieldIssue, Refusal, Result } from '../../shared/result';
import type { Logger } from '../log';
import type { Translator } from './translator';

/** Who is calling; hosts fill it in after they have checked the sender. */
export interface CallContext {
  host: 'electron' | 'web';
}

/** What a handler gives back: the response, or the service's refusal. A throw is a bug (or a transport failure). */
export type HandlerResult<K extends InvokeChannel> = Result<Response<K>, Refusal>;

export type Handlers = {
  [K in InvokeChannel]: (request: ParsedRequest<K>, ctx: CallContext) => Promise<HandlerResult<K>> | HandlerResult<K>;
};

/**
 * `handlers` with a precondition in front of each of `channels`: where `refusal` gives one for a call, that answers
 * instead of the handler (the technician gate, the enrolment gate: src/main/app).
 */
export function guardChannels(
  handlers: Handlers,
  channels: Iterable<InvokeChannel>,
  refusal: (channel: InvokeChannel, request: unknown) => Result<never, Refusal> | undefined,
): Handlers {
  const guarded: Partial<Record<InvokeChannel, unknown>> = {};
  for (const channel of channels) {
    const handler = handlers[channel] as (request: never, ctx: never) => unknown;
    guarded[channel] = (request: never, ctx: never) => refusal(channel, request) ?? handler(request, ctx);
  }
  return { ...handlers, ...(guarded as Partial<Handlers>) };
}

export interface Dispatcher {
  /** Never throws and never rejects: every outcome is a Result. */
  dispatch(channel: unknown, payload: unknown, ctx: CallContext): Promise<Result<unknown>>;
  /** A localized refusal, for hosts that turn a caller away before dispatching. */
  refuse(kind: ErrorKind, code: MessageKey): Result<never>;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

const internal: Refusal = { kind: 'internal', code: 'errors.internal' };

/** The language a request names for its answer (a kiosk borrower's choice), if it names one. */
function chosenLanguage(request: unknown): Language | undefined {
  if (typeof request !== 'object' || request === null || !('language' in request)) return undefined;
  const language = request.language;
  return (languages as readonly unknown[]).includes(language) ? (language as Language) : undefined;
}

export function createDispatcher(deps: {
  handlers: Handlers;
  translator: Translator;
  language: () => Language;
  log: Logger;
}): Dispatcher {
  const { handlers, translator, log } = deps;

  /**
   * The refusal as the service gave it, with its message (and its issues') localized in the terminal's language, or
   * in the language the request names (a kiosk borrower's own choice: `language` in the request).
   */
  function failure({ kind, code, params, issues }: Refusal, language: Language = deps.language()): { ok: false; error: AppError } {
    const error: AppError = { kind, code, message: translator.t(language, code, params) };
    if (params) error.params = params;
    // Shared schemas and rules give message keys; zod's own messages arrive already localized.
    if (issues) error.issues = issues.map((i) => ({ ...i, message: translator.isKey(i.message) ? translator.t(language, i.message, i.params) : i.message }));
    return { ok: false, error };
  }

  async function call<K extends InvokeChannel>(channel: K, payload: unknown, ctx: CallContext): Promise<Result<unknown>> {
    const { request, response } = invokeContract[channel];
    // A request that names its language (a kiosk borrower's choice) hears about a malformed field in it too.
    const asked = chosenLanguage(payload) ?? deps.language();
    const parsed = request.safeParse(payload, { error: translator.zodErrorMap(asked) });
    if (!parsed.success) {
      return failure({ kind: 'validation', code: 'errors.validation', issues: zodIssues(parsed.error) }, asked);
    }
    const handler = handlers[channel] as (req: unknown, ctx: CallContext) => Promise<Result<unknown, Refusal>> | Result<unknown, Refusal>;
    const result = await handler(parsed.data, ctx);
    if (!result.ok) return failure(result.error, chosenLanguage(parsed.data) ?? deps.language());
    // The response is checked too: a handler that breaks the contract is a bug we want to see, not ship.
    const checked = response.safeParse(result.value);
    if (!checked.success) {
      log.error({ channel, issues: zodIssues(checked.error) }, 'handler returned a value outside the contract');
      return failure(internal);
    }
    return { ok: true, value: checked.data };
  }

  return {
    refuse: (kind, code) => failure({ kind, code }),
    async dispatch(channel, payload, ctx) {
      if (!isInvokeChannel(channel)) {
        log.warn({ channel: String(channel).slice(0, 80) }, 'unknown channel');
        return failure({ kind: 'unknown-channel', code: 'errors.unknownChannel', params: { channel: String(channel).slice(0, 80) } });
      }
      try {
        return await call(channel, payload, ctx);
      } catch (error) {
        // Refusals are returned, so a throw is a bug or a transport failure: logged here, generic for the caller.
        log.error({ channel, err: error }, 'handler failed');
        return failure(internal);
      }
    },
  };
}
