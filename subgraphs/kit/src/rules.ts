/** graphql-shield rule helpers shared by every subgraph's permission tree. */
import { allow, and, deny, or, rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import type { DepartmentCode, Principal, Role } from './auth.ts';
import { FieldUnauthenticatedError, ForbiddenError } from './errors.ts';
import { coversUnit } from './scope.ts';
import { kitShield } from './shield.ts';

export { allow, and, deny, or, rule };

interface WithPrincipal {
  principal: Principal;
}

// Rules run for every field of every row, often inside `or` where a refusal is then ignored: build each refusal once
// (graphql-js wraps it with the field's path per response, so sharing it is safe).
// A field refused to an anonymous caller carries no HTTP 401: the rest of the response stands.
const UNAUTHENTICATED = new FieldUnauthenticatedError();
const FORBIDDEN = new ForbiddenError();

function refuse(principal: Principal): Error {
  return principal.role === 'anonymous' ? UNAUTHENTICATED : FORBIDDEN;
}

/** Any signed-in caller. */
export const isAuthenticated = rule({ cache: 'contextual' })((_p, _a, ctx: WithPrincipal) =>
  ctx.principal.role !== 'anonymous' ? true : UNAUTHENTICATED,
);

// graphql-shield requires one rule instance per name: the factories below return the same rule for the same arguments.
const named = new Map<string, ReturnType<ReturnType<typeof rule>>>();
function once(name: string, make: () => ReturnType<ReturnType<typeof rule>>) {
  let r = named.get(name);
  if (!r) {
    r = make();
    named.set(name, r);
  }
  return r;
}

/** Callers with one of these roles. */
export function hasRole(...roles: Role[]) {
  const name = `hasRole:${roles.join(',')}`;
  return once(name, () =>
    rule(name, { cache: 'contextual' })((_p, _a, ctx: WithPrincipal) =>
      (roles as string[]).includes(ctx.principal.role) ? true : refuse(ctx.principal),
    ),
  );
}

/** Staff of one of these departments (any county). */
export function isStaffOf(...depts: DepartmentCode[]) {
  const name = `isStaffOf:${depts.join(',')}`;
  return once(name, () =>
    rule(name, { cache: 'contextual' })((_p, _a, ctx: WithPrincipal) =>
      ctx.principal.role === 'staff' && ctx.principal.dept && depts.includes(ctx.principal.dept)
        ? true
        : refuse(ctx.principal),
    ),
  );
}

/** Callers holding an extra permission, such as `policy:review`. */
export function hasPerm(perm: string) {
  const name = `hasPerm:${perm}`;
  return once(name, () =>
    rule(name, { cache: 'contextual' })((_p, _a, ctx: WithPrincipal) =>
      ctx.principal.perms.includes(perm) ? true : refuse(ctx.principal),
    ),
  );
}

/**
 * Staff (of the department or a lead department) and admins whose county covers the parent row's
 * `departmentCode`/`countyCode`: for fields that only the unit handling a row may see.
 */
export function coversParentUnit(...leads: DepartmentCode[]) {
  const name = `coversParentUnit:${leads.join(',')}`;
  return once(name, () =>
    rule(name, { cache: 'no_cache' })(
      (parent: { departmentCode?: string; countyCode?: string }, _a, ctx: WithPrincipal) =>
        !!parent.departmentCode &&
        !!parent.countyCode &&
        coversUnit(ctx.principal, parent.departmentCode, parent.countyCode, { leads })
          ? true
          : refuse(ctx.principal),
    ),
  );
}

export const isAdmin = hasRole('admin');
export const isAnalyst = hasRole('analyst');
export const isEnterpriseUser = hasRole('enterprise');
export const isStaff = hasRole('staff');

/**
 * The parent object belongs to the caller's enterprise (`enterpriseCode` or `creditCode` on the parent). Used on
 * entity fields that `_entities` can reach directly.
 */
export const isOwnEnterprise = rule('isOwnEnterprise', { cache: 'no_cache' })((
  parent: { enterpriseCode?: string | null; creditCode?: string | null },
  _a,
  ctx: WithPrincipal,
) => {
  const code = parent.enterpriseCode ?? parent.creditCode;
  return ctx.principal.role === 'enterprise' && !!code && code === ctx.principal.enterprise
    ? true
    : refuse(ctx.principal);
});

/**
 * The rule tree of a subgraph; `createSubgraphServer` turns it into the shield, adding the rules of what the kit
 * contributes to every subgraph (the delivery log).
 */
export class PermissionTree {
  constructor(readonly rules: { Query: Record<string, unknown> } & Record<string, unknown>) {}

  /**
   * The shield: deny by default, coded errors pass through, and the federation entry points allowed (the SDL for
   * composition and `_entities`; the fields of the entities it returns keep their own rules).
   */
  shield(extra: IRules = {}) {
    const tree: Record<string, unknown> = { ...this.rules };
    for (const [type, rules] of Object.entries(extra as Record<string, unknown>)) {
      const own = tree[type];
      tree[type] =
        own && typeof own === 'object' && rules && typeof rules === 'object' && !('resolve' in (own as object))
          ? { ...(own as object), ...(rules as object) }
          : rules;
    }
    tree.Query = { ...(tree.Query as object), _service: allow, _entities: allow };
    tree._Service = allow;
    // graphql-shield's semantics (errors of resolvers pass through), without middleware on allowed fields.
    return kitShield(tree as IRules, { fallbackRule: deny, fallbackError: FORBIDDEN });
  }
}

/** The rule tree of a subgraph (deny by default; see `PermissionTree.shield`). */
export function permissionsOf(rules: { Query: Record<string, unknown> } & Record<string, unknown>): PermissionTree {
  return new PermissionTree(rules);
}
