/**
 * `pnpm push:redemption`: a department's approval system pushing the steps of a redemption application (政策兑现)
 * through the exchange, as an integrator's client would: it signs a `system` token for a registered client, picks a
 * submitted application of its department (or the one given), reports 收件, 受理, 办理 and 办结 at their own instants
 * with `reportRedemptionStep`, then pushes the acceptance a second time (DUPLICATE) and a return dated before it
 * (STALE). The platform relays each step to policies through the gateway.
 *
 *   pnpm push:redemption [--url http://127.0.0.1:4000/graphql] [--client miit-approval --dept miit --county 410400]
 *                        [--application <id>]
 *
 * The demo seed registers `miit-approval` (miit, 410400). Tokens are signed with JWT_SECRET or the development
 * secret; in production the client's token comes from the identity provider.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { signDevToken, type Claims } from '@qq/kit';

process.env.NODE_ENV ??= 'development';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
    client: { type: 'string', default: 'miit-approval' },
    dept: { type: 'string', default: 'miit' },
    county: { type: 'string', default: '410400' },
    application: { type: 'string' },
  },
});

const token = await signDevToken({
  sub: values.client!,
  role: 'system',
  dept: values.dept as Claims['dept'],
  county: values.county,
});

interface Answer<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: unknown }>;
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(values.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Answer<T>;
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => `${e.message} ${JSON.stringify(e.extensions)}`).join('\n'));
  }
  return body.data!;
}

// The system reads its department's applications (the same scope as its staff).
interface Found {
  id: string;
  projectName: string;
  item: { maxAmount: number | null };
}
const FIELDS = 'id projectName item { maxAmount }';
const chosen: Found | undefined = values.application
  ? ((
      await graphql<{ redemptionApplication: Found | null }>(
        `query ($id: ID!) { redemptionApplication(id: $id) { ${FIELDS} } }`,
        { id: values.application },
      )
    ).redemptionApplication ?? undefined)
  : (
      await graphql<{ redemptionApplications: { nodes: Found[] } }>(
        `{ redemptionApplications(first: 1, filter: { status: SUBMITTED }) { nodes { ${FIELDS} } } }`,
      )
    ).redemptionApplications.nodes[0];
if (!chosen)
  throw new Error(`No submitted application of ${values.dept} that this client may see: pass --application.`);
console.log(`application ${chosen.id} ${chosen.projectName}`);
const application = { id: chosen.id, maxAmount: chosen.item.maxAmount };

const RECEIPT =
  'eventId result application { status receivedAt acceptedAt processingAt completedAt result amountGranted }';
const prefix = `RP-${randomUUID().slice(0, 8)}`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

const step = async (label: string, input: Record<string, unknown>) => {
  const data = await graphql<{ reportRedemptionStep: { result: string; application: Record<string, unknown> } }>(
    `mutation($input: RedemptionStepReport!) { reportRedemptionStep(input: $input) { ${RECEIPT} } }`,
    { input: { applicationId: application.id, ...input } },
  );
  const r = data.reportRedemptionStep;
  console.log(`${label.padEnd(10)} ${r.result.padEnd(9)} ${JSON.stringify(r.application)}`);
};

await step('收件', { eventId: `${prefix}:received`, occurredAt: hoursAgo(4), step: 'RECEIVE' });
const accept = { eventId: `${prefix}:accepted`, occurredAt: hoursAgo(3), step: 'ACCEPT', note: '材料齐全，予以受理' };
await step('受理', accept);
await step('办理', { eventId: `${prefix}:processing`, occurredAt: hoursAgo(2), step: 'PROCESS' });
await step('办结', {
  eventId: `${prefix}:completed`,
  occurredAt: hoursAgo(1),
  step: 'COMPLETE',
  outcome: 'APPROVED',
  ...(application.maxAmount !== null ? { amountGranted: Math.min(50_000, application.maxAmount) } : {}),
});
await step('受理 again', accept);
await step('退回 late', {
  eventId: `${prefix}:returned`,
  occurredAt: hoursAgo(3.5),
  step: 'RETURN',
  reason: '申请表缺少法定代表人签字',
});
