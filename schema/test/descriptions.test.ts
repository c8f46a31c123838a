/** The schema is the API documentation: every type, field, argument, enum value and input field is described. */
import { subgraphSdlText } from '@qq/kit';
import { parse, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../subgraphs.ts';

// Root operation types are described by their fields.
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

function undescribed(sdl: string): string[] {
  const missing: string[] = [];
  const path: string[] = [];
  type Named = { description?: unknown; name: { value: string } };
  const type = {
    enter(node: Named) {
      path.push(node.name.value);
      if (!ROOTS.has(node.name.value) && !node.description) missing.push(node.name.value);
    },
    leave() {
      path.pop();
    },
  };
  const leaf = (node: Named) => {
    if (!node.description) missing.push(`${path.join('.')}.${node.name.value}`);
  };
  visit(parse(sdl), {
    ObjectTypeDefinition: type,
    InterfaceTypeDefinition: type,
    InputObjectTypeDefinition: type,
    EnumTypeDefinition: type,
    UnionTypeDefinition: type,
    ScalarTypeDefinition: type,
    FieldDefinition: {
      enter(node) {
        leaf(node);
        path.push(node.name.value);
      },
      leave() {
        path.pop();
      },
    },
    InputValueDefinition: leaf,
    EnumValueDefinition: leaf,
  });
  return missing;
}

describe('SDL descriptions', () => {
  it.each(SUBGRAPHS.map((s) => [s.name, s]))('%s describes every type, field, argument and enum value', (_, s) => {
    expect(undescribed(subgraphSdlText(s.schemaFile, s.name, { accessLog: s.accessLog }))).toEqual([]);
  });

  it('notices a missing description', () => {
    expect(undescribed('"""A thing."""\ntype Thing { """Its id."""\nid: ID!\nname: String }')).toEqual(['Thing.name']);
  });
});
