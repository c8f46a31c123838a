/** The subgraphs of the supergraph: name, the default port when the platform runs on one machine, and the SDL file. */
export interface SubgraphEntry {
  name: string;
  /** Department (lead department) that owns it. */
  department: string;
  port: number;
  schemaFile: URL;
  /** Whether it keeps a personal-data access log (its definition's `accessLog`): its admin query joins the SDL. */
  accessLog?: boolean;
}

const sdl = (name: string) => new URL(`../subgraphs/${name}/src/schema.graphql`, import.meta.url);

export const SUBGRAPHS: SubgraphEntry[] = [
  {
    name: 'platform',
    department: '市政务服务和大数据管理局',
    port: 4001,
    schemaFile: sdl('platform'),
    accessLog: true,
  },
  { name: 'policies', department: '市万人助万企办', port: 4002, schemaFile: sdl('policies'), accessLog: true },
  { name: 'complaints', department: '市发改委', port: 4003, schemaFile: sdl('complaints'), accessLog: true },
  { name: 'commerce', department: '市商务局、市发改委', port: 4004, schemaFile: sdl('commerce'), accessLog: true },
  { name: 'talent', department: '市人社局', port: 4005, schemaFile: sdl('talent'), accessLog: true },
  { name: 'statistics', department: '市统计局、市工信局', port: 4006, schemaFile: sdl('statistics'), accessLog: true },
];

export function defaultUrl(entry: SubgraphEntry): string {
  return `http://127.0.0.1:${entry.port}/graphql`;
}
