/**
 * SDL every subgraph shares: the federation link, the Relay `PageInfo` (shareable, identical everywhere) and the
 * `@cacheControl` hint of public reads (`publicCache.ts`). A
 * subgraph's `schema.graphql` holds only its own types; `subgraphTypeDefs` puts the two together.
 */
import { readFileSync } from 'node:fs';
import { gql } from 'graphql-tag';
import type { DocumentNode } from 'graphql';
import { accessLogSdl } from './accessLog.ts';
import { deliverySdl } from './delivery.ts';
import { CACHE_CONTROL_SDL } from './publicCache.ts';

export const SHARED_SDL = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.7"
      import: ["@key", "@shareable", "@external", "@requires", "@inaccessible"]
    )

  """
  Relay pagination information (分页信息) of a connection.
  """
  type PageInfo @shareable {
    """
    Whether more items follow this page; pass \`endCursor\` as \`after\` to fetch them.
    """
    hasNextPage: Boolean!
    """
    Always false: lists page forwards only.
    """
    hasPreviousPage: Boolean!
    """
    Cursor of the first item of this page.
    """
    startCursor: String
    """
    Cursor of the last item of this page.
    """
    endCursor: String
  }
  ${CACHE_CONTROL_SDL}
`;

/** Reads a subgraph's `schema.graphql` (a URL relative to the calling module) and adds the shared SDL. */
export function subgraphTypeDefs(schemaFile: URL): DocumentNode {
  return gql(SHARED_SDL + readFileSync(schemaFile, 'utf8'));
}

/**
 * The subgraph's SDL text with the shared part, as composition reads it; with the subgraph's name, also the SDL the
 * kit adds to every subgraph's server (the delivery log of its outbox) and, with `accessLog`, its personal-data
 * access log query.
 */
export function subgraphSdlText(schemaFile: URL, subgraph?: string, options: { accessLog?: boolean } = {}): string {
  const generated = subgraph ? deliverySdl(subgraph) + (options.accessLog ? accessLogSdl(subgraph) : '') : '';
  return SHARED_SDL + readFileSync(schemaFile, 'utf8') + generated;
}
