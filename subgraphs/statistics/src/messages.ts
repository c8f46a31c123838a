/** Every message text of the statistics subgraph (zh-CN), in one place. */
import { defineTemplates, SMS_SIGNATURE } from '@qq/kit';

export const messages = defineTemplates({
  'report.submitted': {
    title: (p: { formCode: string; period: string; version: number }) =>
      `待审核统计报表：${p.formCode} ${p.period}${p.version > 1 ? `（第${p.version}版）` : ''}`,
    text: (p) =>
      `企业报送了${p.period}的统计报表${p.formCode}${p.version > 1 ? `（第${p.version}版，更正或重报）` : ''}，请审核。`,
  },
  'report.accepted': {
    title: (p: { formCode: string; period: string }) => `统计报表已审核通过：${p.formCode} ${p.period}`,
    text: (p) => `您报送的${p.period}统计报表${p.formCode}已审核通过。`,
  },
  'report.dueSoon': {
    title: (p: { formCode: string; formName: string; period: string; dueOn: string }) =>
      `统计报表即将截止：${p.formCode} ${p.period}`,
    text: (p) => `${p.period}统计报表${p.formCode}（${p.formName}）将于${p.dueOn}截止报送，请按时报送。`,
  },
  'report.overdue': {
    title: (p: { formCode: string; formName: string; period: string; dueOn: string }) =>
      `统计报表已逾期：${p.formCode} ${p.period}`,
    text: (p) => `${p.period}统计报表${p.formCode}（${p.formName}）已于${p.dueOn}截止，您尚未报送，请尽快报送。`,
  },
  'report.overdueList': {
    title: (p: { formCode: string; period: string; dueOn: string; count: number }) =>
      `${p.count}家企业未报统计报表：${p.formCode} ${p.period}`,
    text: (p) => `${p.period}统计报表${p.formCode}已于${p.dueOn}截止，辖区内${p.count}家企业尚未报送，请督促。`,
  },
  'report.returned': {
    smsCode: 'SMS_QQ_REPORT_RETURNED',
    title: (p: { formCode: string; period: string; reasons: string }) => `统计报表被退回：${p.formCode} ${p.period}`,
    text: (p) =>
      `${SMS_SIGNATURE}您报送的${p.period}统计报表${p.formCode}被退回，原因：${p.reasons}。请修改后重新报送。`,
  },
  'register.proposed': {
    title: (p: { category: string; direction: string; year: number; reason: string }) =>
      `待确认名录调整：${p.category}${p.direction}`,
    text: (p) => `统计人员提出${p.year}年度${p.category}名录${p.direction}（${p.reason}），请确认或不予调整。`,
  },
  'register.entered': {
    title: (p: { category: string; day: string; reason: string }) => `已纳入四上企业名录：${p.category}`,
    text: (p) => `贵企业自${p.day}起纳入${p.category}名录（${p.reason}），请按报表日历按时报送统计报表。`,
  },
  'register.exited': {
    title: (p: { category: string; day: string; reason: string }) => `已退出四上企业名录：${p.category}`,
    text: (p) => `贵企业于${p.day}后退出${p.category}名录（${p.reason}），此后无需报送该类统计报表。`,
  },
});
