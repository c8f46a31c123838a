/**
 * The workflow conventions in the SDL: every value of `MatterAction` has its mutation (the action's words, then the
 * entity: REQUEST_TRANSFER → requestTransferOfMatter), each used by the transition table, and `Matter` exposes `status`, `availableActions` and
 * `events`.
 */
import { readFileSync } from 'node:fs';
import { buildASTSchema, GraphQLEnumType, GraphQLObjectType, parse } from 'graphql';
import { actionMutationPattern, SHARED_SDL } from '@qq/kit';
import { describe, expect, it } from 'vitest';
import { schemaFile } from '../src/index.ts';
import { ACTIONS, STATUSES, SYSTEM_ACTIONS } from '../src/domain.ts';
import { matterWorkflow } from '../src/service/matter.workflow.ts';

const FEDERATION = `scalar _Any scalar FieldSet scalar link__Import enum link__Purpose { SECURITY EXECUTION }
  directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
  directive @requires(fields: FieldSet!) on FIELD_DEFINITION
  directive @external on OBJECT | FIELD_DEFINITION
  directive @shareable repeatable on OBJECT | FIELD_DEFINITION
  directive @cacheControl(maxAge: Int, scope: String, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | ENUM_VALUE | SCALAR | INPUT_OBJECT | INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
  directive @link(url: String!, as: String, import: [link__Import], for: link__Purpose) repeatable on SCHEMA`;

const schema = buildASTSchema(parse(FEDERATION + SHARED_SDL + readFileSync(schemaFile, 'utf8')), {
  assumeValidSDL: true,
});
const mutations = Object.keys(schema.getMutationType()!.getFields());

describe('matter workflow conventions', () => {
  const actionEnum = schema.getType('MatterAction') as GraphQLEnumType;
  const stepEnum = schema.getType('MatterStep') as GraphQLEnumType;
  const statusEnum = schema.getType('MatterStatus') as GraphQLEnumType;

  it('has the same actions and statuses in the SDL, the domain and the transition table', () => {
    // MatterAction: what a caller may take, each with its mutation; MatterStep (events): those and the clock's own.
    expect(actionEnum.getValues().map((v) => v.name)).toEqual(ACTIONS.filter((a) => !SYSTEM_ACTIONS.includes(a)));
    expect(stepEnum.getValues().map((v) => v.name)).toEqual([...ACTIONS]);
    expect(statusEnum.getValues().map((v) => v.name)).toEqual([...STATUSES]);
    expect([...new Set(matterWorkflow.transitions.map((t) => t.action))].sort()).toEqual([...ACTIONS].sort());
  });

  const callerActions = ACTIONS.filter((a) => !SYSTEM_ACTIONS.includes(a));

  it.each(callerActions.map((a) => [a]))("%s has its mutation, the action's words then the entity", (action) => {
    expect(mutations.filter((m) => actionMutationPattern('MatterAction', action).test(m))).toHaveLength(1);
  });

  it('names the 首接责任制 steps with a joiner before the entity', () => {
    expect(mutations).toEqual(
      expect.arrayContaining([
        'requestTransferOfMatter',
        'decideTransferOfMatter',
        'addCoHandlerToMatter',
        'replyAsCoHandlerToMatter',
      ]),
    );
  });

  it.each(SYSTEM_ACTIONS.map((a) => [a]))(
    "%s is the clock jobs' alone: no mutation, no caller may take it",
    (action) => {
      expect(mutations).not.toContain(`${action.toLowerCase()}Matter`);
      const rows = matterWorkflow.transitions.filter((t) => t.action === action);
      expect(rows.length).toBeGreaterThan(0);
      const base = { sub: 'x', dept: null, county: '410400', enterprise: null, perms: [] } as const;
      const callers = [
        { ...base, role: 'staff', dept: 'ndrc' },
        { ...base, role: 'admin' },
        { ...base, role: 'system', dept: 'ndrc', sub: 'complaints.escalate' },
        { ...base, role: 'system', sub: 'hotline' },
      ] as const;
      for (const row of rows) {
        for (const caller of callers) expect(row.allowed(caller, undefined)).toBe(false);
        expect(row.allowed({ ...base, role: 'system', sub: 'complaints.escalate' }, undefined)).toBe(true);
      }
    },
  );

  it('exposes status, availableActions and events on Matter', () => {
    const fields = (schema.getType('Matter') as GraphQLObjectType).getFields();
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['status', 'availableActions', 'events']));
    expect(String(fields.availableActions!.type)).toBe('[MatterAction!]!');
    const events = (schema.getType('MatterEvent') as GraphQLObjectType).getFields();
    expect(String(events.action!.type)).toBe('MatterStep!');
  });
});
