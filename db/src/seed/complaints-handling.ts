/**
 * Demo rows of 首接责任制 and what surrounds the handling of a matter, laid over the demo matters of `complaints.ts`
 * once they are built: transfers approved (the matter was first dispatched to and signed by the wrong unit, which asked
 * to pass it on) and bounced (退回: the unit keeps it), co-handlers with their replies, the enterprises' ratings, and
 * matters raised again instead of a duplicate (重复反映). The matters keep their status, unit and clock; only their
 * steps, their transfer, rating and follow columns and the co-handler table are filled. Deterministic, with its own random stream, so the matters of
 * `complaints.ts` come out exactly as they did.
 */
import type { matterCoHandlers, matterEvents, matters } from '../schema/complaints.ts';
import { workingDeadline } from '../calendar.ts';
import { random, type Random } from './demo.ts';

type MatterInsert = typeof matters.$inferInsert;
type EventInsert = typeof matterEvents.$inferInsert;

export interface HandlingDemo {
  coHandlers: Array<typeof matterCoHandlers.$inferInsert>;
}

/** Units that a matter goes to by mistake or co-handles. */
const UNITS = ['hrss', 'miit', 'mofcom', 'wrzwq', 'bigdata'] as const;

const TRANSFER_REASONS = [
  '诉求涉及事项不属于本单位职责，建议转相关主管部门办理。',
  '经核实，该事项由其他部门负责审批，本单位无办理权限。',
];
const BOUNCE_NOTES = ['经审核，该事项属于本单位职责范围，请按首接责任制继续办理。'];
const CO_HANDLER_REPLIES = [
  '已核实企业相关情况，配合承办单位提供政策依据。',
  '已安排专人对接，相关手续可并联办理。',
  '本单位职责范围内事项已办理完毕。',
];
const COMMENTS: Record<number, string[]> = {
  5: ['办理及时，沟通顺畅，非常满意。', '问题得到彻底解决，感谢各部门。'],
  4: ['总体满意，个别环节可以更快。', '解决了主要问题。'],
  3: ['问题基本解决，但用时较长。'],
  2: ['答复较笼统，实际问题解决不到位。'],
  1: ['问题未解决，多次联系无回应。'],
};
const FOLLOW_NOTES = ['项目即将开工，请加快办理。', '情况仍未改善，再次反映。'];

const HOUR = 3_600_000;

/** An instant `share` of the way from `a` to `b`. */
function between(a: Date, b: Date, share: number): Date {
  return new Date(a.getTime() + Math.round((b.getTime() - a.getTime()) * share));
}

function score(r: Random): number {
  const roll = r.next();
  return roll < 0.45 ? 5 : roll < 0.8 ? 4 : roll < 0.9 ? 3 : roll < 0.96 ? 2 : 1;
}

/**
 * Adds the rows to `matterRows` and `eventRows` in place (events stay grouped per matter, oldest first) and returns
 * the co-handler rows, to insert after the matters. `anchor` is the demo's "now".
 */
export function addHandlingDemo(matterRows: MatterInsert[], eventRows: EventInsert[], anchor: Date): HandlingDemo {
  const r = random(1_340_710);
  const byMatter = new Map<string, EventInsert[]>();
  for (const e of eventRows) {
    const list = byMatter.get(e.subjectId);
    if (list) list.push(e);
    else byMatter.set(e.subjectId, [e]);
  }
  const coHandlers: HandlingDemo['coHandlers'] = [];
  const ordered = [...matterRows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const used = new Set<string>();
  const staff = (dept: string, county: string) => `staff-${dept}-${county}-1`;
  const unitData = (dept: string, county: string) => ({ departmentCode: dept, countyCode: county });

  /**
   * Matters handled by a department other than 发改委, replied to more than an hour and less than 3 days after signing,
   * and resolved (if they were) more than an hour after the reply: room for the steps laid in between.
   */
  const handled = ordered.filter(
    (m) =>
      m.departmentCode !== 'ndrc' &&
      m.signedAt &&
      m.repliedAt &&
      m.repliedAt.getTime() - m.signedAt.getTime() > HOUR &&
      m.repliedAt.getTime() - m.signedAt.getTime() <= 3 * 24 * HOUR &&
      (!m.resolvedAt || m.resolvedAt.getTime() - m.repliedAt.getTime() > HOUR),
  );
  const take = (n: number, ok: (m: MatterInsert) => boolean = () => true) => {
    const picked = handled.filter((m) => !used.has(String(m.id)) && ok(m)).slice(0, n);
    for (const m of picked) used.add(String(m.id));
    return picked;
  };

  // Approved transfers: dispatched to and signed by a unit whose job it was not; 发改委 passed it to the right one.
  for (const m of take(3)) {
    const events = byMatter.get(String(m.id))!;
    const county = m.countyCode!;
    const right = m.departmentCode!;
    const wrong = UNITS.find((u) => u !== right)!;
    const signedAt = m.signedAt!;
    const repliedAt = m.repliedAt!;
    const dispatch = events.find((e) => e.action === 'DISPATCH')!;
    dispatch.data = { ...dispatch.data, toDepartmentCode: wrong };
    const sign = events.find((e) => e.action === 'SIGN')!;
    Object.assign(sign, { actor: staff(wrong, county), data: unitData(wrong, county) });
    const requestedAt = between(signedAt, repliedAt, 0.2);
    const decidedAt = between(signedAt, repliedAt, 0.45);
    const resignedAt = between(signedAt, repliedAt, 0.7);
    const reason = r.pick(TRANSFER_REASONS);
    events.push(
      {
        subjectId: String(m.id),
        action: 'REQUEST_TRANSFER',
        fromStatus: 'SIGNED',
        toStatus: 'TRANSFER_REQUESTED',
        actor: staff(wrong, county),
        actorRole: 'staff',
        at: requestedAt,
        note: reason,
        data: { ...unitData(wrong, county), proposedDepartmentCode: right, proposedCountyCode: county },
      },
      {
        subjectId: String(m.id),
        action: 'DECIDE_TRANSFER',
        fromStatus: 'TRANSFER_REQUESTED',
        toStatus: 'DISPATCHED',
        actor: staff('ndrc', county),
        actorRole: 'staff',
        at: decidedAt,
        note: '同意转办。',
        data: {
          ...unitData('ndrc', county),
          approved: true,
          fromDepartmentCode: wrong,
          fromCountyCode: county,
          toDepartmentCode: right,
          toCountyCode: county,
        },
      },
      {
        subjectId: String(m.id),
        action: 'SIGN',
        fromStatus: 'DISPATCHED',
        toStatus: 'SIGNED',
        actor: staff(right, county),
        actorRole: 'staff',
        at: resignedAt,
        note: null,
        data: unitData(right, county),
      },
    );
    Object.assign(m, {
      transferFromDepartmentCode: wrong,
      transferFromCountyCode: county,
      transferProposedDepartmentCode: right,
      transferProposedCountyCode: county,
      transferToDepartmentCode: right,
      transferToCountyCode: county,
      transferReason: reason,
      transferRequestedAt: requestedAt,
      transferApproved: true,
      transferDecidedAt: decidedAt,
      transferDecisionNote: '同意转办。',
    });
  }

  // Bounces (退回): the unit asked, 发改委 declined, and the unit kept the matter to the end.
  for (const m of take(2)) {
    const events = byMatter.get(String(m.id))!;
    const county = m.countyCode!;
    const owner = m.departmentCode!;
    const proposed = UNITS.find((u) => u !== owner)!;
    const requestedAt = between(m.signedAt!, m.repliedAt!, 0.25);
    const decidedAt = between(m.signedAt!, m.repliedAt!, 0.6);
    const reason = r.pick(TRANSFER_REASONS);
    const note = r.pick(BOUNCE_NOTES);
    events.push(
      {
        subjectId: String(m.id),
        action: 'REQUEST_TRANSFER',
        fromStatus: 'SIGNED',
        toStatus: 'TRANSFER_REQUESTED',
        actor: staff(owner, county),
        actorRole: 'staff',
        at: requestedAt,
        note: reason,
        data: { ...unitData(owner, county), proposedDepartmentCode: proposed, proposedCountyCode: county },
      },
      {
        subjectId: String(m.id),
        action: 'DECIDE_TRANSFER',
        fromStatus: 'TRANSFER_REQUESTED',
        toStatus: 'SIGNED',
        actor: staff('ndrc', county),
        actorRole: 'staff',
        at: decidedAt,
        note,
        data: { ...unitData('ndrc', county), approved: false },
      },
    );
    Object.assign(m, {
      transferFromDepartmentCode: owner,
      transferFromCountyCode: county,
      transferProposedDepartmentCode: proposed,
      transferProposedCountyCode: county,
      transferToDepartmentCode: proposed,
      transferToCountyCode: county,
      transferReason: reason,
      transferRequestedAt: requestedAt,
      transferApproved: false,
      transferDecidedAt: decidedAt,
      transferDecisionNote: note,
    });
  }

  // Co-handled matters (协办): added by the owner after signing, replied before the matter was resolved.
  for (const m of take(4, (x) => !!x.resolvedAt)) {
    const events = byMatter.get(String(m.id))!;
    const county = m.countyCode!;
    const owner = m.departmentCode!;
    const helper = UNITS.filter((u) => u !== owner)[1]!;
    const addedAt = between(m.signedAt!, m.repliedAt!, 0.3);
    const repliedAt = between(m.repliedAt!, m.resolvedAt!, 0.5);
    const reply = r.pick(CO_HANDLER_REPLIES);
    events.push(
      {
        subjectId: String(m.id),
        action: 'ADD_CO_HANDLER',
        fromStatus: 'SIGNED',
        toStatus: 'SIGNED',
        actor: staff(owner, county),
        actorRole: 'staff',
        at: addedAt,
        note: '请提供相关情况，配合办理。',
        data: { ...unitData(owner, county), coHandlerDepartmentCode: helper, coHandlerCountyCode: county },
      },
      {
        subjectId: String(m.id),
        action: 'REPLY_AS_CO_HANDLER',
        fromStatus: 'REPLIED',
        toStatus: 'REPLIED',
        actor: staff(helper, county),
        actorRole: 'staff',
        at: repliedAt,
        note: reply,
        data: unitData(helper, county),
      },
    );
    coHandlers.push({
      matterId: String(m.id),
      departmentCode: helper,
      countyCode: county,
      addedAt,
      addedBy: staff(owner, county),
      reply,
      repliedAt,
      repliedBy: staff(helper, county),
    });
  }

  // Ratings (满意度评价): most confirmed matters and a few resolved ones, some days after the resolution.
  for (const m of ordered) {
    const resolvedAt = m.lastResolvedAt;
    if (!resolvedAt) continue;
    const rated = m.status === 'CONFIRMED' ? r.chance(0.7) : m.status === 'RESOLVED' ? r.chance(0.3) : false;
    if (!rated) continue;
    const ratedAt = new Date(Math.min(resolvedAt.getTime() + r.int(2, 72) * HOUR, anchor.getTime()));
    if (ratedAt.getTime() <= resolvedAt.getTime()) continue;
    const value = score(r);
    const comment = r.chance(0.6) ? r.pick(COMMENTS[value]!) : null;
    m.satisfaction = value;
    m.satisfactionComment = comment;
    m.ratedAt = ratedAt;
    const status = m.status === 'CONFIRMED' && m.confirmedAt && m.confirmedAt <= ratedAt ? 'CONFIRMED' : 'RESOLVED';
    byMatter.get(String(m.id))!.push({
      subjectId: String(m.id),
      action: 'RATE',
      fromStatus: status,
      toStatus: status,
      actor: `ent-${m.enterpriseCode}`,
      actorRole: 'enterprise',
      at: ratedAt,
      note: comment,
      data: { score: value },
    });
  }

  // Raised again (重复反映): open matters signed for more than 3 working days before the demo's "now".
  const stalled = ordered.filter(
    (m) => (m.status === 'SIGNED' || m.status === 'REPLIED') && m.signedAt && !used.has(String(m.id)),
  );
  for (const m of stalled.filter((x) => workingDeadline(x.signedAt!, 3) < anchor).slice(0, 2)) {
    const at = new Date(anchor.getTime() - r.int(2, 20) * HOUR);
    if (at <= m.signedAt! || (m.repliedAt && at <= m.repliedAt)) continue;
    m.followCount = 1;
    m.lastFollowedAt = at;
    byMatter.get(String(m.id))!.push({
      subjectId: String(m.id),
      action: 'FOLLOW',
      fromStatus: m.status!,
      toStatus: m.status!,
      actor: `ent-${m.enterpriseCode}`,
      actorRole: 'enterprise',
      at,
      note: r.pick(FOLLOW_NOTES),
      data: {},
    });
  }

  // Each matter's steps oldest first, matters in their original order.
  const regrouped: EventInsert[] = [];
  for (const list of byMatter.values()) {
    regrouped.push(...list.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime()));
  }
  eventRows.splice(0, eventRows.length, ...regrouped);
  return { coHandlers };
}
