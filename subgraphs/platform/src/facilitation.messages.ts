/** Every message text of 企业便利化 (办业务) (zh-CN), in one place: a case's steps and licence reminders. */
import { defineTemplates } from '@qq/kit';

type CaseParams = { serviceName: string; referenceNo: string; handlingUnit: string };

export const facilitationMessages = defineTemplates({
  'case.received': {
    smsCode: 'SMS_QQ_CASE_RECEIVED',
    title: '办件已收件',
    text: (p: CaseParams) => `您申请的「${p.serviceName}」已由${p.handlingUnit}收件，办件编号${p.referenceNo}。`,
  },
  'case.resubmitted': {
    title: '办件已重新提交',
    text: (p: CaseParams) => `您补正后重新提交的「${p.serviceName}」（办件编号${p.referenceNo}）已收件，请等待受理。`,
  },
  'case.accepted': {
    smsCode: 'SMS_QQ_CASE_ACCEPTED',
    title: '办件已受理',
    text: (p: CaseParams & { timeLimitDays: number; dueOn: string }) =>
      `您申请的「${p.serviceName}」（办件编号${p.referenceNo}）已由${p.handlingUnit}受理，` +
      `法定办结时限${p.timeLimitDays}个工作日，应于${p.dueOn}前办结。`,
  },
  'case.rejected': {
    smsCode: 'SMS_QQ_CASE_REJECTED',
    title: '办件不予受理',
    text: (p: CaseParams & { reason: string }) =>
      `您申请的「${p.serviceName}」（办件编号${p.referenceNo}）不予受理，原因：${p.reason}。`,
  },
  'case.returned': {
    smsCode: 'SMS_QQ_CASE_RETURNED',
    title: '办件已退回',
    text: (p: CaseParams & { reason: string }) =>
      `您申请的「${p.serviceName}」（办件编号${p.referenceNo}）已退回，原因：${p.reason}。请补正后重新提交。`,
  },
  'case.processing': {
    title: '办件办理中',
    text: (p: CaseParams) => `您申请的「${p.serviceName}」（办件编号${p.referenceNo}）正在由${p.handlingUnit}办理。`,
  },
  'case.concluded': {
    smsCode: 'SMS_QQ_CASE_CONCLUDED',
    title: '办件已办结',
    text: (p: CaseParams & { outcome: string }) =>
      `您申请的「${p.serviceName}」（办件编号${p.referenceNo}）已办结，结果：${p.outcome}。`,
  },
  'licence.expiring': {
    smsCode: 'SMS_QQ_LICENCE_EXPIRING',
    title: (p: { name: string; days: number }) => `证照${p.days}天内到期`,
    text: (p: { name: string; number: string; expiresOn: string; days: number }) =>
      `贵单位的「${p.name}」（编号${p.number}）将于${p.expiresOn}到期（不足${p.days}天），请及时办理延续。`,
  },
});

export type FacilitationTemplate = keyof typeof facilitationMessages.templates;
