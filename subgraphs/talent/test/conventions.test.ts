/**
 * The workflow conventions in the SDL: every value of each `…Action` enum has its mutation (verb + entity), and each
 * workflow entity exposes `status`, `availableActions` and `events`.
 */
import { readFileSync } from 'node:fs';
import { buildASTSchema, GraphQLEnumType, GraphQLObjectType, parse } from 'graphql';
import { actionMutationPattern, SHARED_SDL } from '@qq/kit';
import { describe, expect, it } from 'vitest';
import { schemaFile } from '../src/index.ts';

const FEDERATION = `scalar _Any scalar FieldSet scalar link__Import enum link__Purpose { SECURITY EXECUTION }
  directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
  directive @requires(fields: FieldSet!) on FIELD_DEFINITION
  directive @external on OBJECT | FIELD_DEFINITION
  directive @shareable repeatable on OBJECT | FIELD_DEFINITION
  directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ENUM | ENUM_VALUE | SCALAR | INPUT_OBJECT | INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
  directive @link(url: String!, as: String, import: [link__Import], for: link__Purpose) repeatable on SCHEMA`;

const schema = buildASTSchema(parse(FEDERATION + SHARED_SDL + readFileSync(schemaFile, 'utf8')), {
  assumeValidSDL: true,
});
const mutations = Object.keys(schema.getMutationType()!.getFields());
const actionEnums = Object.values(schema.getTypeMap()).filter(
  (t): t is GraphQLEnumType => t instanceof GraphQLEnumType && t.name.endsWith('Action'),
);

describe('workflow conventions', () => {
  it('has the talent workflow entities', () => {
    expect(actionEnums.map((e) => e.name).sort()).toEqual([
      'JobApplicationAction',
      'JobPostingAction',
      'TalentPolicyAction',
    ]);
  });

  it.each(actionEnums.map((e) => [e.name, e]))('%s: every value has its mutation, verb + entity', (_, e) => {
    for (const value of e.getValues()) {
      const found = mutations.filter((m) => actionMutationPattern(e.name, value.name).test(m));
      expect(found, `${e.name}.${value.name}`).toHaveLength(1);
    }
  });

  it.each(actionEnums.map((e) => [e.name.replace(/Action$/, '')]))(
    '%s exposes status, availableActions and events',
    (name) => {
      const type = schema.getType(name) as GraphQLObjectType;
      const fields = type.getFields();
      expect(Object.keys(fields)).toEqual(expect.arrayContaining(['status', 'availableActions', 'events']));
      expect(String(fields.availableActions!.type)).toBe(`[${name}Action!]!`);
    },
  );
});
