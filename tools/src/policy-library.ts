/**
 * A synthetic province-wide policy library for benchmarks: `count` published policies with titles, summaries and
 * bodies drawn from policy vocabulary, written by SQL in one statement per chunk (deterministic: `setseed`). The
 * generated bigram column and its GIN index are filled by the database as rows are inserted.
 */
import type { Database } from '@qq/db/client';
import { sql } from 'drizzle-orm';

/** Words of policy texts; 研发 and 补贴 are common (a fifth of the library or more), 人工智能 rare. */
const WORDS = [
  '支持',
  '企业',
  '发展',
  '制造业',
  '高质量',
  '研发',
  '投入',
  '补贴',
  '奖励',
  '人才',
  '引进',
  '税收',
  '减免',
  '融资',
  '担保',
  '贷款',
  '贴息',
  '技术改造',
  '智能化',
  '绿色',
  '低碳',
  '数字化',
  '转型',
  '园区',
  '招商',
  '项目',
  '用地',
  '用电',
  '物流',
  '外贸',
  '出口',
  '品牌',
  '专精特新',
  '小巨人',
  '创新',
  '平台',
  '孵化',
  '科技',
  '成果',
  '转化',
  '稳岗',
  '就业',
  '培训',
  '社保',
  '降本',
  '减负',
  '营商环境',
  '服务',
  '政务',
  '审批',
  '县域',
  '乡村',
  '农业',
  '文旅',
  '消费',
  '商贸',
  '建筑业',
  '房地产',
  '新能源',
  '新材料',
  '装备',
  '尼龙',
  '煤化工',
  '医药',
  '食品',
  '人工智能',
];

export async function generatePolicyLibrary(db: Database, count: number, chunk = 2000): Promise<void> {
  const words = sql.raw(`array[${WORDS.map((w) => `'${w}'`).join(',')}]`);
  await db.execute(sql`select setseed(0.4104)`);
  for (let start = 1; start <= count; start += chunk) {
    const end = Math.min(count, start + chunk - 1);
    await db.execute(sql`
      insert into policies.policies (title, document_number, summary, body, industries, status, version, issued_at,
        publish_deadline_at, published_at, late_minutes, created_by, department_code, county_code)
      select
        '河南省' || (${words})[1 + floor(random() * ${WORDS.length})::int] || (${words})[1 + floor(random() * ${WORDS.length})::int] || '若干措施第' || g || '号',
        '豫政〔2025〕' || g || '号',
        array_to_string(array(select (${words})[1 + floor(random() * ${WORDS.length} + g * 0)::int] from generate_series(1, 12)), '，') || '。',
        array_to_string(array(select (${words})[1 + floor(random() * ${WORDS.length} + g * 0)::int] from generate_series(1, 60)), '') || '。',
        '{}', 'PUBLISHED', 1, now() - g * interval '37 minutes', now() - g * interval '37 minutes' + interval '1 day',
        now() - g * interval '37 minutes' + interval '2 hours', 0, 'bench', 'wrzwq', '410400'
      from generate_series(${start}::int, ${end}::int) g`);
  }
  await db.execute(sql`analyze policies.policies`);
}
