/** Rules of the park directory (产业园区, 发改委): public reads with filters and pages. */
import { assertUuid, isUuid, readCountyFilter, readPage, toConnection, type PageArgs } from '@qq/kit';
import type { Loaders } from '../loaders.ts';
import { parkCursor, type ParkFilter, type ParkRow, type ParkStore } from '../store/parks.store.ts';

export class ParkService {
  constructor(
    private readonly store: ParkStore,
    private readonly loaders: Loaders,
  ) {}

  async list(args: PageArgs & { filter?: ParkFilter | null }) {
    const page = readPage(args, 3);
    const filter = args.filter ?? {};
    readCountyFilter(filter.countyCode, 'filter.countyCode');
    const rows = await this.store.list(filter, page);
    for (const row of rows) this.loaders.park.prime(row.id, row);
    return toConnection(rows, page.limit, parkCursor, () => this.store.count(filter));
  }

  async byId(id: string): Promise<ParkRow | null> {
    assertUuid(id, 'id', 'is not a valid id');
    return this.loaders.park.load(id);
  }

  /** An entity reference: a malformed id is simply not found. */
  async byReference(id: string): Promise<ParkRow | null> {
    return isUuid(id) ? this.loaders.park.load(id) : null;
  }

  parksOfCounty(code: string): Promise<ParkRow[]> {
    return this.loaders.parksByCounty.load(code);
  }
}
