/**
 * `pnpm push:case`: a department's system pushing a sample case through the exchange, as an integrator's client
 * would: it signs a `system` token for a registered client, reports a case received (收件), then 受理, 办理 and 办结
 * at their own instants, and pushes the acceptance a second time to show an idempotent repeat (DUPLICATE).
 *
 *   pnpm push:case [--url http://127.0.0.1:4000/graphql] [--client hnzwfw-bigdata --dept bigdata --county 410400]
 *                  [--service <id>] [--enterprise <credit code>]
 *
 * The demo seed registers `hnzwfw-bigdata` (bigdata, 410400) and `mofcom-approval` (mofcom, 410400). Tokens are
 * signed with JWT_SECRET or the development secret; in production the client's token comes from the identity
 * provider (client credentials) or is signed with the client's registered key.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { signDevToken, type Claims } from '@qq/kit';

process.env.NODE_ENV ??= 'development';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
    client: { type: 'string', default: 'hnzwfw-bigdata' },
    dept: { type: 'string', default: 'bigdata' },
    county: { type: 'string', default: '410400' },
    service: { type: 'string' },
    enterprise: { type: 'string' },
  },
});

const token = await signDevToken({
  sub: values.client!,
  role: 'system',
  dept: values.dept as Claims['dept'],
  county: values.county,
});

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(values.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: unknown }> };
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => `${e.message} ${JSON.stringify(e.extensions)}`).join('\n'));
  }
  return body.data!;
}

const serviceId =
  values.service ??
  (
    await graphql<{ services: { nodes: Array<{ id: string; name: string }> } }>(
      `
        query ($d: String, $c: String) {
          services(first: 1, filter: { departmentCode: $d, countyCode: $c, status: PUBLISHED }) {
            nodes {
              id
              name
            }
          }
        }
      `,
      { d: values.dept, c: values.county },
    )
  ).services.nodes[0]?.id;
if (!serviceId) throw new Error(`No published service of ${values.dept} in ${values.county}: pass --service.`);
const enterpriseCode =
  values.enterprise ??
  (
    await graphql<{ enterprises: { nodes: Array<{ creditCode: string }> } }>(`
      {
        enterprises(first: 1) {
          nodes {
            creditCode
          }
        }
      }
    `)
  ).enterprises.nodes[0]?.creditCode;
if (!enterpriseCode) throw new Error('No enterprise in the registry: pass --enterprise.');

const RECEIPT = 'eventId result case { referenceNo status handlingUnit dueAt }';
const externalId = `SP-${randomUUID().slice(0, 8)}`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const show = (what: string, r: { result: string; case: Record<string, unknown> }) =>
  console.log(`${what.padEnd(10)} ${r.result.padEnd(9)} ${JSON.stringify(r.case)}`);

const created = await graphql<{ reportCase: { result: string; case: Record<string, unknown> } }>(
  `mutation($input: CaseReport!) { reportCase(input: $input) { ${RECEIPT} } }`,
  {
    input: {
      eventId: `${externalId}:received`,
      occurredAt: hoursAgo(3),
      externalId,
      serviceId,
      enterpriseCode,
      applicantName: '王建军',
      applicantPhone: '13937500001',
      handlingUnit: '市民服务中心综合受理窗口',
    },
  },
);
show('收件', created.reportCase);

const step = async (label: string, input: Record<string, unknown>) => {
  const data = await graphql<{ reportCaseStep: { result: string; case: Record<string, unknown> } }>(
    `mutation($input: CaseStepReport!) { reportCaseStep(input: $input) { ${RECEIPT} } }`,
    { input: { externalId, ...input } },
  );
  show(label, data.reportCaseStep);
};
const accept = { eventId: `${externalId}:accepted`, occurredAt: hoursAgo(2), step: 'ACCEPT' };
await step('受理', accept);
await step('办理', { eventId: `${externalId}:processing`, occurredAt: hoursAgo(1), step: 'PROCESS' });
await step('办结', {
  eventId: `${externalId}:concluded`,
  occurredAt: hoursAgo(0),
  step: 'CONCLUDE',
  outcome: 'APPROVED',
});
await step('受理 again', accept);
