/**
 * The workflow conventions, in every subgraph: each value of each `…Action` enum has its mutation in the same subgraph,
 * named with the action's words and then the entity (`actionMutationPattern`: REQUEST_TRANSFER on Matter →
 * `requestTransferOfMatter`, SIGN → `signMatter`), and the entity exposes `status`, `availableActions` (a list of that
 * enum) and `events`.
 */
import { actionMutationPattern, subgraphSdlText } from '@qq/kit';
import { Kind, parse, type DocumentNode, type FieldDefinitionNode, type TypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../subgraphs.ts';

interface Shape {
  /** `…Action` enums and their values. */
  actions: Map<string, string[]>;
  mutations: string[];
  /** Object types and their fields. */
  objects: Map<string, FieldDefinitionNode[]>;
}

function shapeOf(doc: DocumentNode): Shape {
  const shape: Shape = { actions: new Map(), mutations: [], objects: new Map() };
  for (const def of doc.definitions) {
    if (
      (def.kind === Kind.ENUM_TYPE_DEFINITION || def.kind === Kind.ENUM_TYPE_EXTENSION) &&
      def.name.value.endsWith('Action')
    ) {
      const values = shape.actions.get(def.name.value) ?? [];
      shape.actions.set(def.name.value, [...values, ...(def.values ?? []).map((v) => v.name.value)]);
    }
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) {
      const fields = [...(shape.objects.get(def.name.value) ?? []), ...(def.fields ?? [])];
      shape.objects.set(def.name.value, fields);
      if (def.name.value === 'Mutation') shape.mutations = fields.map((f) => f.name.value);
    }
  }
  return shape;
}

const typeText = (t: TypeNode): string =>
  t.kind === Kind.NON_NULL_TYPE
    ? `${typeText(t.type)}!`
    : t.kind === Kind.LIST_TYPE
      ? `[${typeText(t.type)}]`
      : t.name.value;

/** The action values of a subgraph with no mutation named by the convention. */
function unnamed(shape: Shape): string[] {
  return [...shape.actions].flatMap(([name, values]) =>
    values
      .filter((value) => !shape.mutations.some((m) => actionMutationPattern(name, value).test(m)))
      .map((value) => `${name}.${value}`),
  );
}

const shapes = SUBGRAPHS.map((s) => ({
  name: s.name,
  shape: shapeOf(parse(subgraphSdlText(s.schemaFile, s.name, { accessLog: s.accessLog }))),
}));

describe('workflow conventions', () => {
  it('find the workflows of every department', () => {
    const all = shapes.flatMap((s) => [...s.shape.actions.keys()]).sort();
    expect(all).toEqual(
      expect.arrayContaining(['MatterAction', 'RegisterChangeAction', 'StatisticalReportAction', 'PolicyAction']),
    );
    for (const s of shapes) expect(s.shape.actions.size, s.name).toBeGreaterThan(0);
  });

  it.each(shapes.map((s) => [s.name, s.shape]))(
    '%s: every action value has its mutation, its words then the entity',
    (_, shape) => {
      expect(unnamed(shape)).toEqual([]);
    },
  );

  it.each(shapes.flatMap((s) => [...s.shape.actions.keys()].map((a) => [a, s.shape] as const)))(
    '%s: its entity exposes status, availableActions and events',
    (action, shape) => {
      const entities = [...shape.objects].filter(([, fields]) =>
        fields.some((f) => f.name.value === 'availableActions' && typeText(f.type) === `[${action}!]!`),
      );
      expect(entities.map(([name]) => name)).toHaveLength(1);
      const fields = entities[0]![1].map((f) => f.name.value);
      expect(fields).toEqual(expect.arrayContaining(['status', 'availableActions', 'events']));
    },
  );

  it('names the mutation with the action words, a joiner (Of, To, From) or none, then the entity', () => {
    const ok = (e: string, v: string, m: string) => actionMutationPattern(e, v).test(m);
    expect(ok('MatterAction', 'REQUEST_TRANSFER', 'requestTransferOfMatter')).toBe(true);
    expect(ok('MatterAction', 'ADD_CO_HANDLER', 'addCoHandlerToMatter')).toBe(true);
    expect(ok('MatterAction', 'SIGN', 'signMatter')).toBe(true);
    expect(ok('PolicyAction', 'SUBMIT', 'submitPolicyForReview')).toBe(true);
    expect(ok('VisitAction', 'RAISE_PROBLEM', 'raiseProblemFromVisit')).toBe(true);
    // The entity before the action's last words, another entity, another verb, a lowercase tail: refused.
    expect(ok('MatterAction', 'REQUEST_TRANSFER', 'requestMatterTransfer')).toBe(false);
    expect(ok('MatterAction', 'REPLY_AS_CO_HANDLER', 'replyMatterAsCoHandler')).toBe(false);
    expect(ok('MatterAction', 'REPLY', 'replyAsCoHandlerToMatter')).toBe(false);
    expect(ok('PolicyAction', 'PUBLISH', 'publishTalentPolicy')).toBe(false);
    expect(ok('RegisterChangeAction', 'PROPOSE', 'deriveAboveScaleRegister')).toBe(false);
    expect(ok('MatterAction', 'SIGN', 'signMatters')).toBe(false);
    expect(
      unnamed({
        actions: new Map([['MatterAction', ['SIGN', 'REQUEST_TRANSFER']]]),
        mutations: ['signMatter', 'requestMatterTransfer'],
        objects: new Map(),
      }),
    ).toEqual(['MatterAction.REQUEST_TRANSFER']);
  });
});
