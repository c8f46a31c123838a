/**
 * `pnpm token --role staff --dept ndrc --county 410422`: prints a development token (HS256, JWT_SECRET or the
 * development secret) for trying the graph in GraphiQL. Production tokens come from the identity provider.
 */
import { parseArgs } from 'node:util';
import { CITY_CODE, COUNTY_CODES, DEPARTMENTS, ROLES, signDevToken, type Claims } from '@qq/kit';

// One machine, development tokens: the public development secret is meant for exactly this.
process.env.NODE_ENV ??= 'development';

const HELP = `Usage: pnpm token --role <role> [options]

  --role        ${ROLES.join(' | ')}
  --sub         user id (default: <role>-demo)
  --dept        department code, staff only: ${DEPARTMENTS.join(', ')}
  --county      GB/T 2260 code, ${CITY_CODE} (city-wide, default) or one of ${COUNTY_CODES.join(', ')}
  --enterprise  unified social credit code, enterprise users only
  --perm        an extra permission (repeatable), e.g. policy:review
  --expires     lifetime, e.g. 12h (default), 30m, 7d

Paste the token into GraphiQL's Headers as {"Authorization": "Bearer <token>"}.`;

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    sub: { type: 'string' },
    dept: { type: 'string' },
    county: { type: 'string' },
    enterprise: { type: 'string' },
    perm: { type: 'string', multiple: true },
    expires: { type: 'string', default: '12h' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || !values.role) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}
const role = values.role as Claims['role'];
if (!(ROLES as readonly string[]).includes(role)) {
  console.error(`Unknown role "${role}".\n\n${HELP}`);
  process.exit(1);
}
const claims: Claims = {
  sub: values.sub ?? `${role}-demo`,
  role,
  ...(values.dept ? { dept: values.dept as Claims['dept'] } : {}),
  ...(role === 'staff' || role === 'admin' || values.county ? { county: values.county ?? CITY_CODE } : {}),
  ...(values.enterprise ? { enterprise: values.enterprise } : {}),
  perms: values.perm ?? [],
};
// Sign only what a subgraph would accept: the same checks as verification.
const { principalFromHeader, authConfigFromEnv } = await import('@qq/kit');
const token = await signDevToken(claims, { expiresIn: values.expires });
try {
  await principalFromHeader(`Bearer ${token}`, authConfigFromEnv());
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
console.log(token);
