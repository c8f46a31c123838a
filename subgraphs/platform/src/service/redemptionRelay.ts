/**
 * The exchange's relay to policies: a redemption step a department's system pushed (`reportRedemptionStep`) is handed
 * to the policies subgraph through the gateway (`relayRedemptionStep`), signed as the platform's relay client, with the
 * registered client it came from. Policies applies it once per event id, in order per application, and answers with
 * the same coded errors and reasons as the exchange's own; those pass through unchanged. A gateway or subgraph that
 * does not answer is SERVICE_UNAVAILABLE (reason `EXCHANGE_UNAVAILABLE`): the sender pushes again, and a step that was
 * applied meanwhile is answered DUPLICATE.
 *
 * Configuration (environment, read on each push): `EXCHANGE_GRAPH_URL` (default the local gateway,
 * `http://127.0.0.1:$PORT/graphql`), `EXCHANGE_RELAY_TOKEN` (a `system` token of the relay client of 大数据局, city-wide,
 * issued by the identity provider; without it one is signed with `JWT_SECRET`, as in development) and
 * `EXCHANGE_RELAY_CLIENT` (its client id, default `platform-exchange`; policies admits this id only).
 */
import { CITY_CODE, CodedError, signDevToken, type ErrorCode } from '@qq/kit';

export interface RelayClient {
  clientId: string;
  departmentCode: string;
  countyCode: string;
}

export interface RelayAnswer {
  eventId: string;
  result: 'APPLIED' | 'DUPLICATE' | 'STALE';
  applicationId: string;
}

export interface RedemptionRelay {
  relay(client: RelayClient, input: Record<string, unknown>): Promise<RelayAnswer>;
}

export interface GraphRelayOptions {
  /** The gateway's GraphQL endpoint. */
  url: () => string;
  /** The relay client's bearer token. */
  token: () => Promise<string>;
  fetch?: typeof fetch;
}

const RELAY = `mutation RelayRedemptionStep($client: RelayedExchangeClient!, $input: RelayedRedemptionStep!) {
  relayRedemptionStep(client: $client, input: $input) { eventId result application { id } } }`;

/** Codes of the sender's own doing, passed through to it with their reason and field. */
const PASSED: readonly string[] = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'];

function unavailable(detail: string): CodedError {
  console.error(`[exchange] redemption relay: ${detail}`);
  return new CodedError(
    'SERVICE_UNAVAILABLE',
    'Redemption steps cannot be relayed now; push the step again later (政策兑现暂不可用，请稍后重试).',
    { reason: 'EXCHANGE_UNAVAILABLE' },
  );
}

interface RelayResponse {
  data?: { relayRedemptionStep?: { eventId: string; result: RelayAnswer['result']; application: { id: string } } };
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export function graphRedemptionRelay(options: GraphRelayOptions): RedemptionRelay {
  const doFetch = options.fetch ?? fetch;
  return {
    async relay(client, input) {
      let body: RelayResponse;
      try {
        const res = await doFetch(options.url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
          body: JSON.stringify({ query: RELAY, variables: { client, input } }),
        });
        body = (await res.json()) as RelayResponse;
      } catch (error) {
        throw unavailable((error as Error).message);
      }
      const answer = body.data?.relayRedemptionStep;
      if (answer) return { eventId: answer.eventId, result: answer.result, applicationId: answer.application.id };
      const error = body.errors?.[0];
      const ext = error?.extensions ?? {};
      const code = String(ext.code ?? '');
      // The relay's own credentials refused: the platform's configuration, not the sender's doing.
      if (!error || !PASSED.includes(code) || ext.reason === 'EXCHANGE_RELAY_ONLY') {
        throw unavailable(error ? `${code}: ${error.message}` : 'no answer');
      }
      const extra: Record<string, unknown> = {};
      for (const key of ['reason', 'field', 'status', 'action']) if (ext[key] !== undefined) extra[key] = ext[key];
      throw new CodedError(code as ErrorCode, error.message, extra);
    },
  };
}

/** The relay as the running platform configures it (see the module comment). */
export function redemptionRelayFromEnv(env: NodeJS.ProcessEnv = process.env): RedemptionRelay {
  return graphRedemptionRelay({
    url: () => env.EXCHANGE_GRAPH_URL ?? `http://127.0.0.1:${env.PORT ?? 4000}/graphql`,
    token: () =>
      env.EXCHANGE_RELAY_TOKEN
        ? Promise.resolve(env.EXCHANGE_RELAY_TOKEN)
        : signDevToken({
            sub: env.EXCHANGE_RELAY_CLIENT ?? 'platform-exchange',
            role: 'system',
            dept: 'bigdata',
            county: CITY_CODE,
          }),
  });
}
