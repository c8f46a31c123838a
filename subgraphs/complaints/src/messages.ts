/** Every message text of the complaints subgraph (zh-CN), in one place. */
import { defineTemplates, SMS_SIGNATURE } from '@qq/kit';

type Ref = { kindLabel: string; title: string; referenceNo: string };
/** A step of the escalation ladder: the unit, the missed stage, its deadline (YYYY-MM-DD), days to the next level. */
type Ladder = Ref & { unit: string; stageLabel: string; dueOn: string; nextDays: number };

export const messages = defineTemplates({
  'matter.received': {
    smsCode: 'SMS_QQ_MATTER_RECEIVED',
    title: (p: Ref & { dispatchDays: number }) => `${p.kindLabel}已收到：${p.referenceNo}`,
    text: (p) =>
      `${SMS_SIGNATURE}您提交的${p.kindLabel}“${p.title}”已收到，受理编号${p.referenceNo}。` +
      `市发改委将在${p.dispatchDays}个工作日内分派承办单位，请凭编号查询办理进度。`,
  },
  'matter.dispatched': {
    title: (p: Ref & { signDueOn: string }) => `待签收${p.kindLabel}：${p.referenceNo}`,
    text: (p) => `发改委分派${p.kindLabel}“${p.title}”（${p.referenceNo}）由贵单位承办，请于${p.signDueOn}前签收。`,
  },
  'matter.signed': {
    title: (p: Ref & { unit: string }) => `${p.kindLabel}已签收：${p.referenceNo}`,
    text: (p) => `您的${p.kindLabel}“${p.title}”（${p.referenceNo}）已由${p.unit}签收办理。`,
  },
  'matter.transferRequested': {
    title: (p: Ref & { unit: string; proposed: string; reason: string }) => `转办申请待审核：${p.referenceNo}`,
    text: (p) =>
      `${p.unit}申请将${p.kindLabel}“${p.title}”（${p.referenceNo}）转${p.proposed}办理，理由：${p.reason}。` +
      `请及时审核，审核决定为最终决定。`,
  },
  'matter.transferApproved': {
    title: (p: Ref & { unit: string }) => `转办申请已同意：${p.referenceNo}`,
    text: (p) => `发改委同意转办，${p.kindLabel}“${p.title}”（${p.referenceNo}）改由${p.unit}承办。`,
  },
  'matter.transferDeclined': {
    title: (p: Ref) => `转办申请已退回：${p.referenceNo}`,
    text: (p) =>
      `发改委未同意${p.kindLabel}“${p.title}”（${p.referenceNo}）的转办申请，按首接责任制由贵单位继续办理至办结。`,
  },
  'matter.transferred': {
    title: (p: Ref) => `转办待签收${p.kindLabel}：${p.referenceNo}`,
    text: (p) => `发改委将${p.kindLabel}“${p.title}”（${p.referenceNo}）转由贵单位承办，请及时签收。`,
  },
  'matter.transferredToEnterprise': {
    title: (p: Ref & { unit: string }) => `${p.kindLabel}已转办：${p.referenceNo}`,
    text: (p) => `您的${p.kindLabel}“${p.title}”（${p.referenceNo}）已转由${p.unit}承办。`,
  },
  'matter.coHandlerAdded': {
    title: (p: Ref & { owner: string }) => `协办请求：${p.referenceNo}`,
    text: (p) => `${p.owner}承办的${p.kindLabel}“${p.title}”（${p.referenceNo}）请贵单位协办，请登录平台提出协办意见。`,
  },
  'matter.coHandlerReplied': {
    title: (p: Ref & { unit: string }) => `协办意见已提交：${p.referenceNo}`,
    text: (p) => `协办单位${p.unit}已就${p.kindLabel}“${p.title}”（${p.referenceNo}）提交协办意见，请登录平台查看。`,
  },
  'matter.replied': {
    smsCode: 'SMS_QQ_MATTER_REPLIED',
    title: (p: Ref & { unit: string }) => `${p.kindLabel}已答复：${p.referenceNo}`,
    text: (p) =>
      `${SMS_SIGNATURE}您的${p.kindLabel}“${p.title}”（${p.referenceNo}）已由${p.unit}答复，请登录平台查看答复内容。`,
  },
  'matter.resolved': {
    smsCode: 'SMS_QQ_MATTER_RESOLVED',
    title: (p: Ref & { quietDays: number }) => `${p.kindLabel}已办结：${p.referenceNo}`,
    text: (p) =>
      `${SMS_SIGNATURE}您的${p.kindLabel}“${p.title}”（${p.referenceNo}）已办结，请登录平台确认结果或申请重办，` +
      `并为办理情况评价；${p.quietDays}个工作日内未反馈的将自动结案。`,
  },
  'matter.partlyResolved': {
    smsCode: 'SMS_QQ_MATTER_PARTLY_RESOLVED',
    title: (p: Ref & { promisedOn: string }) => `${p.kindLabel}阶段性办结：${p.referenceNo}`,
    text: (p) =>
      `${SMS_SIGNATURE}您的${p.kindLabel}“${p.title}”（${p.referenceNo}）已部分办结，` +
      `其余事项承诺于${p.promisedOn}前办结，请登录平台查看。`,
  },
  'matter.followed': {
    title: (p: Ref & { count: number }) => `企业再次反映：${p.referenceNo}`,
    text: (p) =>
      `企业再次反映${p.kindLabel}“${p.title}”（${p.referenceNo}），累计${p.count}次，请登录平台查看并加快办理。`,
  },
  'matter.rated': {
    title: (p: Ref & { score: number }) => `企业已评价：${p.referenceNo}`,
    text: (p) => `企业对${p.kindLabel}“${p.title}”（${p.referenceNo}）的办理评价为${p.score}分（满分5分）。`,
  },
  'matter.supplemented': {
    title: (p: Ref) => `企业补充了${p.kindLabel}材料：${p.referenceNo}`,
    text: (p) => `企业为${p.kindLabel}“${p.title}”（${p.referenceNo}）补充了信息，请登录平台查看。`,
  },
  'matter.confirmed': {
    title: (p: Ref) => `企业已确认办理结果：${p.referenceNo}`,
    text: (p) => `企业已确认${p.kindLabel}“${p.title}”（${p.referenceNo}）的办理结果，事项已结案。`,
  },
  'matter.reopened': {
    title: (p: Ref & { reason: string }) => `企业申请重办：${p.referenceNo}`,
    text: (p) => `企业对${p.kindLabel}“${p.title}”（${p.referenceNo}）的办理结果不满意，申请重办，理由：${p.reason}。`,
  },
  // The clock's jobs (jobs.ts): the escalation ladder and the quiet-period close.
  'matter.reminder': {
    title: (p: Ladder) => `催办：${p.referenceNo}${p.stageLabel}已超期`,
    text: (p) =>
      `${p.unit}：${p.kindLabel}“${p.title}”（${p.referenceNo}）的${p.stageLabel}时限${p.dueOn}已过，请尽快办理。` +
      `${p.nextDays}个工作日内仍未办理的，将向单位负责同志发出交办单。`,
  },
  'matter.assignmentNotice': {
    title: (p: Ladder) => `交办单：${p.referenceNo}${p.stageLabel}超期`,
    text: (p) =>
      `${p.unit}负责同志：${p.kindLabel}“${p.title}”（${p.referenceNo}）的${p.stageLabel}时限${p.dueOn}已过，` +
      `催办后仍未办理，现予交办，请督促承办人员立即办理。${p.nextDays}个工作日内仍未办理的，将发出督办函并纳入月度考核。`,
  },
  'matter.supervisionLetter': {
    title: (p: Ladder) => `督办函：${p.referenceNo}${p.stageLabel}超期`,
    text: (p) =>
      `${p.unit}：${p.kindLabel}“${p.title}”（${p.referenceNo}）的${p.stageLabel}时限${p.dueOn}已过，` +
      `经催办、交办仍未办理，现发督办函，本次督办计入营商环境月度考核。`,
  },
  'matter.closed': {
    title: (p: Ref & { quietDays: number }) => `${p.kindLabel}已结案：${p.referenceNo}`,
    text: (p) =>
      `${p.kindLabel}“${p.title}”（${p.referenceNo}）办结后${p.quietDays}个工作日内未收到确认或重办申请，已自动结案。`,
  },
});
