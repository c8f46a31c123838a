/**
 * Raising a visit's problem as a complaints matter (问题转诉求) through the graph: `submitMatter` of the complaints
 * subgraph, called at the gateway as 万人助万企办's `system` client with the enterprise's credit code and source VISIT.
 * Never a write to complaints' tables.
 *
 * Configuration (environment, `graphMatterGatewayFromEnv`): `MATTERS_GRAPH_URL` (default `FACTS_GRAPH_URL`, else the
 * local gateway `http://127.0.0.1:$PORT/graphql`), `MATTERS_GRAPH_TOKEN` (default `FACTS_GRAPH_TOKEN`: a token of a
 * `system` client of `wrzwq` issued by the identity provider; without either, one is signed with `JWT_SECRET` per
 * county, as in development). Tests replace it with `setMatterGateway`.
 */
import { BadUserInputError, CodedError, signDevToken } from '@qq/kit';

/** What is submitted for the enterprise. */
export interface MatterSubmission {
  kind: string;
  category: string;
  title: string;
  content: string;
  contactName: string;
  contactPhone: string;
  enterpriseCreditCode: string;
  /** The enterprise's county-level unit: whose 发改委 handles it first. */
  countyCode: string;
  /** The problem's id (complaints keeps it as the raiser's reference). */
  sourceReference: string;
}

/** The matter complaints created. */
export interface RaisedMatter {
  id: string;
  referenceNo: string;
  status: string;
}

export interface MatterGateway {
  submit(matter: MatterSubmission): Promise<RaisedMatter>;
}

const SUBMIT = `mutation RaiseProblemFromVisit($input: SubmitMatterInput!) {
  submitMatter(input: $input) { id referenceNo status } }`;

/** Fields of our input that complaints' input names alike: its refusals are passed on naming ours. */
const PASSED_ON = ['kind', 'category', 'title', 'contactName', 'contactPhone'];

interface GraphError {
  message: string;
  extensions?: { code?: string; field?: string };
}

export interface GraphMatterGatewayOptions {
  url: string;
  /** The bearer token of 万人助万企办's system, acting for a county. */
  token: (countyCode: string) => Promise<string>;
  fetch?: typeof fetch;
}

function unavailable(reason: string): CodedError {
  return new CodedError(
    'SERVICE_UNAVAILABLE',
    `The complaints service could not take the matter; nothing was recorded, try again (诉求提交失败): ${reason}`,
    { service: 'complaints' },
  );
}

export function graphMatterGateway(options: GraphMatterGatewayOptions): MatterGateway {
  const doFetch = options.fetch ?? fetch;
  return {
    async submit(m) {
      const input = {
        kind: m.kind,
        category: m.category,
        title: m.title,
        content: m.content,
        contactName: m.contactName,
        contactPhone: m.contactPhone,
        enterpriseCreditCode: m.enterpriseCreditCode,
        countyCode: m.countyCode,
        source: 'VISIT',
        sourceReference: m.sourceReference,
      };
      let body: { data?: { submitMatter?: RaisedMatter | null } | null; errors?: GraphError[] };
      try {
        const res = await doFetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await options.token(m.countyCode)}`,
          },
          body: JSON.stringify({ query: SUBMIT, variables: { input } }),
        });
        body = (await res.json()) as typeof body;
      } catch (e) {
        throw unavailable(e instanceof Error ? e.message : String(e));
      }
      const matter = body.data?.submitMatter;
      if (matter) return matter;
      const error = body.errors?.[0];
      if (error?.extensions?.code === 'BAD_USER_INPUT') {
        // Complaints' own field (`input.contactPhone`), or a variable graphql-js refused (`… at "input.kind"`).
        const named = error.extensions.field ?? /"(input\.[A-Za-z]+)"/.exec(error.message)?.[1] ?? '';
        const field = named.replace(/^input\./, '');
        if (PASSED_ON.includes(field)) throw new BadUserInputError(`input.${field}`, error.message);
      }
      throw unavailable(error?.message ?? 'no answer');
    },
  };
}

/** The gateway as the running platform configures it (see the module's comment). */
export function graphMatterGatewayFromEnv(env: NodeJS.ProcessEnv = process.env): MatterGateway {
  const url = env.MATTERS_GRAPH_URL ?? env.FACTS_GRAPH_URL ?? `http://127.0.0.1:${env.PORT ?? 4000}/graphql`;
  const fixed = env.MATTERS_GRAPH_TOKEN ?? env.FACTS_GRAPH_TOKEN;
  const token = fixed
    ? () => Promise.resolve(fixed)
    : (county: string) => signDevToken({ sub: 'wrzwq-visits', role: 'system', dept: 'wrzwq', county });
  return graphMatterGateway({ url, token });
}

let current: MatterGateway | null = null;

/** The gateway in use (configured from the environment on first use). */
export function matterGateway(): MatterGateway {
  current ??= graphMatterGatewayFromEnv();
  return current;
}

/** Replaces the gateway (tests, or an embedding process that knows its gateway's address); null: from the environment. */
export function setMatterGateway(gateway: MatterGateway | null): void {
  current = gateway;
}
