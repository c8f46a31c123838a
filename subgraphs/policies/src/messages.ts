/** Every message text of the policies subgraph (zh-CN), in one place. */
import { defineTemplates, SMS_SIGNATURE } from '@qq/kit';

export const messages = defineTemplates({
  'redemption.submitted': {
    smsCode: 'SMS_QQ_REDEMPTION_SUBMITTED',
    title: (p: { projectName: string; itemName: string; round: number }) =>
      p.round > 1 ? `政策兑现已重新申报：${p.projectName}` : `政策兑现已申报：${p.projectName}`,
    text: (p) =>
      `${SMS_SIGNATURE}您的项目“${p.projectName}”已${p.round > 1 ? '重新' : ''}申报“${p.itemName}”，请留意办理进度。`,
  },
  'redemption.received': {
    title: (p: { projectName: string }) => `政策兑现已收件：${p.projectName}`,
    text: (p) => `您的项目“${p.projectName}”已由承办单位收件，正在审查材料。`,
  },
  'redemption.accepted': {
    title: (p: { projectName: string; dueDate: string }) => `政策兑现已受理：${p.projectName}`,
    text: (p) => `您的项目“${p.projectName}”已受理，承办单位将于${p.dueDate}前办结。`,
  },
  'redemption.returned': {
    smsCode: 'SMS_QQ_REDEMPTION_RETURNED',
    title: (p: { projectName: string; reason: string }) => `政策兑现已退回：${p.projectName}`,
    text: (p) => `${SMS_SIGNATURE}您的项目“${p.projectName}”已退回，原因：${p.reason}。请补正后重新申报。`,
  },
  'redemption.processing': {
    title: (p: { projectName: string }) => `政策兑现办理中：${p.projectName}`,
    text: (p) => `您的项目“${p.projectName}”正在办理。`,
  },
  'redemption.completed': {
    smsCode: 'SMS_QQ_REDEMPTION_COMPLETED',
    title: (p: { projectName: string; outcome: string }) => `政策兑现已办结：${p.projectName}`,
    text: (p) => `${SMS_SIGNATURE}您的项目“${p.projectName}”已办结：${p.outcome}。`,
  },
  'redemption.disclosed': {
    title: (p: { projectName: string; until: string }) => `政策兑现结果公示：${p.projectName}`,
    text: (p) => `您的项目“${p.projectName}”的兑现结果已公示，公示期至${p.until}。`,
  },
  'redemption.overdue': {
    title: (p: { projectName: string; step: string }) => `政策兑现办理超期：${p.projectName}`,
    text: (p) => `项目“${p.projectName}”的${p.step}环节已超过办理时限，请尽快办理。`,
  },
  'policy.publishDue': {
    title: (p: { title: string; deadline: string }) => `政策即将超过发布时限：${p.title}`,
    text: (p) => `政策“${p.title}”应于${p.deadline}前发布（印发后24小时内），请尽快完成审核发布。`,
  },
  'policy.submitted': {
    title: (p: { title: string }) => `政策待审核：${p.title}`,
    text: (p) => `政策“${p.title}”已送审，请本部门审核人员审核（谁发布，谁审核）。`,
  },
  'policy.rejected': {
    title: (p: { title: string; reason: string }) => `政策已退回修改：${p.title}`,
    text: (p) => `政策“${p.title}”已退回修改，原因：${p.reason}。`,
  },
});
