/** Whether a connection's selection reads its rows, through fields, inline fragments and named fragments. */
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countOnlyConnection, selectsRows } from '../src/pagination.ts';

/** The resolve info of the first field of the first field of a document (`enterprise { matters … }`). */
function infoOf(document: string) {
  const doc = parse(document);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const parent = operation.selectionSet.selections[0] as FieldNode;
  const field = parent.selectionSet!.selections[0] as FieldNode;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [field], fragments };
}

describe('selectsRows', () => {
  it('is false for totalCount and __typename alone, in fields and fragments', () => {
    expect(selectsRows(infoOf('{ e { matters { totalCount } } }'))).toBe(false);
    expect(
      selectsRows(infoOf('{ e { matters { __typename totalCount ... on MatterConnection { totalCount } } } }')),
    ).toBe(false);
    expect(selectsRows(infoOf('{ e { matters { ...C } } } fragment C on MatterConnection { totalCount ...C }'))).toBe(
      false,
    );
  });

  it('is true as soon as nodes, edges or pageInfo are read, however deep in fragments', () => {
    expect(selectsRows(infoOf('{ e { matters { totalCount nodes { id } } } }'))).toBe(true);
    expect(selectsRows(infoOf('{ e { matters { ... on MatterConnection { edges { cursor } } } } }'))).toBe(true);
    expect(
      selectsRows(
        infoOf(
          '{ e { matters { ...A } } } fragment A on MatterConnection { ...B } fragment B on MatterConnection { pageInfo { hasNextPage } }',
        ),
      ),
    ).toBe(true);
    // Under @skip or @include a field counts as read: never wrongly left out.
    expect(selectsRows(infoOf('{ e { matters { totalCount nodes @skip(if: true) { id } } } }'))).toBe(true);
  });

  it('gives a count-only connection whose rows throw when read', async () => {
    const connection = countOnlyConnection<unknown>(() => Promise.resolve(7));
    expect(await connection.totalCount!()).toBe(7);
    expect(() => connection.nodes).toThrow(/totalCount only/);
    expect(() => connection.edges).toThrow(/totalCount only/);
    expect(() => connection.pageInfo).toThrow(/totalCount only/);
  });
});
